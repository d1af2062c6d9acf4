"""Hostile learner code: endless loops, memory hogs, crashes, exits, floods of output, the
reference imported, cancelling. The app process survives, the verdict is clear, nothing is
left running, and no wait exceeds the wall limit."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from studyapp.domain.grading import RunVerdict
from studyapp.grading.catalog import find_exercise
from studyapp.grading.grader import grade_job
from studyapp.grading.sandbox import Limits, Sandbox, SandboxDied, Verdict
from studyapp.jobs import run

GOOD_FORWARD = """
def affine_forward(x, w, b):
    {body}
    return x.reshape(x.shape[0], -1) @ w + b, (x, w, b)
"""
GOOD_BACKWARD = """
def affine_backward(dout, cache):
    x, w, b = cache
    return (dout @ w.T).reshape(x.shape), x.reshape(x.shape[0], -1).T @ dout, dout.sum(axis=0)
"""


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def _children() -> set[int]:
    """Pids of this test process's sandbox children alive now (another test run's, on the same
    machine, are not ours to count)."""
    me, found = os.getpid(), set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"harness/child.py" not in cmdline:
                continue
            pid = ancestor = int(entry.name)
            while ancestor > 1 and ancestor != me:
                ancestor = _parent(ancestor)
            if ancestor == me:
                found.add(pid)
    return found


def _grade(tmp_path: Path, code: str, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    source = tmp_path / "solution.py"
    source.write_text(code, encoding="utf-8")
    before = _children()
    started = time.monotonic()
    report = run(grade_job(find_exercise("affine"), source, limits or Limits()))
    elapsed = time.monotonic() - started
    assert _children() <= before, "a sandbox child was left running"
    return report, elapsed


def _learner(body: str) -> str:
    return "import numpy as np\n" + GOOD_FORWARD.format(body=body) + GOOD_BACKWARD


def test_an_endless_loop_times_out_within_the_wall_limit(tmp_path: Path) -> None:
    report, elapsed = _grade(tmp_path, _learner("while True:\n        pass"), Limits(wall_s=3))
    assert report.verdict is RunVerdict.TIMEOUT and not report.passed
    failed = next(c for c in report.checks if not c.passed)
    assert "ran past the 3 s limit" in failed.message
    assert elapsed < 3 + 2.5
    assert any(c.skipped for c in report.checks)


def test_eating_memory_is_reported_as_memory(tmp_path: Path) -> None:
    report, _ = _grade(tmp_path, _learner("big = np.ones((20000, 20000))"), Limits(memory_mb=768))
    forward = next(c for c in report.checks if c.name == "forward")
    assert not forward.passed and "ran out of memory (the limit is 768 MB)" in forward.message
    assert report.verdict is RunVerdict.FAILED  # the child lives on; the other checks ran


def test_a_segfault_is_a_crash_with_its_signal(tmp_path: Path) -> None:
    crash = "np.lib.stride_tricks.as_strided(x, shape=(10**9,), strides=(10**6,)).sum()"
    report, _ = _grade(tmp_path, _learner(crash))
    assert report.verdict is RunVerdict.CRASHED
    assert any("segmentation fault" in c.message for c in report.checks)


def test_raising_system_exit_in_a_function_is_refused(tmp_path: Path) -> None:
    report, _ = _grade(tmp_path, _learner("raise SystemExit(0)"))
    forward = next(c for c in report.checks if c.name == "forward")
    assert "tried to end the program" in forward.message and not report.passed


def test_system_exit_at_import_does_not_load(tmp_path: Path) -> None:
    report, _ = _grade(tmp_path, _learner("pass") + "\nraise SystemExit(3)\n")
    assert report.verdict is RunVerdict.NOT_LOADED
    assert "importing the file failed: SystemExit" in report.checks[0].message


def test_a_flood_of_output_is_kept_to_64_kb(tmp_path: Path) -> None:
    report, _ = _grade(tmp_path, _learner("print('x' * 1_000_000)"))
    assert report.passed, [(c.name, c.message) for c in report.checks if not c.passed]
    assert len(report.output) == 64 * 1024 and report.output_dropped > 10_000_000


def test_the_reference_and_os_cannot_be_imported(tmp_path: Path) -> None:
    hostile = "import engine.layers\nimport os\nos._exit(0)\n" + GOOD_FORWARD.format(body="pass")
    report, _ = _grade(tmp_path, hostile)
    assert report.verdict is RunVerdict.NOT_LOADED
    loads = report.checks[0]
    assert "'engine.layers' is not allowed" in loads.message
    assert any("'os' is not allowed" in d for d in loads.details)
    sneaky = "import numpy as np\nnp.lib._datasource.os._exit(0)\n"
    report, _ = _grade(tmp_path, sneaky)
    assert report.verdict is RunVerdict.NOT_LOADED
    assert ".os is not allowed" in report.checks[0].message


def _sandbox(tmp_path: Path, code: str, **limits: float) -> Sandbox:
    source = tmp_path / "raw.py"
    source.write_text(code, encoding="utf-8")
    return Sandbox(source, ["f"], Limits(**limits))  # type: ignore[arg-type]


def test_at_run_time_the_child_refuses_the_reference_too(tmp_path: Path) -> None:
    # The static check is bypassed here: the child's own import guard must hold.
    with _sandbox(tmp_path, "import engine\n") as box:
        report = box.start()
    assert not report.ok and report.error is not None
    assert "importing 'engine' is not allowed" in str(report.error)


def test_os_exit_at_import_is_an_exit_without_a_result(tmp_path: Path) -> None:
    source = "import numpy as np\nnp.lib._datasource.os._exit(0)\n"
    with _sandbox(tmp_path, source) as box, pytest.raises(SandboxDied) as died:
        box.start()
    assert died.value.verdict is Verdict.EXITED and "exit status 0" in died.value.message


def test_fork_and_exec_are_refused_by_seccomp(tmp_path: Path) -> None:
    code = (
        "import numpy as np\n"
        "def f():\n"
        "    os = np.lib._datasource.os\n"
        "    try:\n"
        "        os.fork()\n"
        "    except OSError as e:\n"
        "        return e.errno\n"
        "    return -1\n"
    )
    with _sandbox(tmp_path, code) as box:
        report = box.start()
        if report.seccomp != "on":
            pytest.skip(f"seccomp is {report.seccomp} here")
        assert box.call("f").value == 1  # EPERM: no new process


def test_cancel_from_another_thread_stops_the_grading(tmp_path: Path) -> None:
    source = tmp_path / "solution.py"
    source.write_text(_learner("while True:\n        pass"), encoding="utf-8")
    cancel = threading.Event()
    timer = threading.Timer(0.8, cancel.set)
    timer.start()
    started = time.monotonic()
    report = run(grade_job(find_exercise("affine"), source, cancel=cancel))
    assert report.verdict is RunVerdict.CANCELLED and time.monotonic() - started < 3
    assert not _children()


def test_array_results_come_back_as_data_not_objects(tmp_path: Path) -> None:
    code = "import numpy as np\ndef f(x):\n    return x * 2, {'k': x}, [1.5, None], (x,)\n"
    with _sandbox(tmp_path, code) as box:
        box.start()
        value = box.call("f", np.arange(3.0)).value
    assert np.array_equal(value[0], [0, 2, 4]) and np.array_equal(value[1]["k"], [0, 1, 2])
    assert value[2] == [1.5, None] and isinstance(value[3], tuple)


def test_the_child_runs_isolated_with_a_minimal_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYAPP_TEST_SECRET", "do not pass on")
    code = (
        "import numpy as np\n"
        "def f():\n"
        "    os = np.lib._datasource.os\n"
        "    sys = np.lib._utils_impl.sys\n"
        "    return sys.flags.isolated, os.environ.get('STUDYAPP_TEST_SECRET'), "
        "os.environ['OPENBLAS_NUM_THREADS'], [p for p in sys.path if 'site-packages' in p]\n"
    )
    with _sandbox(tmp_path, code) as box:
        box.start()
        isolated, secret, threads, site = box.call("f").value
    assert (isolated, secret, threads, site) == (1, None, "1", [])


def test_caches_the_parent_drops_are_freed_in_the_child(tmp_path: Path) -> None:
    # A sample model calls a layer thousands of times (one LSTM step per character): each call
    # leaves a 4 MB cache in the child, 1.6 GB in all, past a 512 MB limit unless the caches
    # the parent no longer holds are freed.
    code = "import numpy as np\n\ndef f(x):\n    return x, np.ones(512 * 1024)\n"
    with _sandbox(tmp_path, code, memory_mb=512, wall_s=60) as box:
        assert box.start().ok
        kept = []
        for step in range(400):
            _, cache = box.call("f", np.zeros(3), keep_last=True).value
            if step % 100 == 0:
                kept.append(cache)  # these stay alive, and usable
        assert box.live_handles == len(kept) + 1  # the last one, still bound to `cache`
        del cache
        first = kept[0]
        assert box.call("f", np.zeros(3), keep_last=True).value[1].id > first.id
