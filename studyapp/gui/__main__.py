"""`python -m studyapp.gui [--data-dir DIR] [--screenshots DIR]`, also the `studyapp-gui`
launcher and what `studyapp gui` runs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="studyapp gui", description="the studyapp desktop app")
    parser.add_argument("--data-dir", metavar="DIR", help="collection folder")
    parser.add_argument("--screenshots", type=Path, metavar="DIR",
                        help="write a screenshot of every view to DIR and exit")  # fmt: skip
    args = parser.parse_args(argv)
    if args.screenshots is not None:
        from studyapp.gui.screenshots import write_screenshots

        for path in write_screenshots(args.screenshots):
            print(path)
        return 0
    from studyapp.gui.app import run

    return run(args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
