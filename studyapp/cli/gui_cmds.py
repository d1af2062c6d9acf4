"""`studyapp gui`: open the desktop app on the collection, or write its screenshots.

The app runs as `python -m studyapp.gui` in a child process: the rings keep the command line
below the GUI (nothing in cli imports Qt), and the terminal gets the app's exit status.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from studyapp.domain.errors import UsageError


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("gui", parents=parents, help="open the desktop app")
    p.add_argument(
        "--screenshots",
        type=Path,
        metavar="DIR",
        help="instead, write a screenshot of every view (light and dark, English and Korean) "
        "to DIR: of a demo collection, or of a copy of --data-dir's when it is given",
    )
    p.set_defaults(run=cmd_gui)


def display_missing() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def gui_command(args: argparse.Namespace) -> list[str]:
    command = [sys.executable, "-m", "studyapp.gui"]
    if args.data_dir:
        command += ["--data-dir", str(args.data_dir)]
    if args.screenshots is not None:
        command += ["--screenshots", str(args.screenshots)]
    return command


def cmd_gui(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if args.screenshots is not None:
        env.setdefault("QT_QPA_PLATFORM", "offscreen")  # screenshots need no screen
    elif display_missing():
        raise UsageError(
            "no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            "the terminal commands work without one (studyapp --help)"
        )
    try:
        return subprocess.call(gui_command(args), env=env)
    except KeyboardInterrupt:
        return 130
