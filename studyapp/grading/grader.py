"""Grading one exercise file: static checks, then every check in the sandbox, each reported
separately and all run even after one fails (as Gradescope reports per test). A child that
dies (timeout, memory, crash, exit, cancel) ends the grading with its own verdict; the checks
it did not reach are reported as not run."""

from __future__ import annotations

import ast
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

from studyapp.domain.grading import CheckResult, GradeReport, RunVerdict
from studyapp.grading import checks_layer as layer
from studyapp.grading import checks_other as other
from studyapp.grading import static
from studyapp.grading.catalog import Check, Exercise, FunctionSpec, Role
from studyapp.grading.run import Outcome, Run, summarise
from studyapp.grading.sandbox import Limits, Sandbox, SandboxDied, Verdict
from studyapp.jobs import Job, Progress

LOADS = "loads"
SLOW_FOR_MODELS = "not run: your functions are too slow for the sample model (see speed)"
DEFAULT_LIMITS = Limits()
MAX_SOURCE_BYTES = 1 << 20
_ORDER = (
    Check.FORWARD,
    Check.BACKWARD,
    Check.GRADCHECK,
    Check.EDGE_CASES,
    Check.RUNNING_STATS,
    Check.DROPOUT,
    Check.SANITY,
    Check.DETERMINISTIC,
    Check.SPEED,
    Check.NO_LOOPS,
    Check.NO_MUTATION,
)
_VERDICTS = {
    Verdict.TIMEOUT: RunVerdict.TIMEOUT,
    Verdict.MEMORY: RunVerdict.MEMORY,
    Verdict.CRASHED: RunVerdict.CRASHED,
    Verdict.EXITED: RunVerdict.EXITED,
    Verdict.CANCELLED: RunVerdict.CANCELLED,
}


def starter_parameters(exercise: Exercise) -> dict[str, list[str]]:
    tree = ast.parse(exercise.starter.read_text(encoding="utf-8"))
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    return {name: static.parameters(defs[name]) for name in exercise.function_names}


def planned(exercise: Exercise) -> list[str]:
    checks = [c.value for c in _ORDER if c in exercise.checks]
    return [LOADS, *checks, *(name for use in exercise.models for name in use.check_names())]


def grade_job(
    exercise: Exercise,
    source: Path,
    limits: Limits = DEFAULT_LIMITS,
    *,
    cancel: threading.Event | None = None,
    random_seed: int | None = None,
    reference_modules: tuple[str, ...] = (),
) -> Job[GradeReport]:
    """Grade `source` as a solution of `exercise`. `cancel`, set from any thread, stops the
    child within half a second. `reference_modules` is for tests only (the engine graded as a
    learner's file)."""
    started = time.monotonic()
    names = planned(exercise)
    yield Progress(0, len(names), "reading your file")
    text = _read(source)
    problems = ["the file is not UTF-8 text"] if text is None else []
    report = static.check_source(text or "", starter_parameters(exercise))
    problems += list(report.problems)
    if not reference_modules and problems:
        return _report(exercise, started, [_not_loaded(problems)], names, RunVerdict.NOT_LOADED)
    results: list[CheckResult] = []
    sandbox = Sandbox(
        source, list(exercise.function_names), limits, reference_modules=reference_modules
    )
    if cancel is not None:
        sandbox._cancelled = cancel
    verdict = RunVerdict.FAILED
    output = None
    try:
        yield Progress(0, len(names), "starting the sandbox")
        load = sandbox.start()
        if not load.ok:
            assert load.error is not None
            message = f"importing the file failed: {load.error}"
            return _report(
                exercise, started, [_not_loaded([message])], names, RunVerdict.NOT_LOADED
            )
        results.append(CheckResult(LOADS, True, details=(f"sandbox: seccomp {load.seccomp}",)))
        run = Run(
            exercise,
            sandbox,
            report.tree or ast.parse(""),
            random_seed if random_seed is not None else random.randrange(1, 2**31),
        )
        for index, name in enumerate(names[1:], start=1):
            yield Progress(index, len(names), f"checking: {name}")
            too_slow = any(r.name == Check.SPEED and not r.passed for r in results)
            if too_slow and name.startswith("model:"):
                # A model runs the layer thousands of times: far too slow code would only run
                # into the wall limit and hide the verdicts already found.
                results.append(CheckResult(name, False, SLOW_FOR_MODELS, skipped=True))
                continue
            results.append(_check(run, name))
    except SandboxDied as died:
        verdict = _VERDICTS[died.verdict]
        done = {r.name for r in results}
        current = next((n for n in names if n not in done), names[-1])
        results.append(CheckResult(current, False, died.message))
    finally:
        output = sandbox.close()
    passed = (
        verdict is RunVerdict.FAILED
        and all(r.passed for r in results)
        and len(results) == len(names)
    )
    final = _report(exercise, started, results, names, RunVerdict.PASSED if passed else verdict)
    return GradeReport(
        **{**final.__dict__, "output": output.text, "output_dropped": output.dropped_chars}
    )


