"""Printing text from notes and files to a terminal safely: control codes are shown, not run.

A note holding ESC]0;...BEL or ESC[2J would otherwise retitle or clear the learner's terminal.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 range (0x9b is a one-byte CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """`text` with every terminal control character written out as \\xNN."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
    return clean(" ".join(str(text).splitlines()))
