"""Checks of losses, plain functions, update rules and dropout; speed, loops, sanity facts
from the notes, and inputs changed in place."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from engine.gradcheck import check_layer
from studyapp.domain.grading import CheckResult
from studyapp.grading import static
from studyapp.grading.catalog import Case, Check, FunctionSpec, Role
from studyapp.grading.compare import Mismatch, compare, mistake_thunks
from studyapp.grading.inputs import Inputs, differentiable, evaluate, make_inputs
from studyapp.grading.run import Outcome, Run, learner_problem
from studyapp.grading.sandbox import LearnerCallError


def _returned(value: Any, spec: FunctionSpec) -> tuple[Any, ...] | Mismatch:
    """A loss's (loss, grads...) flattened: (loss, dx) or (loss, (d1, d2)) -> (loss, d1, d2)."""
    if spec.role is Role.LOSS:
        if not isinstance(value, tuple) or len(value) != 2:
            return Mismatch(
                f"{spec.name} must return (loss, gradient); it returned {type(value).__name__}"
            )
        grads = value[1] if len(spec.grads) > 1 and isinstance(value[1], tuple) else (value[1],)
        return (value[0], *grads)
    if len(spec.names) > 1:
        return value if isinstance(value, tuple) else (value,)
    return (value,)


def value_outcomes(run: Run, spec: FunctionSpec, *, edge: bool) -> list[Outcome]:
    """Losses and plain functions: every returned value against the reference."""
    outcomes = []
    for case in run.cases(spec, edge=edge):
        for seed in run.seeds() if not edge else run.seeds()[:1]:
            inputs = run.inputs(case, spec, seed)
            outcomes.append(Outcome(case.name, seed, inputs.tags, _values(run, spec, inputs)))
    return outcomes


def _values(run: Run, spec: FunctionSpec, inputs: Inputs) -> Mismatch | None:
    want = _returned(run.reference(spec, inputs.args), spec)
    assert not isinstance(want, Mismatch)
    try:
        got = _returned(run.learner(spec, inputs.args).value, spec)
    except LearnerCallError as err:
        return learner_problem(err, spec.name, run.sandbox.limits.memory_mb)
    if isinstance(got, Mismatch):
        return got
    exact = all(np.asarray(w).dtype.kind in "biu" for w in want)
    for index, (name, a, e) in enumerate(zip(spec.names, got, want, strict=False)):
        thunks = mistake_thunks(run.exercise.mistakes, spec.name, index, inputs.values)
        tol = run.tolerance(inputs.case)
        problem = compare(
            name, a, e, tol, factors=run.factors(inputs), mistakes=thunks, exact=exact
        )
        if problem is not None:
            return problem
    if len(got) != len(want):
        return Mismatch(f"{spec.name} returned {len(got)} values; it must return {len(want)}")
    return None


def loss_gradcheck(run: Run, spec: FunctionSpec) -> CheckResult:
    """The learner's gradient against centred differences of their own loss."""
    case = run.cases(spec, edge=False)[0]
    inputs = run.inputs(case, spec, run.seeds()[0])
    fixed = dict(zip(spec.args, inputs.args, strict=True))
    wrt = list(spec.grads)

    def fwd(*arrays: np.ndarray) -> Any:
        args = dict(fixed, **dict(zip(wrt, arrays, strict=True)))
        got = _returned(run.learner(spec, [args[a] for a in spec.args]).value, spec)
        if isinstance(got, Mismatch):
            raise ValueError(got.message)
        return np.asarray(got[0], dtype=np.float64).reshape(()), got[1:]

    def bwd(dloss: np.ndarray, grads: tuple[Any, ...]) -> Any:
        return grads if len(grads) > 1 else grads[0]

    result = check_layer(
        fwd,
        bwd,
        [differentiable(fixed[n]) for n in wrt],
        dout=np.array(1.0),
        names=wrt,
        max_checks=12,
        rng=run.seeds()[0],
    )
    if result.passed:
        return CheckResult(Check.GRADCHECK, True)
    bad = next(c for c in result.inputs if not c.passed)
    if bad.message:
        return CheckResult(Check.GRADCHECK, False, f"d{bad.name}: {bad.message}")
    return CheckResult(
        Check.GRADCHECK,
        False,
        f"your d{bad.name} disagrees with the numerical gradient of your own loss: relative "
        f"error {bad.max_rel_error:.1e}",
        (f"analytic {bad.analytic:.6g}, numerical {bad.numerical:.6g}",),
    )


