"""Model-level checks: the learner's functions inside the sample models (engine.models) with
the shipped, trained weights. Named `model:<model>:<check>` in the report.

- heldout: the learner's layers reproduce the model's held-out metric (accuracy, perplexity,
  samples on their modes) and its logits within 1e-6 relative;
- generate: a character model writes the same text greedily as with the reference layers;
- overfit: the learner's layers and update rule fit 50 examples to 100% within the budget;
- initial_loss: a fresh classifier's loss is about log C.

The learner's functions run in the sandbox (remote calls); the model's other slots are the
engine's, here in the parent.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from studyapp.domain.grading import CheckResult
from studyapp.grading.catalog import ModelUse, Role
from studyapp.grading.compare import rel_error
from studyapp.grading.run import Run, learner_problem
from studyapp.grading.sandbox import LearnerCallError

PREFIX = "Softmax loss의 역할"
LOGITS_TOLERANCE = 1e-6
INITIAL_LOSS_RTOL = 0.05


def _layers(run: Run, use: ModelUse) -> dict[str, Any]:
    layers = {}
    for slot, fn in use.slots.items():
        spec = run.exercise.spec(fn)
        returns_cache = spec.role in (Role.FORWARD, Role.DROPOUT)
        layers[slot] = run.sandbox.function(fn, keep_last=returns_cache)
    return layers


def _who(use: ModelUse) -> str:
    return ", ".join(sorted(set(use.slots.values())))


def model_check(run: Run, use: ModelUse, kind: str, name: str) -> CheckResult:
    from engine.models import MODELS

    model = MODELS[use.name]
    try:
        if kind == "heldout":
            return _heldout(run, use, model, name)
        if kind == "generate":
            return _generate(run, use, model, name)
        if kind == "overfit":
            return _overfit(run, use, model, name)
        return _initial_loss(run, use, model, name)
    except LearnerCallError as err:
        problem = learner_problem(err, err.where or _who(use), run.sandbox.limits.memory_mb)
        return CheckResult(name, False, f"inside the sample model {use.name}: {problem.message}")
    except (ValueError, TypeError, IndexError, KeyError) as err:
        return CheckResult(
            name,
            False,
            f"the sample model {use.name} cannot run your {_who(use)}: {type(err).__name__}: {err}",
        )


def _heldout(run: Run, use: ModelUse, model: Any, name: str) -> CheckResult:
    params = model.load()
    layers = _layers(run, use)
    if model.kind == "classifier":
        return _classifier(use, model, params, layers, name)
    mine, theirs = model.probe(params, layers), model.probe(params, None)
    error = rel_error(np.asarray(mine, dtype=float), np.asarray(theirs, dtype=float))
    metric = model.metric
    got = model.evaluate(params, layers)[metric]
    want = model.evaluate(params, None)[metric]
    text = (
        f"{metric.replace('_', ' ')} with your {_who(use)}: {got:.4g} (the reference's: {want:.4g})"
    )
    if error <= LOGITS_TOLERANCE and math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9):
        return CheckResult(name, True, details=(text, f"outputs match within {error:.1e}"))
    return CheckResult(
        name,
        False,
        f"the sample model {use.name} does not reproduce its {metric.replace('_', ' ')}: {text}",
        (f"outputs differ: relative error {error:.2e}",),
    )


def _classifier(use: ModelUse, model: Any, params: Any, layers: Any, name: str) -> CheckResult:
    from engine.models import load_digits_heldout, read_manifest

    data = load_digits_heldout()
    count = use.examples or len(data.labels)
    x, y = model.prepare(data.images[:count]), data.labels[:count]
    mine = np.asarray(model.forward(params, x, layers), dtype=float)
    theirs = model.forward(params, x, None)
    error = rel_error(mine, theirs) if mine.shape == theirs.shape else float("inf")
    got, want = float(np.mean(mine.argmax(axis=1) == y)), float(np.mean(theirs.argmax(axis=1) == y))
    scope = f"{count} held-out digits" + (
        "" if count == len(data.labels) else f" of {len(data.labels)}"
    )
    text = f"your {_who(use)} in the sample {use.name}: {got:.1%} of {want:.1%} accuracy ({scope})"
    if count == len(data.labels):
        shipped = read_manifest()["models"][use.name]["metrics"]["heldout_accuracy"]
        want = float(shipped)
    if error <= LOGITS_TOLERANCE and abs(got - want) < 1e-9:
        return CheckResult(name, True, details=(text, f"logits match within {error:.1e}"))
    return CheckResult(name, False, f"{text}; the logits differ (relative error {error:.2e})")


def _generate(run: Run, use: ModelUse, model: Any, name: str) -> CheckResult:
    params = model.load()
    mine = model.generate(params, PREFIX, 40, _layers(run, use))
    theirs = model.generate(params, PREFIX, 40, None)
    lines = (f"reference: {PREFIX}{theirs}", f"yours:     {PREFIX}{mine}")
    if mine == theirs:
        return CheckResult(name, True, details=lines)
    at = next((i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b), len(mine))
    return CheckResult(
        name,
        False,
        f"with your {_who(use)} the sample {use.name} writes different "
        f"text (from character {at + 1})",
        lines,
    )


def _overfit(run: Run, use: ModelUse, model: Any, name: str) -> CheckResult:
    from engine.models.solver import overfit_check

    result = overfit_check(model, _layers(run, use), update_rule=use.update_rule)
    text = (
        f"{result.train_accuracy:.0%} training accuracy on 50 examples after {result.steps} "
        f"steps with your {_who(use)} ({use.update_rule})"
    )
    if result.reached_target:
        return CheckResult(name, True, details=(text,))
    trend = (
        "the loss did not fall" if result.losses and result.losses[-1] >= result.losses[0] else ""
    )
    return CheckResult(
        name,
        False,
        f"the sample {use.name} cannot overfit 50 examples: {text}",
        (trend,) if trend else (),
    )


def _initial_loss(run: Run, use: ModelUse, model: Any, name: str) -> CheckResult:
    from engine.models.solver import initial_loss

    loss, log_c = initial_loss(model, _layers(run, use))
    text = f"initial loss {loss:.4f}, log C = {log_c:.4f}"
    if math.isfinite(loss) and abs(loss - log_c) <= INITIAL_LOSS_RTOL * log_c:
        return CheckResult(name, True, details=(text,))
    return CheckResult(
        name,
        False,
        f"a fresh {use.name} with your {_who(use)} should start at a loss of about log C: {text}",
    )
