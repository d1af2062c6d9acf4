"""Running a learner's file in a fresh, limited child process and calling its functions there.

The child (`harness/child.py`) is `python -I -S` with a sys.path of NumPy and the harness only,
in a scratch folder, a minimal environment (`OPENBLAS_NUM_THREADS=1`), a new session and
process group, resource limits and, where libseccomp exists, no fork, exec, sockets or ptrace.
Inputs go over a pipe as data (.npz, never pickles); results come back the same way, and a
learner's cache objects stay in the child behind handles. The parent never waits past the wall
limit: a child that runs over it, or is cancelled, is killed with its whole process group.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from studyapp.grading.harness import wire

HARNESS = Path(__file__).resolve().parent / "harness"
CHILD = HARNESS / "child.py"


@dataclass(frozen=True)
class Limits:
    """What one grading may use. The wall limit covers the whole grading, start included."""

    wall_s: float = 20.0
    memory_mb: int = 2048
    output_kb: int = 64
    file_mb: int = 16
    open_files: int = 128

    def child_settings(self) -> dict[str, int]:
        return {
            "memory_bytes": self.memory_mb << 20,
            "cpu_s": max(int(self.wall_s) + 1, 1),
            "file_bytes": self.file_mb << 20,
            "open_files": self.open_files,
            "output_bytes": self.output_kb << 10,
        }


class Verdict(StrEnum):
    """How a grading's child ended, when it did not simply answer every call."""

    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASHED = "crashed"
    EXITED = "exited"
    CANCELLED = "cancelled"


class SandboxDied(BaseException):
    """The child is gone (killed, crashed, exited, over a limit); no further call is possible."""

    def __init__(self, verdict: Verdict, message: str) -> None:
        super().__init__(message)
        self.verdict = verdict
        self.message = message


class LearnerCallError(Exception):
    """The learner's function raised (or failed to produce an answer that can be sent back)."""

    def __init__(self, kind: str, type_name: str, message: str, where: str) -> None:
        text = f"{type_name}: {message}" if message else type_name
        super().__init__(f"{text} ({where})" if where else text)
        self.kind, self.type_name, self.message, self.where = kind, type_name, message, where


@dataclass(frozen=True)
class LoadReport:
    ok: bool
    signatures: dict[str, list[dict[str, Any]] | None] = field(default_factory=dict)
    error: LearnerCallError | None = None
    seccomp: str = ""


@dataclass(frozen=True)
class CallResult:
    value: Any
    mutated: tuple[int, ...]  # positions of array arguments changed in place
    args_after: tuple[Any, ...]  # dict arguments as the call left them (bn_param, config)
    elapsed_s: float = 0.0  # the call's own time in the child, transfers excluded


@dataclass(frozen=True)
class Output:
    text: str
    total_chars: int
    dropped_chars: int
    fault: str  # what Python's fault handler wrote (a segfault's traceback)


def _lib_links(folder: Path, extra: tuple[str, ...]) -> Path:
    """A folder holding links to NumPy (and its bundled libraries), pyseccomp if installed,
    and nothing else: the child's only site-packages."""
    folder.mkdir()
    roots = {Path(np.__file__).resolve().parent}
    try:
        import pyseccomp

        roots.add(Path(pyseccomp.__file__).resolve())
    except Exception:
        pass
    libs = roots.copy()
    for root in roots:
        sibling = root.parent / f"{root.name}.libs"
        if root.name == "numpy" and sibling.is_dir():
            libs.add(sibling)
    for name in extra:  # tests only: the reference itself, graded as a learner's file
        module = sys.modules.get(name) or __import__(name)
        libs.add(Path(module.__file__ or "").resolve().parent)
    for path in libs:
        (folder / path.name).symlink_to(path)
    return folder


