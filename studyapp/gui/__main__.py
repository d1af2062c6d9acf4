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
    from studyapp.domain.errors import StudyappError, UsageError

    try:
        if args.screenshots is not None:
            from studyapp.gui.screenshots import write_screenshots

            data = Path(args.data_dir).expanduser() if args.data_dir else None
            for path in write_screenshots(args.screenshots, data_dir=data):
                print(path)
            return 0
        from studyapp.gui.app import run

        return run(args.data_dir)
    except (StudyappError, OSError) as err:  # before a window exists: one line, as the CLI
        text = str(err).splitlines()[0] if str(err) else type(err).__name__
        print(f"studyapp: error: {text}", file=sys.stderr)
        return 2 if isinstance(err, UsageError) else 1


if __name__ == "__main__":
    sys.exit(main())
