"""The sandboxed child: loads a learner's file and calls its functions on request.

Started as `python -I -S child.py SETTINGS_JSON`; the protocol runs on the two pipe file
descriptors the settings name. Before any learner code runs it sets resource limits, puts
only NumPy (a private folder of links) and this folder on sys.path, refuses fork, exec,
sockets and ptrace with seccomp where libseccomp is present, and guards `import` at run time
with the same policy as the parent's static check. Output goes to a capped file. Every
request gets an explicit answer; a child that ends without one has failed, whatever its exit
status.
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import faulthandler
import importlib.util
import inspect
import json
import os
import resource
import sys
import time
import traceback
from types import ModuleType
from typing import Any

SETTINGS = json.loads(sys.argv[1])
sys.path[:] = [SETTINGS["libs"], os.path.dirname(os.path.abspath(__file__))] + [
    p for p in sys.path if p.startswith(sys.base_prefix) and "site-packages" not in p
]

import numpy as np  # noqa: E402
import policy  # noqa: E402
import wire  # noqa: E402

LEARNER_MODULE = "solution"


class CappedOutput:
    """stdout/stderr of the learner's code: the first `limit` bytes go to a file, the rest is
    counted (and dropped)."""

    def __init__(self, path: str, limit: int) -> None:
        self._file = open(path, "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        self._limit = limit
        self.total = 0

    def write(self, text: str) -> int:
        room = self._limit - self.total
        if room > 0:
            self._file.write(text[:room])
            self._file.flush()
        self.total += len(text)
        return len(text)

    def flush(self) -> None:
        self._file.flush()

    def isatty(self) -> bool:
        return False


def set_limits(limits: dict[str, int]) -> None:
    for name, value in (
        ("RLIMIT_AS", limits["memory_bytes"]),
        ("RLIMIT_CPU", limits["cpu_s"]),
        ("RLIMIT_FSIZE", limits["file_bytes"]),
        ("RLIMIT_NOFILE", limits["open_files"]),
        ("RLIMIT_CORE", 0),
    ):
        if hasattr(resource, name):
            # A limit the platform refuses is left to the parent's watchdog.
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(getattr(resource, name), (value, value))


def install_seccomp() -> str:
    """Refuse new processes, programs, sockets and ptrace; threads still work (clone3 answers
    ENOSYS, so the C library falls back to clone with CLONE_THREAD, which is allowed)."""
    try:
        import errno

        import pyseccomp as seccomp
    except Exception as exc:  # not installed, or no libseccomp: rlimits and the watchdog stay
        return f"unavailable ({type(exc).__name__})"
    try:
        f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        deny = seccomp.ERRNO(errno.EPERM)
        for call in ("fork", "vfork", "execve", "execveat", "ptrace", "socket", "socketpair"):
            f.add_rule(deny, call)
        f.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
        clone_thread = 0x00010000
        f.add_rule(deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, clone_thread, 0))
        own = os.getpid()
        f.add_rule(deny, "kill", seccomp.Arg(0, seccomp.NE, own))
        f.load()
    except Exception as exc:
        return f"failed ({exc})"
    return "on"


def guard_imports() -> None:
    """`import` from the learner's own modules may only reach the allowed modules."""
    real_import = builtins.__import__
    extra = set(SETTINGS["extra_modules"])  # tests only: the reference graded as a learner file

    def guarded(
        name: str, globals: Any = None, locals: Any = None, fromlist: Any = (), level: int = 0
    ) -> Any:
        importer = (globals or {}).get("__name__", "")
        allowed = policy.allowed_module(name) or name.split(".")[0] in extra
        if importer == LEARNER_MODULE and (level or not allowed):
            raise ImportError(
                f"importing {name or 'a relative module'!r} is not allowed in an exercise "
                "(numpy, math and the standard library's pure modules only)"
            )
        return real_import(name, globals, locals, fromlist, level)

    builtins.__import__ = guarded


