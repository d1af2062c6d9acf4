"""Command line: import notes, see what is due, review in the terminal, stats, cards, backups.

`--data-dir` and `--debug` work before or after the command. Every error the app expects is
one line on stderr with a non-zero exit status; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import os
import select
import signal
import sqlite3
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from studyapp import __version__, paths
from studyapp.cli import (
    anki_cmds,
    collection_cmds,
    exercise_cmds,
    fsrs_cmds,
    gui_cmds,
    progress_cmds,
    train_cmds,
)
from studyapp.cli.output import one_line
from studyapp.domain.errors import StudyappError, UsageError

Register = Callable[["argparse._SubParsersAction[Parser]", list[argparse.ArgumentParser]], None]
COMMAND_MODULES: tuple[Register, ...] = (
    collection_cmds.register,
    exercise_cmds.register,
    fsrs_cmds.register,
    anki_cmds.register,
    gui_cmds.register,
    progress_cmds.register,
    train_cmds.register,
)


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors (exit status 2), as every other refusal."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")


def _common(*, top: bool) -> argparse.ArgumentParser:
    # On the subcommands the options default to SUPPRESS, so a value given before the command
    # is not overwritten by the subcommand's default.
    default: Any = None if top else argparse.SUPPRESS
    flag_default: Any = False if top else argparse.SUPPRESS
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"collection folder (default: per-user data folder, or ${paths.HOME_ENV})",
    )
    common.add_argument(
        "--debug", action="store_true", default=flag_default, help="show tracebacks on errors"
    )
    return common


def build_parser() -> Parser:
    parser = Parser(
        prog="studyapp",
        parents=[_common(top=True)],
        description="CS231n study app: FSRS flashcards from your lecture notes.",
    )
    parser.add_argument("--version", action="version", version=f"studyapp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for register in COMMAND_MODULES:
        register(sub, [_common(top=False)])
    parser.set_defaults(run=collection_cmds.cmd_status)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
        sys.stdout.flush()  # here, where a closed pipe is handled, not at interpreter exit
        return code
    except (StudyappError, OSError, sqlite3.Error) as err:
        if isinstance(err, BrokenPipeError) and _stdout_closed():
            # `studyapp cards | head`: the reader has what it wanted; say nothing, as cat does
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 128 + signal.SIGPIPE
        if args.debug:
            raise
        print(f"studyapp: error: {_message(err)}", file=sys.stderr)
        return 2 if isinstance(err, UsageError) else 1
    except KeyboardInterrupt:
        return 130


def _stdout_closed() -> bool:
    """Whether the reading end of stdout is gone (a pipe whose reader exited)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return False


def _message(err: BaseException) -> str:
    if isinstance(err, OSError) and err.filename:
        return one_line(f"{err.filename}: {err.strerror}")
    if isinstance(err, sqlite3.Error):
        return one_line(f"the collection database refused the operation ({err})")
    return one_line(str(err).splitlines()[0]) if str(err) else type(err).__name__
