"""Commands over the FSRS model: `optimize` (fit, evaluate, apply, reschedule) and `simulate`
(what each desired retention costs)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from studyapp.cli.collection_cmds import reader, writer
from studyapp.cli.output import clean
from studyapp.domain.errors import UsageError

if TYPE_CHECKING:
    from studyapp.scheduler.optimize import Score
    from studyapp.scheduler.simulate import Workload
    from studyapp.services.optimize import OptimizeReport


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("optimize", parents=parents, help="fit FSRS to your reviews")
    p.set_defaults(run=cmd_optimize)
    p.add_argument("--deck", help="fit this deck's reviews (default: the collection's)")
    p.add_argument("--apply", action="store_true", help="use the fit if it predicts better")
    p.add_argument(
        "--reschedule", action="store_true", help="with --apply: reschedule cards (backup first)"
    )
    p.add_argument("--evaluate", action="store_true", help="score the current parameters only")
    p.add_argument(
        "--no-out-of-sample", action="store_true", help="skip the time-series-split score"
    )
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("simulate", parents=parents, help="reviews/day for desired retentions")
    p.set_defaults(run=cmd_simulate)
    p.add_argument("--deck")
    p.add_argument("--days", type=int, default=365)
    p.add_argument(
        "--retention", type=float, nargs="+", default=None, metavar="R", help="e.g. 0.85 0.9"
    )
    p.add_argument("--json", action="store_true")


def _scope(deck: str | None) -> str:
    return clean(f"deck {deck!r}") if deck else "the collection"


def cmd_optimize(args: argparse.Namespace) -> int:
    if args.reschedule and not args.apply:
        raise UsageError("--reschedule needs --apply (cards are rescheduled with an applied fit)")
    if args.evaluate:
        return _evaluate(args)
    from studyapp.jobs import run
    from studyapp.services.optimize import optimize_job
    from studyapp.services.reschedule import reschedule_job

    with writer(args).collection as col:
        job = optimize_job(
            col, args.deck, apply=args.apply, out_of_sample=not args.no_out_of_sample
        )
        report = run(job)
        moved = run(reschedule_job(col, args.deck)) if args.reschedule and report.applied else None
    if args.json:
        out = report.to_json()
        out["rescheduled"] = None if moved is None else {
            "cards": moved.cards, "moved": moved.moved, "skipped": moved.skipped,
            "backup": str(moved.backup),
        }  # fmt: skip
        print(json.dumps(out, indent=2))
        return 0
    _print_fit(report, args)
    if moved is not None:
        print(moved.summary())
    return 0


def _row(label: str, score: Score | None, note: str = "") -> str:
    if score is None:
        return f"  {label:<15}{'-':>10}{'-':>12}"
    return f"  {label:<15}{score.log_loss:>10.4f}{score.rmse_bins:>12.4f}{note}"


def _print_fit(report: OptimizeReport, args: argparse.Namespace) -> None:
    print(
        f"Fitted FSRS-6 to {report.items} reviews of {_scope(report.deck)} "
        f"({report.reviews} in its log; same-day steps are not predicted)."
    )
    print(f"  {'':<15}{'log loss':>10}{'RMSE(bins)':>12}")
    print(_row("current", report.before))
    print(_row("fitted", report.after))
    print(_row("out of sample", report.out_of_sample, "  (time-series splits)"))
    if report.applied:
        print(f"Applied (fit {report.fit_id}): scheduling now uses the fitted parameters.")
    elif not report.better:
        print("The fit predicts no better than the current parameters; nothing was changed.")
    else:
        deck = clean(f" --deck {args.deck!r}") if args.deck else ""
        print(f"The fit predicts better. Use it with: studyapp optimize{deck} --apply")


def _evaluate(args: argparse.Namespace) -> int:
    from studyapp.services.optimize import evaluate

    with reader(args).collection as col:
        report = evaluate(col, args.deck)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
        return 0
    kind = "fitted" if report.fitted else "default"
    if report.score is None:
        print(f"No reviews of {_scope(report.deck)} to score the {kind} parameters on yet.")
        return 0
    print(
        f"The {kind} parameters of {_scope(report.deck)} on {report.items} reviews: "
        f"log loss {report.score.log_loss:.4f}, RMSE(bins) {report.score.rmse_bins:.4f}"
    )
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    from studyapp.scheduler.simulate import DEFAULT_RETENTIONS
    from studyapp.services.workload import simulate

    with reader(args).collection as col:
        result = simulate(col, args.deck, args.days, args.retention or DEFAULT_RETENTIONS)
    if args.json:
        print(json.dumps({"deck": args.deck, **result.to_json()}, indent=2))
        return 0
    _print_workload(result, args.deck)
    return 0


def _print_workload(result: Workload, deck: str | None) -> None:
    times = "your answer times" if result.behaviour.from_log else "default answer times"
    print(
        f"Workload of {_scope(deck)} over {result.days} days: {result.deck.deck_size} cards, "
        f"{'fitted' if _fitted(result) else 'default'} parameters, {times}."
    )
    print(f"{'desired':>8}{'reviews/day':>13}{'minutes/day':>13}{'recalled':>10}{'min/card':>10}")
    for o in result.outcomes:
        mark = " *" if o.least_work else ""
        print(
            f"{o.desired_retention:>8.2f}{o.mean_reviews_per_day:>13.1f}"
            f"{o.mean_minutes_per_day:>13.1f}{o.retention_reached:>10.3f}"
            f"{o.minutes_per_remembered_card:>10.2f}{mark}"
        )
    print("* least time per card remembered at the end", file=sys.stderr)


def _fitted(result: Workload) -> bool:
    from studyapp.scheduler.optimize import default_parameters

    return result.deck.parameters != default_parameters()
