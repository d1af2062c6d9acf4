"""One grading in progress: the exercise, the sandbox, the seeds, and calls on both sides.

Every call of a learner's function goes through `Run.learner`, which notes arguments the
function changed in place (for the "inputs unchanged" check); the reference runs here, in the
parent, on its own copies of the same inputs.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from studyapp.domain.grading import CheckResult
from studyapp.grading.catalog import Case, Exercise, FunctionSpec
from studyapp.grading.compare import Mismatch
from studyapp.grading.inputs import TAG_WORDS, Inputs, make_inputs, reference
from studyapp.grading.sandbox import CallResult, LearnerCallError, Sandbox

FIXED_SEED = 231  # the same inputs every run, so a learner can reproduce a failure


@dataclass(frozen=True)
class Outcome:
    """One case of one check: `problem` is None when it passed."""

    case: str
    seed: int
    tags: frozenset[str]
    problem: Mismatch | None


@dataclass
class Run:
    exercise: Exercise
    sandbox: Sandbox
    tree: ast.Module
    random_seed: int
    mutations: dict[str, set[str]] = field(default_factory=dict)  # function -> argument names

    def seeds(self) -> tuple[int, int]:
        return FIXED_SEED, self.random_seed

    def cases(self, spec: FunctionSpec, *, edge: bool) -> list[Case]:
        return [
            c
            for c in self.exercise.cases
            if c.edge == edge and (not c.functions or spec.name in c.functions)
        ]

    def inputs(self, case: Case, spec: FunctionSpec, seed: int) -> Inputs:
        return make_inputs(case, spec, seed)

    def tolerance(self, case: Case) -> float:
        return case.tolerance if case.tolerance is not None else self.exercise.tolerance

    def learner(
        self, spec: FunctionSpec, args: Iterable[Any], *, keep_last: bool = False
    ) -> CallResult:
        args = list(args)
        result = self.sandbox.call(spec.name, *args, keep_last=keep_last)
        changed = {spec.args[i] for i in result.mutated if i < len(spec.args)}
        for i, (before, after) in enumerate(zip(args, result.args_after, strict=False)):
            if isinstance(before, dict) and isinstance(after, dict) and i < len(spec.args):
                allowed = set(spec.state)
                if any(_differs(before.get(k), after.get(k)) for k in before if k not in allowed):
                    changed.add(spec.args[i])
        if changed:
            self.mutations.setdefault(spec.name, set()).update(changed)
        return result

    def reference(self, spec: FunctionSpec, args: Iterable[Any]) -> Any:
        return reference(spec)(*copy.deepcopy(list(args)))

    def factors(self, inputs: Inputs) -> dict[str, float]:
        return {k: float(v) for k, v in inputs.dims.items() if k in ("N", "T", "B", "H")}


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return not (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=True)
        )
    return bool(a != b)


def learner_problem(err: LearnerCallError, fn: str, limit_mb: int) -> Mismatch:
    if err.kind == "memory":
        return Mismatch(f"{fn} ran out of memory (the limit is {limit_mb} MB)", (err.where,))
    if err.kind == "exit":
        return Mismatch(f"{fn} tried to end the program ({err.type_name}); return a value instead")
    if err.kind == "recursion":
        return Mismatch(f"{fn} recursed too deeply ({err.where})")
    if err.kind == "missing":
        return Mismatch(f"{fn} is not defined")
    return Mismatch(f"{fn} raised {err}")


def summarise(name: str, outcomes: list[Outcome]) -> CheckResult:
    """One check from its cases: the first failure's diagnosis, with the case (and seed) that
    shows it, and which kind of input alone breaks it when the pattern is clear."""
    failing = [o for o in outcomes if o.problem is not None]
    if not outcomes:
        return CheckResult(name, True, details=("no case applies",))
    if not failing:
        return CheckResult(name, True, details=(f"{len(outcomes)} cases",))
    first = failing[0]
    assert first.problem is not None
    passing = [o for o in outcomes if o.problem is None]
    only = frozenset.intersection(*(o.tags for o in failing)) - frozenset().union(
        *(o.tags for o in passing)
    )
    prefix = ""
    if passing and only:
        words = " and ".join(TAG_WORDS.get(t, t) for t in sorted(only))
        prefix = f"correct except with {words}: "
    elif (
        passing
        and not any(o.tags for o in failing)
        and all(o.tags == {"batch1"} for o in passing)  # passing for that reason alone
    ):
        prefix = "correct for a batch of one only: "
    seed = "fixed inputs" if first.seed == FIXED_SEED else f"random inputs, seed {first.seed}"
    details = (f"case {first.case!r} ({seed})", *first.problem.details)
    if len(failing) > 1:
        details += (f"{len(failing)} of {len(outcomes)} cases fail",)
    return CheckResult(name, False, prefix + first.problem.message, details)