def rule_outcomes(run: Run, spec: FunctionSpec, *, edge: bool) -> list[Outcome]:
    """Update rules: several steps from the case's config (None: a fresh one), each step's
    next_w and config entries against the reference's."""
    outcomes = []
    for case in run.cases(spec, edge=edge):
        for seed in run.seeds() if not edge else run.seeds()[:1]:
            problem = _rule(run, spec, case, seed)
            outcomes.append(Outcome(case.name, seed, frozenset(), problem))
    return outcomes


def _rule(run: Run, spec: FunctionSpec, case: Case, seed: int) -> Mismatch | None:
    first = make_inputs(case, spec, seed)
    w, config = first.args[0], first.args[2]
    mine = theirs = config
    w_mine = w_theirs = w
    for step in range(max(case.repeat, 1)):
        dw = make_inputs(case, spec, seed + 1 + step).args[1]
        # a known mistake is computed from this step's w and dw and the reference's config
        # before the step ({} on a fresh start)
        scope = {"w": w_mine, "dw": dw, "config": dict(theirs or {}), "step": step + 1}
        ref_w, theirs = run.reference(spec, [w_theirs, dw, theirs])
        try:
            got = run.learner(spec, [w_mine, dw, mine]).value
        except LearnerCallError as err:
            return learner_problem(err, spec.name, run.sandbox.limits.memory_mb)
        if not isinstance(got, tuple) or len(got) != 2 or not isinstance(got[1], dict):
            return Mismatch(f"{spec.name} must return (next_w, config) with config a dict")
        w_mine, mine = got
        where = f" after step {step + 1}"
        thunks = mistake_thunks(run.exercise.mistakes, spec.name, 0, scope)
        problem = compare(f"next_w{where}", w_mine, ref_w, run.tolerance(case), mistakes=thunks)
        for key, value in theirs.items():
            if key in spec.free_state:  # its form is the learner's: judged through next_w
                continue
            if problem is None and isinstance(value, np.ndarray | int | float):
                if key not in mine:
                    return Mismatch(
                        f"config['{key}'] is missing{where}: keep the optimiser's state in config"
                    )
                problem = compare(f"config['{key}']{where}", mine[key], value, run.tolerance(case))
        if problem is not None:
            return problem
        w_theirs = ref_w
    return None


def dropout_properties(run: Run, forward: FunctionSpec, backward: FunctionSpec) -> CheckResult:
    """Dropout is checked by what it must do, never against the reference's own mask."""
    p, x = 0.3, np.ones((400, 250)) * 2.0
    dout = np.random.default_rng(7).standard_normal(x.shape)
    problems = []
    try:
        out, cache = run.learner(
            forward, [x, {"mode": "train", "p": p, "seed": 123}], keep_last=True
        ).value
        kept = out != 0
        share = 1 - kept.mean()
        if abs(share - p) > 0.02:
            problems.append(
                f"{share:.1%} of the units are dropped; p = {p} means {p:.0%} dropped"
                + (
                    " (is p the keep probability in your code?)"
                    if abs(share - (1 - p)) < 0.02
                    else ""
                )
            )
        if kept.any() and not np.allclose(out[kept], x[kept] / (1 - p)):
            scale = float(np.median(out[kept] / x[kept]))
            problems.append(
                f"kept units are scaled by {scale:.4g}; inverted dropout scales "
                f"them by 1/(1 - p) = {1 / (1 - p):.4g}"
            )
        dx = run.learner(backward, [dout, cache]).value
        expected = np.where(kept, dout / (1 - p), 0.0)
        if compare("dx", dx, expected, 1e-9) is not None:
            problems.append(
                "the backward does not use the forward's mask and scale "
                "(dx must be dout * mask / (1 - p))"
            )
        again = run.learner(
            forward, [x, {"mode": "train", "p": p, "seed": 123}], keep_last=True
        ).value[0]
        if not np.array_equal(again != 0, kept):
            problems.append("the same seed gave a different mask")
        test = run.learner(
            forward, [x, {"mode": "test", "p": p, "seed": 123}], keep_last=True
        ).value[0]
        if compare("test-mode out", test, x, 1e-12) is not None:
            problems.append(
                "test mode must return x unchanged (inverted dropout scales in training)"
            )
    except LearnerCallError as err:
        return CheckResult(Check.DROPOUT, False, learner_problem(err, forward.name, 0).message)
    except (TypeError, ValueError, IndexError) as err:
        return CheckResult(Check.DROPOUT, False, f"{forward.name} must return (out, cache): {err}")
    if problems:
        return CheckResult(Check.DROPOUT, False, problems[0], tuple(problems[1:]))
    return CheckResult(
        Check.DROPOUT, True, details=("drop share, scale, mask in backward, seed, test mode",)
    )