class Server:
    def __init__(self, output: CappedOutput) -> None:
        self.module: ModuleType | None = None
        self.output = output
        self.handles: dict[int, Any] = {}
        self.next_key = 0
        self.inbox = os.fdopen(SETTINGS["fd_in"], "rb")
        self.outbox = os.fdopen(SETTINGS["fd_out"], "wb")

    def reply(self, header: dict[str, Any], arrays: dict[str, np.ndarray] | None = None) -> None:
        header["output_total"] = self.output.total
        wire.send(self.outbox, header, arrays or {})

    def keep(self, value: Any) -> int:
        self.next_key += 1  # never reused: freed keys must not name a new cache
        self.handles[self.next_key] = value
        return self.next_key

    def serve(self) -> None:
        while True:
            header, arrays = wire.receive(self.inbox)
            op = header["op"]
            if op == "exit":
                self.reply({"op": "bye"})
                return
            if op == "release":
                for key in header["handles"]:
                    self.handles.pop(key, None)
                self.reply({"op": "released"})
                continue
            self.call(header, arrays)

    def call(self, header: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        fn = getattr(self.module, header["fn"], None)
        if not callable(fn):
            self.reply(
                {
                    "op": "error",
                    "kind": "missing",
                    "type": "AttributeError",
                    "message": f"{header['fn']} is not defined",
                    "where": "",
                }
            )
            return
        for key in header.get("release", ()):  # caches the parent no longer holds
            self.handles.pop(key, None)
        args = wire.decode(header["args"], arrays, self.handles.__getitem__)
        before = [_snapshot(a) for a in args]
        started = time.perf_counter()
        try:
            value = fn(*args)
        except BaseException as exc:  # the learner's code: any failure becomes an answer
            self.reply(_error(exc, header["fn"]))
            return
        encoder = wire.Encoder(keep=self.keep)
        keep = set(header.get("keep", ()))
        if keep and isinstance(value, tuple):  # a layer's cache stays here, behind a handle
            value = tuple(
                wire.Handle(self.keep(v)) if i - len(value) in keep else v
                for i, v in enumerate(value)
            )
        try:
            body = {
                "op": "result",
                "elapsed": time.perf_counter() - started,
                "value": encoder.encode(value),
                "mutated": [
                    i for i, (a, b) in enumerate(zip(before, args, strict=False)) if not _same(a, b)
                ],
                "args_after": [encoder.encode(a) if isinstance(a, dict) else None for a in args],
            }
        except BaseException as exc:
            self.reply(_error(exc, header["fn"]))
            return
        self.reply(body, encoder.arrays)


def _snapshot(value: Any) -> Any:
    if isinstance(value, np.ndarray | dict | list):
        try:
            return copy.deepcopy(value)
        except Exception:
            return None
    return None


def _same(before: Any, after: Any) -> bool:
    if before is None:
        return True
    if isinstance(before, np.ndarray):
        return (
            isinstance(after, np.ndarray)
            and before.shape == after.shape
            and before.dtype == after.dtype
            and bool(np.array_equal(before, after, equal_nan=True))
        )
    return True  # dicts (bn_param, config) are meant to change; the parent reads them back


def _error(exc: BaseException, fn: str) -> dict[str, Any]:
    if isinstance(exc, MemoryError):
        kind = "memory"
    elif isinstance(exc, SystemExit | KeyboardInterrupt):
        kind = "exit"
    elif isinstance(exc, RecursionError):
        kind = "recursion"
    else:
        kind = "exception"
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith("solution.py")
    ]
    where = f"line {frames[-1].lineno} in {frames[-1].name}" if frames else f"in {fn}"
    message = str(exc).splitlines()[0][:500] if str(exc) else ""
    return {
        "op": "error",
        "kind": kind,
        "type": type(exc).__name__,
        "message": message,
        "where": where,
    }


def signatures(module: ModuleType, names: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in names:
        fn = getattr(module, name, None)
        if not callable(fn):
            continue
        try:
            params = inspect.signature(fn).parameters.values()
            found[name] = [
                {"name": p.name, "kind": p.kind.name, "default": p.default is not p.empty}
                for p in params
            ]
        except (TypeError, ValueError):
            found[name] = None
    return found


def main() -> None:
    set_limits(SETTINGS["limits"])
    os.chdir(SETTINGS["scratch"])
    faulthandler.enable(file=open("fault.txt", "w"))  # noqa: SIM115
    seccomp = install_seccomp()
    output = CappedOutput("output.txt", SETTINGS["limits"]["output_bytes"])
    guard_imports()
    sys.stdout = sys.stderr = output
    server = Server(output)
    spec = importlib.util.spec_from_file_location(LEARNER_MODULE, SETTINGS["source"])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[LEARNER_MODULE] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:
        report = _error(exc, "the module")
        report["op"] = "load_error"
        server.reply(report)
        return
    server.module = module
    server.reply(
        {"op": "loaded", "functions": signatures(module, SETTINGS["functions"]), "seccomp": seccomp}
    )
    server.serve()


if __name__ == "__main__":
    main()
