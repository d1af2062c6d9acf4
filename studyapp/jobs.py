"""Long work as generators: a job yields Progress and returns its result.

    def import_job(...) -> Job[ImportReport]:
        yield Progress(0, 3, "reading notes")
        ...
        return report

The caller drives it with `run` (command line) or from a worker thread (GUI). Cancelling
closes the generator between yields: GeneratorExit is raised at the paused `yield`, so every
`with` block in the job (a transaction, a subprocess) unwinds and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

from studyapp.domain.errors import StudyappError

T = TypeVar("T")

Job = Generator["Progress", None, T]


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None  # None: unknown
    message: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(max(self.done / self.total, 0.0), 1.0)


class Cancelled(StudyappError):
    """The job was cancelled before it finished; whatever it had not committed is undone."""


def run(
    job: Job[T],
    on_progress: Callable[[Progress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> T:
    """Drive `job` to its end and return its result. `cancelled` is asked after every progress
    report; when it says yes the job is closed and Cancelled raised."""
    try:
        while True:
            progress = next(job)
            if on_progress is not None:
                on_progress(progress)
            if cancelled is not None and cancelled():
                job.close()
                raise Cancelled("cancelled")
    except StopIteration as stop:
        result: T = stop.value
        return result
