"""Running the CLI as a learner would: in a subprocess, optionally without the power to write
read-only files (root normally ignores permission bits), or in this process with its output
captured."""

from __future__ import annotations

import ctypes
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3


def _drop_file_capabilities() -> None:
    """In the child before exec: root loses the capabilities that bypass file permissions, so
    chmod 0400 / 0500 mean read-only to it as to anyone else."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_cli(
    *args: str,
    stdin: str = "",
    env: dict[str, str] | None = None,
    honour_permissions: bool = False,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    preexec: Callable[[], None] | None = None
    if honour_permissions and os.geteuid() == 0:
        preexec = _drop_file_capabilities
    return subprocess.run(
        [sys.executable, "-m", "studyapp", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        preexec_fn=preexec,
    )


def make_readonly(folder: Path, *, folder_too: bool) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o400)
    for path in [p for p in folder.rglob("*") if p.is_dir()]:
        path.chmod(0o500 if folder_too else 0o700)
    folder.chmod(0o500 if folder_too else 0o700)


def make_writable(folder: Path) -> None:
    folder.chmod(0o700)
    for path in folder.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)


def cli(capsys: Any, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """`studyapp ARGS` in this process: (exit status, stdout, stderr)."""
    from studyapp.cli import main

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(args))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err
