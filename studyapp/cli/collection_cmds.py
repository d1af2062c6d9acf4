"""Commands over the collection: import, due, review, stats, cards, settings, backups."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from studyapp import paths
from studyapp.cli.output import clean
from studyapp.domain import settings as registry
from studyapp.services.collection import Opened


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    def add(name: str, run: Any, help: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = sub.add_parser(name, parents=parents, help=help)
        parser.set_defaults(run=run)
        return parser

    p = add("import", cmd_import, "import or re-import a notes file, or an Anki package (.apkg)")
    p.add_argument("notes", type=Path, metavar="NOTES.md|FILE.apkg")
    p.add_argument("--deck", help="deck name (default: from the notes' title)")
    add("due", cmd_due, "today's due counts per deck")
    p = add("review", cmd_review, "review due cards in the terminal")
    p.add_argument("--deck")
    p = add("stats", cmd_stats, "collection or deck statistics")
    p.add_argument("--deck")
    p.add_argument("--json", action="store_true")
    p = add("cards", cmd_cards, "list and search cards")
    p.add_argument("--deck")
    p.add_argument("--search", metavar="TEXT")
    p.add_argument("--lecture", type=int, metavar="N")
    p.add_argument("--json", action="store_true")
    p = add("settings", cmd_settings, "show or change scheduling settings")
    p.add_argument("--deck", help="change only this deck (default: every deck)")
    for spec in registry.ALL.values():
        # Values stay text here: the registry parses and bounds them, with a one-line message.
        p.add_argument(
            spec.flag, dest=spec.key, metavar="VALUE", help=f"{spec.help}; {spec.describe()}"
        )
    p.add_argument("--json", action="store_true")
    add("backup", cmd_backup, "back up the collection now")
    p = add("restore", cmd_restore, "replace the collection with a backup")
    p.add_argument("file", type=Path, metavar="FILE")
    add("backups", cmd_backups, "list backups, newest first")


def _folder(args: argparse.Namespace) -> Path:
    return paths.data_dir(args.data_dir)


def _announce(opened: Opened) -> None:
    if opened.bundled is not None:
        col = opened.collection
        print(
            f"New collection at {col.path}; bundled deck: {opened.bundled.summary()}",
            file=sys.stderr,
        )


def writer(args: argparse.Namespace) -> Opened:
    from studyapp.services.collection import open_for_writing

    opened = open_for_writing(_folder(args))
    _announce(opened)
    return opened


def reader(args: argparse.Namespace) -> Opened:
    from studyapp.services.collection import open_for_reading

    opened = open_for_reading(_folder(args))
    _announce(opened)
    return opened


def cmd_import(args: argparse.Namespace) -> int:
    if args.notes.suffix.lower() == ".apkg":
        from studyapp.cli.anki_cmds import cmd_import_apkg

        return cmd_import_apkg(args)
    from studyapp.importers.notes_markdown import read_notes_file
    from studyapp.services.importing import import_notes_file

    notes = read_notes_file(args.notes)  # a bad file is refused before the collection is opened
    with writer(args).collection as col:
        report = import_notes_file(col, args.notes, args.deck, notes)
    print(clean(report.summary()))
    for warning in report.warnings:
        print(clean(f"warning: {args.notes}: {warning}"), file=sys.stderr)
    if report.backup:
        print(f"Backup taken before the import: {report.backup}")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from studyapp.services.due import due_counts, exercises_due

    with reader(args).collection as col:
        rows = due_counts(col)
        exercises = exercises_due(col)
    print(f"{'deck':<24} {'learning':>8} {'review':>8} {'new':>8}")
    for row in rows:
        c = row.counts
        print(f"{clean(row.deck):<24} {c.learning:>8} {c.review:>8} {c.new:>8}")
    print(f"exercises due again: {exercises}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from studyapp.cli.review import run_review

    with writer(args).collection as col:
        return run_review(col, args.deck, sys.stdin, sys.stdout)


def cmd_stats(args: argparse.Namespace) -> int:
    from studyapp.services.stats import collection_stats

    with reader(args).collection as col:
        stats = collection_stats(col, args.deck)
    if args.json:
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=2))
        return 0
    c, r = stats.cards, stats.roadmap
    scope = clean(f"deck {args.deck}") if args.deck else "collection"
    print(f"{scope}: {stats.lectures} lectures")
    print(f"cards: {c.total} ({c.learned} learned points, {c.qa} Q&A), {c.suspended} suspended")
    print(
        f"roadmap: from {r.start}, {r.weeks_written}/{r.weeks_planned} weeks written, "
        f"{r.items_done}/{r.items} items done"
    )
    print(
        f"daily log: {stats.daily_log_entries} entries; reviews: {stats.reviews}; "
        f"due today: {stats.due_today}"
    )
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    from studyapp.services.cards import list_cards

    with reader(args).collection as col:
        found = list_cards(col, args.deck, args.search, args.lecture)
    if args.json:
        print(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=2))
        return 0
    for c in found:
        flag = " [suspended]" if c.suspended else ""
        first_line = c.question.splitlines()[0] if c.question else ""
        print(clean(f"{c.id:>6}  L{c.lecture:<3} {c.kind:<8} {first_line[:70]}{flag}"))
    print(f"{len(found)} cards", file=sys.stderr)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from studyapp.services.settings import change_settings, show_settings

    wanted = {key: getattr(args, key) for key in registry.ALL if getattr(args, key) is not None}
    if wanted:
        with writer(args).collection as col:
            report = change_settings(col, args.deck, wanted)
        for change in report.changed:
            print(
                clean(f"{change.scope}: {change.key} {change.old} -> {change.new}"), file=sys.stderr
            )
    with reader(args).collection as col:
        shown = show_settings(col, args.deck)
    if args.json:
        print(json.dumps(shown.to_json(), ensure_ascii=False, indent=2))
        return 0
    for key, value in shown.collection.items():
        print(f"{key}: {value}")
    for name, values in shown.decks.items():
        print(clean(f"\n[{name}]"))
        for key, value in values.items():
            print(f"  {key}: {value}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with writer(args).collection as col:
        print(col.backup("manual"))
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from studyapp.db.backup import list_backups

    for path in list_backups(paths.backups_dir(_folder(args))):
        print(path)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from studyapp.db.restore import restore_collection

    folder = _folder(args)
    report = restore_collection(folder, args.file)
    print(f"Restored {args.file} into {paths.collection_path(folder)}")
    if report.kept:
        print(f"The previous collection was kept at {report.kept}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    rc = cmd_due(args)
    print("\nRun `studyapp review` to study, `studyapp --help` for all commands.")
    return rc
