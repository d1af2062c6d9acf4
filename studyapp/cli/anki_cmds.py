"""Anki interoperability on the command line: `export` (an .apkg for Anki or AnkiDroid, or a CSV)
and `import FILE.apkg` (reached from the `import` command)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studyapp.cli.collection_cmds import reader, writer
from studyapp.cli.output import clean
from studyapp.domain.errors import UsageError


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export", parents=parents, help="export cards to an Anki package (.apkg) or a CSV file"
    )
    p.set_defaults(run=cmd_export)
    p.add_argument("--deck", help="export this deck (default: every deck)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="- : CSV to stdout")
    p.add_argument(
        "--with-scheduling",
        action="store_true",
        help="include each card's state, due date, FSRS memory and review log (.apkg)",
    )
    p.add_argument("--csv", action="store_true", help="write a CSV file (needs no extra)")


def cmd_export(args: argparse.Namespace) -> int:
    is_apkg = args.out.suffix.lower() == ".apkg"
    if args.csv == is_apkg:
        raise UsageError("--out must end in .apkg, or pass --csv for a CSV file")
    if args.csv and args.with_scheduling:
        raise UsageError("--with-scheduling is for .apkg packages; a CSV always has it")
    if args.csv:
        from studyapp.services.anki_export import export_csv

        to_stdout = str(args.out) == "-"
        with reader(args).collection as col:
            report = export_csv(col, sys.stdout if to_stdout else args.out, args.deck)
        if to_stdout:
            print(clean(report.summary()), file=sys.stderr)
            return 0
    else:
        from studyapp.importers.apkg import require_anki
        from studyapp.services.anki_export import export_apkg

        require_anki()  # before the collection is opened: one line on how to install it
        with reader(args).collection as col:
            report = export_apkg(col, args.out, args.deck, args.with_scheduling)
    print(clean(report.summary()))
    return 0


def cmd_import_apkg(args: argparse.Namespace) -> int:
    """`studyapp import FILE.apkg [--deck NAME]`: the package is read and checked before the
    collection is opened, so a bad file changes nothing and takes no backup."""
    from studyapp.importers.apkg import read_package
    from studyapp.services.anki_import import import_package

    package = read_package(args.notes)
    with writer(args).collection as col:
        report = import_package(col, package, args.deck)
    print(clean(report.summary()))
    if report.backup:
        print(f"Backup taken before the import: {report.backup}")
    if not package.cards:
        print(clean(f"warning: {args.notes}: the package holds no cards"), file=sys.stderr)
    return 0
