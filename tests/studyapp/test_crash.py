"""A review session killed with SIGKILL loses no acknowledged answer and leaves a healthy file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _read_until(proc: subprocess.Popen[bytes], marker: bytes, deadline: float) -> bytes:
    """Read stdout byte by byte until `marker` (the session's acknowledgement) appears."""
    assert proc.stdout is not None
    seen = b""
    while not seen.endswith(marker):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {marker!r} in {seen[-300:]!r}")
        chunk = os.read(proc.stdout.fileno(), 1)
        if not chunk:
            raise EOFError(seen[-300:])
        seen += chunk
    return seen


def test_sigkill_mid_review_keeps_every_acknowledged_answer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    subprocess.run(
        [sys.executable, "-m", "studyapp", "due", "--data-dir", str(home)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "studyapp", "review", "--data-dir", str(home)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.stdin is not None
    deadline = time.monotonic() + 60
    acknowledged = 0
    try:
        for rating in "3431234":
            _read_until(proc, b"q: quit)\n", deadline)  # a card is on screen
            proc.stdin.write(f"{rating}\n".encode())
            proc.stdin.flush()
            _read_until(proc, b"next in ", deadline)  # the answer was acknowledged
            acknowledged += 1
        _read_until(proc, b"q: quit)\n", deadline)
        proc.stdin.write(b"\n")  # reveal the next answer, then die while it is on screen
        proc.stdin.flush()
        time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    db = home / "collection.sqlite3"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        ratings = [r for (r,) in conn.execute("SELECT rating FROM review_log ORDER BY id")]
        answered = conn.execute("SELECT count(*) FROM cards WHERE reps > 0").fetchone()[0]
    assert acknowledged == 7
    assert ratings == [3, 4, 3, 1, 2, 3, 4]
    assert answered >= 6
