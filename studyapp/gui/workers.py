"""Long work off the GUI thread: a job generator (or a plain call) runs on the QThreadPool, its
newest progress is shown ~10 times a second (never an old step while the job is in a later
one), its result or error comes back on the GUI thread.

As Anki's CollectionOp/QueryOp: a QRunnable owns a QObject of signals; they reach a relay that
lives on the GUI thread (a bound @Slot, so Qt queues the call there); no widget is touched off
the GUI thread. Cancelling sets an Event: the job stops at its next yield (its transactions
roll back) and a grading's sandbox is killed at once.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

from studyapp.jobs import Cancelled, Progress

PROGRESS_INTERVAL_S = 0.1


class _Latest:
    """The job's newest progress: written by the pool thread at every yield, read by the
    relay's timer on the GUI thread (one reference assignment, atomic under the GIL). A job
    that yields thousands of steps costs no signals, and one that blocks right after a step
    (a sandbox running the learner's code) still has that step shown."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: Progress | None = None


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Relay(QObject):
    """Lives on the GUI thread; turns the task's signals into the caller's callbacks."""

    def __init__(
        self, parent: QObject, callbacks: dict[str, Callable[..., Any] | None], latest: _Latest
    ) -> None:
        super().__init__(parent)
        self._callbacks = callbacks
        self.done = threading.Event()
        self._latest: _Latest = latest
        self._shown: Progress | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(round(PROGRESS_INTERVAL_S * 1000))
        self._timer.timeout.connect(self.show_progress)
        self._timer.start()

    def _call(self, name: str, *args: Any) -> None:
        callback = self._callbacks.get(name)
        if callback is not None:
            callback(*args)

    @Slot()
    def show_progress(self) -> None:
        progress = self._latest.value
        if progress is not None and progress is not self._shown:
            self._shown = progress
            self._call("progress", progress)

    @Slot(object)
    def on_finished(self, result: Any) -> None:
        self._finish("done", result)

    @Slot(object)
    def on_failed(self, error: BaseException) -> None:
        self._finish("error", error)

    @Slot()
    def on_cancelled(self) -> None:
        self._finish("cancelled")

    def _finish(self, name: str, *args: Any) -> None:
        self._timer.stop()
        self.done.set()
        try:
            self._call(name, *args)
        finally:
            self.deleteLater()


class _Task(QRunnable):
    def __init__(
        self, work: Callable[[threading.Event], Any], cancel: threading.Event, latest: _Latest
    ) -> None:
        super().__init__()
        self.signals = _Signals()
        self._work = work
        self._cancel = cancel
        self._latest = latest
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            value = self._work(self._cancel)
            if inspect.isgenerator(value):
                value = self._drive(value)
        except Cancelled:
            self.signals.cancelled.emit()
        except BaseException as err:  # reported on the GUI thread, never lost
            if self._cancel.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.failed.emit(err)
        else:
            self.signals.finished.emit(value)

    def _drive(self, job: Any) -> Any:
        try:
            while True:
                self._latest.value = next(job)
                if self._cancel.is_set():
                    job.close()  # GeneratorExit at the yield: the job's `with` blocks unwind
                    raise Cancelled("cancelled")
        except StopIteration as stop:
            return stop.value


class TaskHandle:
    def __init__(self, cancel: threading.Event, relay: _Relay) -> None:
        self._cancel, self._relay = cancel, relay

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def running(self) -> bool:
        return not self._relay.done.is_set()


class Worker(QObject):
    """Submits work to the global thread pool and keeps track of what is still running."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handles: list[TaskHandle] = []

    def submit(
        self,
        work: Callable[[threading.Event], Any],
        *,
        done: Callable[[Any], None] | None = None,
        error: Callable[[BaseException], None] | None = None,
        progress: Callable[[Progress], None] | None = None,
        cancelled: Callable[[], None] | None = None,
    ) -> TaskHandle:
        """Run `work(cancel_event)` on the pool. It may return a value or a job generator."""
        cancel = threading.Event()
        callbacks = {"done": done, "error": error, "progress": progress, "cancelled": cancelled}
        latest = _Latest()
        relay = _Relay(self, callbacks, latest)
        task = _Task(work, cancel, latest)
        task.signals.finished.connect(relay.on_finished)
        task.signals.failed.connect(relay.on_failed)
        task.signals.cancelled.connect(relay.on_cancelled)
        handle = TaskHandle(cancel, relay)
        self._handles = [h for h in self._handles if h.running] + [handle]
        QThreadPool.globalInstance().start(task)
        return handle

    def busy(self) -> bool:
        return any(h.running for h in self._handles)

    def cancel_all(self) -> None:
        for handle in self._handles:
            handle.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel everything and wait for the pool to empty (closing the window)."""
        self.cancel_all()
        return QThreadPool.globalInstance().waitForDone(timeout_ms)
