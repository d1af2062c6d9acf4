"""The worker pool: the newest step of a job is shown even when the job blocks right after it,
a job of many steps costs few updates, results, errors and cancelling reach the GUI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from studyapp.gui.workers import PROGRESS_INTERVAL_S, Worker
from studyapp.jobs import Job, Progress

pytestmark = pytest.mark.gui


@pytest.fixture
def worker(qapp: Any) -> Iterator[Worker]:
    made = Worker()
    yield made
    assert made.shutdown(10_000)


def test_the_step_a_job_blocks_in_is_shown(qtbot: Any, worker: Worker) -> None:
    """As a grading: "starting" then at once "checking" and the learner's code runs on."""
    release = threading.Event()
    shown: list[str] = []

    def job(cancel: threading.Event) -> Job[str]:
        yield Progress(0, 2, "starting the sandbox")
        yield Progress(1, 2, "checking: forward")
        release.wait(30)
        return "done"

    results: list[str] = []
    handle = worker.submit(job, progress=lambda p: shown.append(p.message), done=results.append)
    qtbot.waitUntil(lambda: shown[-1:] == ["checking: forward"], timeout=5_000)
    assert handle.running and not results
    release.set()
    qtbot.waitUntil(lambda: results == ["done"], timeout=5_000)
    assert not handle.running


def test_a_job_of_many_steps_costs_a_few_updates_each_newer(qtbot: Any, worker: Worker) -> None:
    steps = 200_000
    shown: list[int] = []
    results: list[int] = []

    def job(cancel: threading.Event) -> Job[int]:
        for done in range(steps):
            yield Progress(done, steps, "counting")
        time.sleep(3 * PROGRESS_INTERVAL_S)  # the last step stays long enough to be seen
        return steps

    started = time.monotonic()
    worker.submit(job, progress=lambda p: shown.append(p.done), done=results.append)
    qtbot.waitUntil(lambda: results == [steps], timeout=30_000)
    elapsed = time.monotonic() - started
    assert shown and shown == sorted(set(shown)), "an older step came after a newer one"
    assert shown[-1] == steps - 1
    assert len(shown) <= elapsed / PROGRESS_INTERVAL_S + 2


def test_errors_and_cancelling_come_back(qtbot: Any, worker: Worker) -> None:
    errors: list[BaseException] = []
    worker.submit(lambda cancel: 1 / 0, error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5_000)
    assert isinstance(errors[0], ZeroDivisionError)

    cancelled: list[bool] = []

    def endless(cancel: threading.Event) -> Job[None]:
        while True:
            yield Progress(0, 0, "waiting")
            time.sleep(0.01)

    handle = worker.submit(endless, cancelled=lambda: cancelled.append(True))
    qtbot.wait(50)
    handle.cancel()
    qtbot.waitUntil(lambda: cancelled == [True], timeout=5_000)
    assert not handle.running and not worker.busy()
