"""Command line: import notes, see what is due, review in the terminal, stats, cards, backups."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from studyapp import __version__, paths
from studyapp.db.collection import (
    Collection,
    CollectionError,
    CollectionLockedError,
    open_collection,
)
from studyapp.domain.notes import NotesFormatError
from studyapp.scheduler.fsrs_scheduler import InvalidSettingError
from studyapp.services.decks import DeckNotFoundError


class UsageError(Exception):
    pass


USER_ERRORS = (
    CollectionError,
    NotesFormatError,
    DeckNotFoundError,
    UsageError,
    OSError,
    InvalidSettingError,
)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"collection folder (default: per-user data folder, or ${paths.HOME_ENV})",
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser = argparse.ArgumentParser(
        prog="studyapp",
        parents=[common],
        description="CS231n study app: FSRS flashcards from your lecture notes.",
    )
    parser.add_argument("--version", action="version", version=f"studyapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", parents=[common], help="import or re-import a notes file")
    p.add_argument("notes", type=Path, metavar="NOTES.md")
    p.add_argument("--deck", help="deck name (default: from the notes' title)")
    p = sub.add_parser("due", parents=[common], help="today's due counts per deck")
    p = sub.add_parser("review", parents=[common], help="review due cards in the terminal")
    p.add_argument("--deck")
    p = sub.add_parser("stats", parents=[common], help="collection or deck statistics")
    p.add_argument("--deck")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("cards", parents=[common], help="list and search cards")
    p.add_argument("--deck")
    p.add_argument("--search", metavar="TEXT")
    p.add_argument("--lecture", type=int, metavar="N")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("settings", parents=[common], help="show or change scheduling settings")
    p.add_argument("--deck", help="change only this deck (default: every deck)")
    p.add_argument("--desired-retention", type=float, metavar="R", help="0.70-0.99")
    p.add_argument("--learning-steps", metavar="STEPS", help='e.g. "1m 10m"')
    p.add_argument("--relearning-steps", metavar="STEPS", help='e.g. "10m"')
    p.add_argument("--new-per-day", type=int, metavar="N")
    p.add_argument("--max-reviews-per-day", type=int, metavar="N")
    p.add_argument("--max-interval", type=int, metavar="DAYS", dest="max_interval_days")
    p.add_argument("--rollover-hour", type=int, metavar="H", help="local hour a study day starts")
    p.add_argument("--backups-keep", type=int, metavar="N")
    p.add_argument("--json", action="store_true")
    sub.add_parser("backup", parents=[common], help="back up the collection now")
    p = sub.add_parser("restore", parents=[common], help="replace the collection with a backup")
    p.add_argument("file", type=Path, metavar="FILE")
    sub.add_parser("backups", parents=[common], help="list backups, newest first")
    return parser


def open_for_writing(args: argparse.Namespace) -> Collection:
    """Open (creating it and importing the bundled CS231n deck on first use)."""
    col = open_collection(paths.data_dir(args.data_dir))
    if col.created and paths.BUNDLED_NOTES.exists():
        from studyapp.services.importing import import_notes_file

        report = import_notes_file(col, paths.BUNDLED_NOTES, paths.BUNDLED_DECK_NAME)
        print(f"New collection at {col.path}; bundled deck: {report.summary()}", file=sys.stderr)
    return col


def open_for_reading(args: argparse.Namespace) -> Collection:
    """Like open_for_writing, but falls back to read-only when another process has it open."""
    try:
        return open_for_writing(args)
    except CollectionLockedError:
        return open_collection(paths.data_dir(args.data_dir), readonly=True)


def cmd_import(args: argparse.Namespace) -> int:
    from studyapp.importers.notes_markdown import read_notes_file
    from studyapp.services.importing import import_notes_file

    notes = read_notes_file(args.notes)  # a bad file is refused before the collection is opened
    with open_for_writing(args) as col:
        report = import_notes_file(col, args.notes, args.deck, notes)
    print(report.summary())
    for warning in report.warnings:
        print(f"warning: {args.notes}: {warning}", file=sys.stderr)
    if report.backup:
        print(f"Backup taken before the import: {report.backup}")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from studyapp.services.decks import deck_ids
    from studyapp.services.study import StudySession

    with open_for_reading(args) as col:
        with col.session() as s:
            names = list(deck_ids(s, None).values())
        print(f"{'deck':<24} {'learning':>8} {'review':>8} {'new':>8}")
        for name in names:
            c = StudySession(col, name).counts()
            print(f"{name:<24} {c.learning:>8} {c.review:>8} {c.new:>8}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from studyapp.terminal_review import run_review

    with open_for_writing(args) as col:
        return run_review(col, args.deck, sys.stdin, sys.stdout)


def cmd_stats(args: argparse.Namespace) -> int:
    from studyapp.services.stats import collection_stats

    with open_for_reading(args) as col:
        stats = collection_stats(col, args.deck)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    c, r = stats["cards"], stats["roadmap"]
    print(f"{'deck ' + args.deck if args.deck else 'collection'}: {stats['lectures']} lectures")
    print(
        f"cards: {c['total']} ({c['learned']} learned points, {c['qa']} Q&A), "
        f"{c['suspended']} suspended"
    )
    print(
        f"roadmap: from {r['start']}, {r['weeks_written']}/{r['weeks_planned']} weeks written, "
        f"{r['items_done']}/{r['items']} items done"
    )
    print(
        f"daily log: {stats['daily_log_entries']} entries; reviews: {stats['reviews']}; "
        f"due today: {stats['due_today']}"
    )
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    from studyapp.services.cards import list_cards

    with open_for_reading(args) as col:
        found = list_cards(col, args.deck, args.search, args.lecture)
    if args.json:
        print(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=2))
        return 0
    for c in found:
        flag = " [suspended]" if c.suspended else ""
        first_line = c.question.splitlines()[0] if c.question else ""
        print(f"{c.id:>6}  L{c.lecture:<3} {c.kind:<8} {first_line[:70]}{flag}")
    print(f"{len(found)} cards", file=sys.stderr)
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from studyapp.services.settings import change_settings, parse_steps, show_settings

    deck_keys = ("desired_retention", "new_per_day", "max_reviews_per_day", "max_interval_days")
    deck_changes: dict[str, Any] = {
        k: getattr(args, k) for k in deck_keys if getattr(args, k) is not None
    }
    for key in ("learning_steps", "relearning_steps"):
        if getattr(args, key) is not None:
            deck_changes[f"{key}_min"] = parse_steps(getattr(args, key))
    col_changes = {
        k: getattr(args, k)
        for k in ("rollover_hour", "backups_keep")
        if getattr(args, k) is not None
    }
    if deck_changes or col_changes:
        with open_for_writing(args) as col:
            change_settings(col, args.deck, deck_changes, col_changes)
    with open_for_reading(args) as col:
        shown = show_settings(col, args.deck)
    if args.json:
        print(json.dumps(shown, ensure_ascii=False, indent=2))
        return 0
    for key, value in shown["collection"].items():
        print(f"{key}: {value}")
    for name, values in shown["decks"].items():
        print(f"\n[{name}]")
        for key, value in values.items():
            print(f"  {key}: {value}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with open_for_writing(args) as col:
        print(col.backup("manual"))
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from studyapp.db.backup import list_backups

    for path in list_backups(paths.backups_dir(paths.data_dir(args.data_dir))):
        print(path)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from studyapp.db.restore import restore_collection

    folder = paths.data_dir(args.data_dir)
    kept = restore_collection(folder, args.file)
    print(f"Restored {args.file} into {paths.collection_path(folder)}")
    if kept:
        print(f"The previous collection was kept at {kept}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    rc = cmd_due(args)
    print("\nRun `studyapp review` to study, `studyapp --help` for all commands.")
    return rc


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "import": cmd_import,
    "due": cmd_due,
    "review": cmd_review,
    "stats": cmd_stats,
    "cards": cmd_cards,
    "settings": cmd_settings,
    "backup": cmd_backup,
    "backups": cmd_backups,
    "restore": cmd_restore,
    None: cmd_status,
}


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except USER_ERRORS as err:
        if args.debug:
            raise
        print(f"studyapp: error: {_message(err)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _message(err: BaseException) -> Any:
    if isinstance(err, OSError) and err.filename:
        return f"{err.filename}: {err.strerror}"
    return str(err).splitlines()[0] if str(err) else type(err).__name__
