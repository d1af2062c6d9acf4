"""Checks of forward/backward pairs: outputs and gradients against the reference, the
learner's backward against the numerical gradient of their own forward, running statistics,
and determinism."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.gradcheck import check_layer
from studyapp.domain.grading import CheckResult
from studyapp.grading.catalog import Check, FunctionSpec, Role
from studyapp.grading.compare import Mismatch, compare, mistake_thunks
from studyapp.grading.inputs import Inputs, differentiable, reference
from studyapp.grading.run import Outcome, Run, learner_problem
from studyapp.grading.sandbox import LearnerCallError

GRADCHECK_COORDINATES = 12  # per input: CS231n checks a sample too (grad_check_sparse)


def split_returned(value: Any, count: int, fn: str) -> tuple[tuple[Any, ...], Any] | Mismatch:
    """(outputs, cache) of a forward's return value, or what is wrong with its form."""
    if not isinstance(value, tuple) or len(value) != count + 1:
        got = f"a tuple of {len(value)}" if isinstance(value, tuple) else type(value).__name__
        form = "(out, cache)" if count == 1 else f"({count} outputs, cache)"
        return Mismatch(f"{fn} must return {form}; it returned {got}")
    return value[:count], value[count]


def _douts(outs: tuple[Any, ...], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed + 1)
    return [rng.standard_normal(np.shape(o)) for o in outs]


def _compare_all(
    run: Run,
    spec: FunctionSpec,
    got: tuple[Any, ...],
    want: tuple[Any, ...],
    inputs: Inputs,
    scope: dict[str, Any],
) -> Mismatch | None:
    tol = run.tolerance(inputs.case)
    for index, (name, a, e) in enumerate(zip(spec.names, got, want, strict=False)):
        thunks = mistake_thunks(run.exercise.mistakes, spec.name, index, scope)
        problem = compare(name, a, e, tol, factors=run.factors(inputs), mistakes=thunks)
        if problem is not None:
            return problem
    return None


def forward_outcomes(run: Run, spec: FunctionSpec, *, edge: bool) -> list[Outcome]:
    outcomes = []
    for case in run.cases(spec, edge=edge):
        for seed in run.seeds() if not edge else run.seeds()[:1]:
            inputs = run.inputs(case, spec, seed)
            outcomes.append(Outcome(case.name, seed, inputs.tags, _forward(run, spec, inputs)))
    return outcomes


def _forward(run: Run, spec: FunctionSpec, inputs: Inputs) -> Mismatch | None:
    want, _ = split_returned(run.reference(spec, inputs.args), spec.outputs, "reference")  # type: ignore[misc]
    try:
        result = run.learner(spec, inputs.args, keep_last=True)
    except LearnerCallError as err:
        return learner_problem(err, spec.name, run.sandbox.limits.memory_mb)
    split = split_returned(result.value, spec.outputs, spec.name)
    if isinstance(split, Mismatch):
        return split
    scope = {**inputs.values, "out": want[0] if len(want) == 1 else want}
    return _compare_all(run, spec, split[0], want, inputs, scope)


def backward_outcomes(run: Run, spec: FunctionSpec, *, edge: bool) -> list[Outcome]:
    forward = run.exercise.spec(spec.pairs_with)
    outcomes = []
    for case in run.cases(forward, edge=edge):
        for seed in run.seeds() if not edge else run.seeds()[:1]:
            inputs = run.inputs(case, forward, seed)
            problem = _backward(run, forward, spec, inputs)
            outcomes.append(Outcome(case.name, seed, inputs.tags, problem))
    return outcomes


