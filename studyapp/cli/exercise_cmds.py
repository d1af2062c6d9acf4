"""Commands for the graded exercises: exercises, exercise show/reset/history, grade."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from studyapp.cli.collection_cmds import writer
from studyapp.cli.output import clean
from studyapp.domain.grading import GradeReport


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("exercises", parents=parents, help="list the exercises with their status")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_exercises)
    p = sub.add_parser("exercise", parents=parents, help="show, reset or list submissions of one")
    p.add_argument("action", choices=["show", "reset", "history"])
    p.add_argument("id", metavar="ID")
    p.add_argument("--lang", choices=["en", "ko"], default="en")
    p.set_defaults(run=cmd_exercise)
    p = sub.add_parser("grade", parents=parents, help="grade your solution of an exercise")
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "file", nargs="?", type=Path, metavar="FILE", help="default: your workspace copy"
    )
    p.add_argument("--json", action="store_true")
    p.add_argument("--timeout", type=float, default=20.0, metavar="S", help="wall-clock limit")
    p.add_argument("--memory", type=int, default=2048, metavar="MB", help="memory limit")
    p.set_defaults(run=cmd_grade)


def cmd_exercises(args: argparse.Namespace) -> int:
    from studyapp.services.exercises import list_exercises

    with writer(args).collection as col:
        rows = list_exercises(col)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=2))
        return 0
    lecture = None
    for row in rows:
        if row.lecture != lecture:
            lecture = row.lecture
            print(f"\nLecture {lecture}")
        print(f"  {row.id:<26} {row.group}  {row.status.value:<12} {clean(row.title)}")
    return 0


def cmd_exercise(args: argparse.Namespace) -> int:
    from studyapp.services import exercises

    with writer(args).collection as col:
        if args.action == "reset":
            print(f"Reset {exercises.reset(col, args.id)} to the starter.")
            return 0
        if args.action == "history":
            for s in exercises.history(col, args.id):
                mark = "passed" if s.passed else s.verdict
                print(f"#{s.id:<5} {s.submitted_at.astimezone(col.tz):%Y-%m-%d %H:%M}  {mark}")
            return 0
        detail = exercises.show(col, args.id, args.lang)
    ex = detail.exercise
    title = ex.title_ko if args.lang == "ko" else ex.title
    print(clean(f"{ex.id}: {title} (lecture {ex.lecture}, {ex.group}) — {detail.row.status.value}"))
    print(clean(f"functions: {', '.join(ex.function_names)}"))
    print(clean(f"your file: {detail.workspace}\n"))
    print(clean(detail.statement.strip()))
    for i, hint in enumerate(detail.hints, 1):
        print(clean(f"\nhint {i}: {hint}"))
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from studyapp.domain.errors import UsageError
    from studyapp.grading.sandbox import Limits
    from studyapp.jobs import run
    from studyapp.services.exercises import grade_exercise_job

    if not 1 <= args.timeout <= 600 or not 256 <= args.memory <= 65536:
        raise UsageError("--timeout must be 1 to 600 s and --memory 256 to 65536 MB")
    if args.file is not None and not args.file.is_file():
        raise UsageError(f"{args.file}: no such file")
    limits = Limits(wall_s=args.timeout, memory_mb=args.memory)
    with writer(args).collection as col:
        job = grade_exercise_job(col, args.id, args.file, limits=limits)
        quiet = args.json or not sys.stderr.isatty()
        report = run(job, None if quiet else lambda p: print(f"  {p.message}", file=sys.stderr))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return 0 if report.passed else 1


def _print_report(report: GradeReport) -> None:
    for check in report.checks:
        mark = "✓" if check.passed else ("-" if check.skipped else "✗")
        line = f"{mark} {check.name}" + (f": {check.message}" if check.message else "")
        print(clean(line))
        if not check.passed:
            for detail in check.details:
                print(clean(f"    {detail}"))
    verdict = "PASSED" if report.passed else report.verdict.value.upper().replace("_", " ")
    print(f"\n{report.exercise}: {verdict} in {report.duration_s:.2f} s")
    for hint in report.hints:
        print(clean(f"hint: {hint}"))
    if report.output:
        dropped = (
            f" ({report.output_dropped} more characters not shown)" if report.output_dropped else ""
        )
        print(clean(f"\nyour code printed{dropped}:\n{report.output[:2000]}"))