class Sandbox:
    """One learner file in one child process. Use as a context manager; call `start()` first.

    Thread-safety: `cancel()` may be called from another thread (the GUI's Cancel button); the
    other methods belong to the thread that drives the grading.
    """

    def __init__(
        self,
        source: Path,
        functions: list[str],
        limits: Limits | None = None,
        *,
        reference_modules: tuple[str, ...] = (),
    ) -> None:
        self.limits = limits or Limits()
        self._scratch = Path(tempfile.mkdtemp(prefix="studyapp-grade-"))
        shutil.copyfile(source, self._scratch / "solution.py")
        libs = _lib_links(self._scratch / "libs", reference_modules)
        self._settings: dict[str, Any] = {
            "libs": str(libs),
            "scratch": str(self._scratch),
            "source": str(self._scratch / "solution.py"),
            "functions": functions,
            "limits": self.limits.child_settings(),
            "extra_modules": list(reference_modules),
        }
        self._proc: subprocess.Popen[bytes] | None = None
        self._deadline = 0.0
        self._buffer = bytearray()
        self._output_total = 0
        self._cancelled = threading.Event()
        self._dead: SandboxDied | None = None
        # Caches left in the child: each Handle here is watched, and once the parent drops it
        # the next call tells the child to free its cache (a model's thousands of steps would
        # otherwise keep every step's cache alive and run out of memory).
        self._handles: weakref.WeakValueDictionary[int, wire.Handle] = weakref.WeakValueDictionary()
        self._unreferenced: list[int] = []

    # -- life cycle --------------------------------------------------------------------------

    def start(self) -> LoadReport:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        self._settings.update(fd_in=to_child_r, fd_out=from_child_w)
        env = {
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "LANG": "C.UTF-8",
            "PATH": "/usr/bin:/bin",
            "HOME": str(self._scratch),
        }
        self._deadline = time.monotonic() + self.limits.wall_s
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-S", str(CHILD), json.dumps(self._settings)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=(self._scratch / "stderr.txt").open("wb"),
            pass_fds=(to_child_r, from_child_w),
            start_new_session=True,
            cwd=self._scratch,
            env=env,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._out, self._in = to_child_w, from_child_r
        header, _ = self._receive()
        if header["op"] == "load_error":
            return LoadReport(False, error=_learner_error(header))
        return LoadReport(True, header["functions"], seccomp=header.get("seccomp", ""))

    def cancel(self) -> None:
        """Stop the child now (from any thread); the grading then ends as CANCELLED."""
        self._cancelled.set()
        self._kill()

    def close(self) -> Output:
        """End the child (politely if it is still answering), remove the scratch folder, and
        return what the learner's code printed."""
        if self._proc is not None and self._dead is None and self._proc.poll() is None:
            try:
                self._send({"op": "exit"}, {})
                self._receive(timeout=1.0)
            except (SandboxDied, OSError, wire.WireError):
                pass
        self._kill()
        output = self._read_output()
        for fd in (getattr(self, "_out", None), getattr(self, "_in", None)):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        shutil.rmtree(self._scratch, ignore_errors=True)
        return output

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def remaining_s(self) -> float:
        return max(self._deadline - time.monotonic(), 0.0)

    # -- calls -------------------------------------------------------------------------------

    def call(self, fn: str, *args: Any, keep_last: bool = False) -> CallResult:
        """Call the learner's `fn` on copies of `args`; raises LearnerCallError when it raised,
        SandboxDied when the child is gone. `keep_last`: when the result is a tuple, its last
        item (a layer's cache) stays in the child and comes back as a Handle."""
        encoder = wire.Encoder()
        header = {"op": "call", "fn": fn, "args": encoder.encode(list(args))}
        if keep_last:
            header["keep"] = [-1]
        released, self._unreferenced[:] = list(self._unreferenced), []
        if released:
            header["release"] = released
        self._send(header, encoder.arrays)
        header, arrays = self._receive()
        if header["op"] == "error":
            raise _learner_error(header)
        value = wire.decode(header["value"], arrays, self._handle)
        after = tuple(wire.decode(a, arrays, self._handle) for a in header["args_after"])
        return CallResult(value, tuple(header["mutated"]), after, header.get("elapsed", 0.0))

    def _handle(self, key: int) -> wire.Handle:
        handle = self._handles.get(key)
        if handle is None:
            handle = self._handles[key] = wire.Handle(key)
            weakref.finalize(handle, self._unreferenced.append, key)
        return handle

    @property
    def live_handles(self) -> int:
        """Caches the parent still holds (the child keeps these, and frees the others)."""
        return len(self._handles)

    def function(self, fn: str, *, keep_last: bool = False) -> Any:
        """`fn` as a local callable returning the learner's value (for engine.gradcheck)."""

        def remote(*args: Any) -> Any:
            result = self.call(fn, *args, keep_last=keep_last)
            # A dict argument changed in the child (bn_param's running statistics, an update
            # rule's config) changes here too, as it would in one process.
            for given, after in zip(args, result.args_after, strict=False):
                if isinstance(given, dict) and isinstance(after, dict):
                    given.clear()
                    given.update(after)
            return result.value

        remote.__name__ = fn
        return remote

    # -- plumbing ----------------------------------------------------------------------------

    def _send(self, header: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self._check_alive()
        import io

        frame = io.BytesIO()
        wire.send(frame, header, arrays)
        data = memoryview(frame.getvalue())
        while data:
            _, ready, _ = select.select([], [self._out], [], self._wait())
            if not ready:
                self._timed_out()
            try:
                written = os.write(self._out, data[: 1 << 16])
            except BrokenPipeError:
                raise self._died() from None
            data = data[written:]

    def _receive(self, timeout: float | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        limit = time.monotonic() + timeout if timeout is not None else None
        while True:
            message = self._parse()
            if message is not None:
                header = message[0]
                self._output_total = header.get("output_total", self._output_total)
                return message
            self._check_alive()
            wait = self._wait() if limit is None else max(min(limit - time.monotonic(), 1.0), 0)
            ready, _, _ = select.select([self._in], [], [], wait)
            if not ready:
                if limit is not None and time.monotonic() >= limit:
                    raise SandboxDied(Verdict.TIMEOUT, "the child did not answer")
                if time.monotonic() >= self._deadline:
                    self._timed_out()
                continue
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise self._died()
            self._buffer += chunk  # a bytearray grows in place

    def _parse(self) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The next whole message, once all of it has arrived (a model's logits are tens of MB:
        the buffer is parsed once, not at every chunk)."""
        import io

        try:
            size = wire.frame_size(self._buffer)
        except wire.WireError as err:
            died = SandboxDied(Verdict.CRASHED, f"the child sent a bad message: {err}")
            raise self._mark(died) from None
        if size is None or len(self._buffer) < size:
            return None
        with memoryview(self._buffer) as view:
            message = wire.receive(io.BytesIO(view[:size]))
        del self._buffer[:size]
        return message

    def _wait(self) -> float:
        if self._cancelled.is_set():
            raise self._mark(SandboxDied(Verdict.CANCELLED, "grading was cancelled"))
        return max(min(self._deadline - time.monotonic(), 0.5), 0.0)

    def _check_alive(self) -> None:
        if self._dead is not None:
            raise self._dead
        if self._cancelled.is_set():
            raise self._mark(SandboxDied(Verdict.CANCELLED, "grading was cancelled"))

    def _timed_out(self) -> None:
        self._kill()
        raise self._mark(
            SandboxDied(
                Verdict.TIMEOUT,
                f"your code ran past the {self.limits.wall_s:g} s limit (an endless loop, or far "
                "too slow) and was stopped",
            )
        )

    def _died(self) -> SandboxDied:
        assert self._proc is not None
        try:
            code = self._proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._kill()
            code = self._proc.wait()
        if self._cancelled.is_set():
            return self._mark(SandboxDied(Verdict.CANCELLED, "grading was cancelled"))
        stderr = self._read_output().fault
        if code == 1 and "Traceback" in stderr and "child.py" in stderr:
            # Learner code never raises out of the harness; this is the grader's own failure.
            last = stderr.strip().splitlines()[-1]
            return self._mark(SandboxDied(Verdict.CRASHED, f"the grader itself failed: {last}"))
        return self._mark(_death(code, self.limits))

    def _mark(self, died: SandboxDied) -> SandboxDied:
        self._dead = self._dead or died
        return self._dead

    def _kill(self) -> None:
        proc = self._proc
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)

    def _read_output(self) -> Output:
        def read(name: str, limit: int) -> str:
            path = self._scratch / name
            try:
                return path.read_text(encoding="utf-8", errors="replace")[:limit]
            except OSError:
                return ""

        limit = self.limits.output_kb << 10
        text = read("output.txt", limit)
        total = max(self._output_total, len(text))
        fault = read("fault.txt", 4000) or read("stderr.txt", 4000)
        return Output(text, total, max(total - len(text), 0), fault)


def _learner_error(header: dict[str, Any]) -> LearnerCallError:
    return LearnerCallError(header["kind"], header["type"], header["message"], header["where"])


def _death(code: int, limits: Limits) -> SandboxDied:
    if code < 0:
        number = -code
        if number == signal.SIGXCPU:
            return SandboxDied(
                Verdict.TIMEOUT, f"your code used more than {limits.wall_s:g} s of CPU time"
            )
        if number == signal.SIGXFSZ:
            return SandboxDied(Verdict.CRASHED, f"your code wrote more than {limits.file_mb} MB")
        name = (
            signal.Signals(number).name
            if number in signal.Signals._value2member_map_
            else str(number)
        )
        what = {"SIGSEGV": "a segmentation fault", "SIGBUS": "a bus error", "SIGABRT": "an abort"}
        hint = (
            " (reading memory outside an array, e.g. with as_strided?)" if name == "SIGSEGV" else ""
        )
        return SandboxDied(
            Verdict.CRASHED, f"the process crashed with {what.get(name, name)}{hint}"
        )
    return SandboxDied(
        Verdict.EXITED,
        f"your code ended the process (exit status {code}) instead of returning a result; "
        "do not call exit(), sys.exit() or os._exit() in an exercise",
    )