def _backward(
    run: Run, forward: FunctionSpec, spec: FunctionSpec, inputs: Inputs
) -> Mismatch | None:
    ref = run.reference(forward, inputs.args)
    outs, cache = ref[: forward.outputs], ref[forward.outputs]
    douts = _douts(outs, inputs.seed)
    want = run.reference(spec, [*douts, cache])
    want = want if isinstance(want, tuple) else (want,)
    try:
        result = run.learner(forward, inputs.args, keep_last=True)
        split = split_returned(result.value, forward.outputs, forward.name)
        if isinstance(split, Mismatch):
            return Mismatch(f"cannot check the backward: {split.message}")
        grads = run.learner(spec, [*douts, split[1]]).value
    except LearnerCallError as err:
        return learner_problem(err, spec.name, run.sandbox.limits.memory_mb)
    grads = grads if isinstance(grads, tuple) else (grads,)
    if len(grads) != len(want):
        return Mismatch(
            f"{spec.name} returned {len(grads)} gradients; it must return "
            f"{len(want)}: {', '.join(spec.names)}"
        )
    dout = douts[0] if len(douts) == 1 else douts
    scope = {**inputs.values, "dout": dout, "out": outs[0] if len(outs) == 1 else outs}
    return _compare_all(run, spec, grads, want, inputs, scope)


def gradcheck(run: Run, forward: FunctionSpec, backward: FunctionSpec) -> CheckResult:
    """engine.gradcheck.check_layer on the learner's own pair, in the sandbox."""
    cases = run.cases(forward, edge=False)
    if not cases:
        return CheckResult(Check.GRADCHECK, True, details=("no case applies",))
    inputs = run.inputs(cases[0], forward, run.seeds()[0])
    wrt = list(backward.grads)
    fixed = dict(zip(forward.args, inputs.args, strict=True))

    def fwd(*arrays: np.ndarray) -> Any:
        args = dict(fixed, **dict(zip(wrt, arrays, strict=True)))
        return run.learner(forward, [args[a] for a in forward.args], keep_last=True).value

    def bwd(*douts_and_cache: Any) -> Any:
        return run.learner(backward, list(douts_and_cache)).value

    result = check_layer(
        fwd,
        bwd,
        [differentiable(fixed[name]) for name in wrt],
        names=wrt,
        max_checks=GRADCHECK_COORDINATES,
        rng=run.seeds()[0],
    )
    if result.passed:
        worst = max((c.max_rel_error for c in result.inputs), default=0.0)
        return CheckResult(Check.GRADCHECK, True, details=(f"largest relative error {worst:.1e}",))
    bad = next(c for c in result.inputs if not c.passed)
    if bad.message:
        return CheckResult(Check.GRADCHECK, False, f"d{bad.name}: {bad.message}")
    index = "(" + ", ".join(str(i) for i in bad.worst_index or ()) + ")"
    return CheckResult(
        Check.GRADCHECK,
        False,
        f"your d{bad.name} disagrees with the numerical gradient of your own forward: relative "
        f"error {bad.max_rel_error:.1e}",
        (
            f"worst at index {index}: analytic {bad.analytic:.6g}, numerical {bad.numerical:.6g}",
            f"case {cases[0].name!r} (fixed inputs)",
        ),
    )


def determinism(run: Run, spec: FunctionSpec) -> CheckResult:
    cases = run.cases(spec, edge=False)
    if not cases:
        return CheckResult(Check.DETERMINISTIC, True, details=("no case applies",))
    inputs = run.inputs(cases[0], spec, run.seeds()[0])
    try:
        keep = spec.role in (Role.FORWARD, Role.DROPOUT)  # only a layer's forward has a cache
        first = run.learner(spec, inputs.args, keep_last=keep).value
        second = run.learner(spec, inputs.args, keep_last=keep).value
    except LearnerCallError as err:
        return CheckResult(Check.DETERMINISTIC, False, learner_problem(err, spec.name, 0).message)
    count = len(spec.names)
    for name, a, b in zip(spec.names, _values(first, count), _values(second, count), strict=False):
        if not _same(a, b):
            return CheckResult(
                Check.DETERMINISTIC,
                False,
                f"{spec.name} gave a different {name} for the same inputs (and the same seed)",
            )
    return CheckResult(Check.DETERMINISTIC, True)


