"""Commands over the course plan: `progress` (weeks against the roadmap), `roadmap check` /
`roadmap uncheck` (an item, in the app) and `report` (a week as PDF, PNG or Markdown)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from studyapp.cli.collection_cmds import reader, writer
from studyapp.cli.output import clean


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("progress", parents=parents, help="weekly progress against the roadmap")
    p.set_defaults(run=cmd_progress)
    p.add_argument("--deck", help="the deck whose roadmap (default: the only one with one)")
    p.add_argument("--week", type=int, metavar="N", help="only week N")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("roadmap", parents=parents, help="check or uncheck a roadmap item")
    actions = p.add_subparsers(dest="roadmap_action", metavar="ACTION", required=True)
    for name, done in (("check", True), ("uncheck", False)):
        action = actions.add_parser(name, parents=parents, help=f"{name} an item in the app")
        action.set_defaults(run=cmd_mark, done=done)
        action.add_argument("week", type=int, metavar="WEEK")
        action.add_argument("item", metavar="ITEM", help="its number in the week, or its text")
        action.add_argument("--deck")
    p = sub.add_parser("report", parents=parents, help="write a week's report (.pdf .png .md)")
    p.set_defaults(run=cmd_report)
    p.add_argument("--week", type=int, metavar="N", required=True)
    p.add_argument("--out", type=Path, metavar="FILE", required=True)
    p.add_argument("--deck")


def cmd_progress(args: argparse.Namespace) -> int:
    from studyapp.charts.summary import course_lines
    from studyapp.services.progress import course_progress

    with reader(args).collection as col:
        progress = course_progress(col, args.deck)
    weeks = [progress.week(args.week)] if args.week is not None else list(progress.weeks)
    if args.json:
        data = progress.to_json()
        data["weeks"] = [week.to_json() for week in weeks]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    for line in course_lines(progress, weeks):
        print(clean(line))
    return 0


def cmd_mark(args: argparse.Namespace) -> int:
    from studyapp.services.roadmap import set_item_done

    with writer(args).collection as col:
        result = set_item_done(col, args.week, args.item, args.done, args.deck)
    item = result.item
    state = "checked" if item.done else "unchecked"
    text = " ".join(item.text.split())
    if result.changed:
        print(clean(f"week {item.week} item {item.position} {state} in the app: {text}"))
    else:
        print(clean(f"week {item.week} item {item.position} was already {state} "
                    f"({item.source.value}): {text}"))  # fmt: skip
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from studyapp.charts.report import check_target, write_report
    from studyapp.services.report import week_report

    check_target(args.out)  # a bad path is refused before any work
    with reader(args).collection as col:
        report = week_report(col, args.week, args.deck)
    for path in write_report(args.out, report):
        print(path)
    return 0
