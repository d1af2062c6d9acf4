"""A job's Progress on the terminal: a one-line bar on a terminal, and on a pipe or a log only
the messages that change (no bar, no carriage returns)."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from studyapp.jobs import Progress

REDRAW_S = 0.1


class ProgressBar:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.last_message = ""
        self.last_draw = 0.0
        self.drawn = False

    def __call__(self, progress: Progress) -> None:
        if not self.tty:
            # On a log, one line per stage: the counting part of a message ("step 12/400")
            # would print thousands of lines.
            stage = progress.message.split(":", 1)[0]
            if stage != self.last_message:
                print(progress.message, file=self.stream, flush=True)
                self.last_message = stage
            return
        now = time.monotonic()
        if now - self.last_draw < REDRAW_S and progress.done != progress.total:
            return
        self.last_draw = now
        width = shutil.get_terminal_size((100, 20)).columns
        fraction = progress.fraction
        bar = ""
        if fraction is not None:
            filled = round(20 * fraction)
            bar = f"[{'#' * filled}{'.' * (20 - filled)}] {100 * fraction:5.1f}% "
        self.stream.write("\r" + (bar + progress.message)[: width - 1].ljust(width - 1))
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False