def _values(value: Any, count: int) -> tuple[Any, ...]:
    if isinstance(value, tuple):
        return value[:count]
    return (value,)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) or isinstance(b, dict):  # gradients of a params dict
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and a.keys() == b.keys()
            and all(_same(a[k], b[k]) for k in a)
        )
    if isinstance(a, tuple) or isinstance(b, tuple):  # a loss's (dx, dy) of different shapes
        return (
            isinstance(a, tuple)
            and isinstance(b, tuple)
            and len(a) == len(b)
            and all(_same(x, y) for x, y in zip(a, b, strict=True))
        )
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
    except Exception:
        return a is b


def running_stats(run: Run, spec: FunctionSpec, steps: int = 3) -> CheckResult:
    """Several train-mode calls on one parameter dict: the state keys (running mean and
    variance) must follow the reference's; then test mode must use them."""
    name = Check.RUNNING_STATS
    case = run.cases(spec, edge=False)[0]
    first = run.inputs(case, spec, run.seeds()[0])
    index = next(i for i, a in enumerate(first.args) if isinstance(a, dict))
    mine, theirs = dict(first.args[index]), dict(first.args[index])
    swapped = dict(theirs, momentum=1 - theirs.get("momentum", 0.9))  # a common slip
    for step in range(steps):
        args = list(run.inputs(case, spec, run.seeds()[0] + step).args)
        try:
            result = run.learner(spec, [*args[:index], mine, *args[index + 1 :]], keep_last=True)
        except LearnerCallError as err:
            return CheckResult(name, False, learner_problem(err, spec.name, 0).message)
        mine = dict(result.args_after[index] or mine)
        for state in (theirs, swapped):  # the reference updates the dict in place, as CS231n
            reference(spec)(*[*args[:index], state, *args[index + 1 :]])
        for key in spec.state:
            problem = _state_problem(key, mine.get(key), theirs.get(key), step)
            if problem is None:
                continue
            if compare(key, mine.get(key), swapped.get(key), 1e-6) is None:
                problem = Mismatch(
                    f"{key} weighs the batch and the old value the wrong way "
                    "round: running = momentum * running + (1 - momentum) * batch"
                )
            return CheckResult(name, False, problem.message, problem.details)
    return _test_mode(run, spec, index, mine, theirs, case)


def _state_problem(key: str, mine: Any, theirs: Any, step: int) -> Mismatch | None:
    if mine is None:
        return Mismatch(
            f"bn_param['{key}'] is never written: store the updated running "
            "statistics back into the parameter dict"
        )
    problem = compare(f"{key} after {step + 1} step(s)", mine, theirs, 1e-6)
    if problem is None:
        return None
    initial = np.zeros_like(theirs) if "mean" in key else np.ones_like(theirs)
    if np.allclose(np.asarray(mine), initial):
        return Mismatch(f"{key} is not updated in train mode (it is still its starting value)")
    return problem


def _test_mode(
    run: Run,
    spec: FunctionSpec,
    index: int,
    mine: dict[str, Any],
    theirs: dict[str, Any],
    case: Any,
) -> CheckResult:
    inputs = run.inputs(case, spec, run.seeds()[1])
    args = list(inputs.args)
    test_mine, test_theirs = dict(mine, mode="test"), dict(theirs, mode="test")
    try:
        got = run.learner(spec, [*args[:index], test_mine, *args[index + 1 :]], keep_last=True)
    except LearnerCallError as err:
        return CheckResult(Check.RUNNING_STATS, False, learner_problem(err, spec.name, 0).message)
    want = run.reference(spec, [*args[:index], test_theirs, *args[index + 1 :]])[0]
    out = got.value[0] if isinstance(got.value, tuple) else got.value
    problem = compare("test-mode out", out, want, run.tolerance(case))
    if problem is None:
        return CheckResult(Check.RUNNING_STATS, True, details=("3 train steps, then test mode",))
    batch = run.reference(spec, [*args[:index], dict(theirs, mode="train"), *args[index + 1 :]])[0]
    if compare("out", out, batch, 1e-6) is None:
        return CheckResult(
            Check.RUNNING_STATS,
            False,
            "test mode normalises with the batch's "
            "statistics; it must use the running mean and variance",
        )
    return CheckResult(Check.RUNNING_STATS, False, problem.message, problem.details)