def speed(run: Run, spec: FunctionSpec) -> CheckResult:
    case = run.exercise.speed_case
    assert case is not None
    inputs = make_inputs(case, spec, run.seeds()[0])
    times_ref, times_mine = [], []
    try:
        for _ in range(3):
            times_mine.append(
                run.learner(spec, inputs.args, keep_last=spec.role is Role.FORWARD).elapsed_s
            )
            start = time.perf_counter()
            run.reference(spec, inputs.args)
            times_ref.append(time.perf_counter() - start)
    except LearnerCallError as err:
        return CheckResult(Check.SPEED, False, learner_problem(err, spec.name, 0).message)
    mine, ref = min(times_mine), max(min(times_ref), 1e-4)
    ratio, limit = mine / ref, run.exercise.speed_factor
    detail = f"{spec.name}: {mine * 1000:.1f} ms, the reference {ref * 1000:.1f} ms ({ratio:.1f}×)"
    if ratio <= limit:
        return CheckResult(Check.SPEED, True, details=(detail,))
    return CheckResult(
        Check.SPEED,
        False,
        f"{spec.name} is {ratio:.0f}× slower than the reference "
        f"(at most {limit:g}× allowed): vectorise it",
        (detail, f"case {case.name!r}"),
    )


def no_loops(run: Run) -> CheckResult:
    found = static.loops_in(run.tree, run.exercise.function_names)
    if not found:
        return CheckResult(Check.NO_LOOPS, True)
    return CheckResult(
        Check.NO_LOOPS,
        False,
        f"this exercise is to be written without Python loops; found {found[0]}",
        tuple(found[1:]),
    )


def sanity(run: Run) -> CheckResult:
    for fact in run.exercise.sanity:
        spec = run.exercise.spec(fact.function)
        inputs = make_inputs(fact.case, spec, run.seeds()[0])
        expected = float(evaluate(fact.expect, {"np": np, **inputs.dims, **inputs.values}))
        try:
            got = run.learner(spec, inputs.args).value
        except LearnerCallError as err:
            return CheckResult(Check.SANITY, False, learner_problem(err, spec.name, 0).message)
        value = got[0] if isinstance(got, tuple) else got
        try:
            number = float(np.asarray(value))
        except (TypeError, ValueError):
            return CheckResult(Check.SANITY, False, f"{spec.name}'s loss is not a number")
        if not np.isfinite(number) or abs(number - expected) > fact.rtol * abs(expected):
            return CheckResult(
                Check.SANITY,
                False,
                f"{fact.says}: expected about {expected:.4g}, your loss is {number:.4g}",
            )
    return CheckResult(Check.SANITY, True, details=tuple(f.says for f in run.exercise.sanity))


def mutations(run: Run) -> CheckResult:
    if not run.mutations:
        return CheckResult(Check.NO_MUTATION, True)
    lines = [
        f"{fn} changed its argument{'s' if len(names) > 1 else ''} {', '.join(sorted(names))} "
        "in place"
        for fn, names in sorted(run.mutations.items())
    ]
    return CheckResult(
        Check.NO_MUTATION,
        False,
        lines[0] + ": work on a copy (x = x.copy(), or out = x + ... instead of x += ...)",
        tuple(lines[1:]),
    )