def _read(source: Path) -> str | None:
    data = source.read_bytes()[: MAX_SOURCE_BYTES + 1]
    if len(data) > MAX_SOURCE_BYTES:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _not_loaded(problems: list[str]) -> CheckResult:
    return CheckResult(LOADS, False, problems[0], tuple(problems[1:]))


def _report(
    exercise: Exercise,
    started: float,
    results: list[CheckResult],
    names: list[str],
    verdict: RunVerdict,
) -> GradeReport:
    done = {r.name for r in results}
    reason = "not run: the file did not load" if verdict is RunVerdict.NOT_LOADED else "not run"
    skipped = [CheckResult(n, False, reason, skipped=True) for n in names if n not in done]
    checks = tuple(results + skipped)
    passed = verdict is RunVerdict.PASSED
    sandbox = next((d for r in checks if r.name == LOADS for d in r.details), "")
    return GradeReport(
        exercise=exercise.id,
        passed=passed,
        verdict=verdict,
        checks=checks,
        duration_s=time.monotonic() - started,
        sandbox=sandbox,
        hints=() if passed else exercise.hints,
    )


def _specs(run: Run, *roles: Role) -> list[FunctionSpec]:
    return [f for f in run.exercise.functions if f.role in roles]


def _outcomes(run: Run, *, edge: bool) -> list[Outcome]:
    found: list[Outcome] = []
    for spec in run.exercise.functions:
        if spec.role is Role.FORWARD:
            found += layer.forward_outcomes(run, spec, edge=edge)
        elif spec.role is Role.BACKWARD:
            found += layer.backward_outcomes(run, spec, edge=edge)
        elif spec.role in (Role.LOSS, Role.FUNCTION):
            found += other.value_outcomes(run, spec, edge=edge)
        elif spec.role is Role.UPDATE_RULE:
            found += other.rule_outcomes(run, spec, edge=edge)
    return found


def _check(run: Run, name: str) -> CheckResult:
    check = Check(name) if name in Check.__members__.values() else None
    handlers: dict[Check | None, Callable[[], CheckResult]] = {
        Check.FORWARD: lambda: _forward(run),
        Check.BACKWARD: lambda: summarise(
            Check.BACKWARD,
            [
                o
                for s in _specs(run, Role.BACKWARD)
                for o in layer.backward_outcomes(run, s, edge=False)
            ],
        ),
        Check.GRADCHECK: lambda: _gradcheck(run),
        Check.EDGE_CASES: lambda: summarise(Check.EDGE_CASES, _outcomes(run, edge=True)),
        Check.RUNNING_STATS: lambda: layer.running_stats(run, _with_state(run)),
        Check.DROPOUT: lambda: other.dropout_properties(run, *_dropout(run)),
        Check.SANITY: lambda: other.sanity(run),
        Check.DETERMINISTIC: lambda: layer.determinism(run, _main(run)),
        Check.SPEED: lambda: other.speed(run, _main(run)),
        Check.NO_LOOPS: lambda: other.no_loops(run),
        Check.NO_MUTATION: lambda: other.mutations(run),
    }
    if check in handlers:
        return handlers[check]()
    from studyapp.grading.models import model_check

    _, model, kind = name.split(":")
    use = next(u for u in run.exercise.models if u.name == model)
    result: CheckResult = model_check(run, use, kind, name)
    return result


def _forward(run: Run) -> CheckResult:
    outcomes: list[Outcome] = []
    for spec in run.exercise.functions:
        if spec.role is Role.FORWARD:
            outcomes += layer.forward_outcomes(run, spec, edge=False)
        elif spec.role in (Role.LOSS, Role.FUNCTION):
            outcomes += other.value_outcomes(run, spec, edge=False)
        elif spec.role is Role.UPDATE_RULE:
            outcomes += other.rule_outcomes(run, spec, edge=False)
    return summarise(Check.FORWARD, outcomes)


def _gradcheck(run: Run) -> CheckResult:
    results = [
        layer.gradcheck(run, run.exercise.spec(b.pairs_with), b) for b in _specs(run, Role.BACKWARD)
    ]
    results += [other.loss_gradcheck(run, s) for s in _specs(run, Role.LOSS) if s.grads]
    failed = [r for r in results if not r.passed]
    return failed[0] if failed else (results[0] if results else CheckResult(Check.GRADCHECK, True))


def _main(run: Run) -> FunctionSpec:
    return next(f for f in run.exercise.functions if f.role is not Role.BACKWARD)


def _with_state(run: Run) -> FunctionSpec:
    return next(f for f in run.exercise.functions if f.state)


def _dropout(run: Run) -> tuple[FunctionSpec, FunctionSpec]:
    forward = next(f for f in run.exercise.functions if f.role is Role.DROPOUT)
    backward = next(f for f in run.exercise.functions if f.pairs_with == forward.name)
    return forward, backward
