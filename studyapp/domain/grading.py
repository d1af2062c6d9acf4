"""What grading an exercise produces: one result per check, and the verdict of the run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class RunVerdict(StrEnum):
    """How the grading ended. `PASSED`/`FAILED` mean the learner's code answered every call;
    the others name what stopped it."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_LOADED = "not_loaded"  # syntax error, forbidden import, missing function, import raised
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASHED = "crashed"
    EXITED = "exited"
    CANCELLED = "cancelled"


class ExerciseStatus(StrEnum):
    NOT_STARTED = "not started"
    FAILING = "failing"
    PASSED = "passed"
    DUE = "due again"


@dataclass(frozen=True)
class CheckResult:
    """One check: `message` is the diagnosis (empty only when it passed); `details` are the
    lines under it (worst index, expected and actual values, the case that broke)."""

    name: str
    passed: bool
    message: str = ""
    details: tuple[str, ...] = ()
    skipped: bool = False  # not run (the file did not load, the child died before it)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["details"] = list(self.details)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckResult:
        details = tuple(str(d) for d in data.get("details", ()))
        message = str(data.get("message", ""))
        return cls(
            str(data["name"]), bool(data["passed"]), message, details, bool(data.get("skipped"))
        )


@dataclass(frozen=True)
class GradeReport:
    exercise: str
    passed: bool
    verdict: RunVerdict
    checks: tuple[CheckResult, ...]
    duration_s: float
    output: str = ""  # what the learner's code printed (the first 64 KB)
    output_dropped: int = 0  # characters printed beyond that
    sandbox: str = ""  # how the child was confined ("seccomp on", ...)
    submission_id: int | None = None
    hints: tuple[str, ...] = field(default=())  # shown when a check failed

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "passed": self.passed,
            "verdict": self.verdict.value,
            "checks": [c.to_json() for c in self.checks],
            "duration_s": round(self.duration_s, 3),
            "output": self.output,
            "output_dropped": self.output_dropped,
            "sandbox": self.sandbox,
            "submission_id": self.submission_id,
            "hints": list(self.hints),
        }
