"""Model-level checks of a learner's functions on the shipped weights, one call each.

`layers` maps slot names (see each model's `slots`) to the learner's functions; missing slots
use the engine's. These functions let a learner's exceptions propagate: the grader decides how
to report them.
"""

from __future__ import annotations

from pathlib import Path

from engine.gradcheck import rel_error
from engine.models import get_model
from engine.models.charlm import CharLM
from engine.models.classifiers import Classifier
from engine.models.slots import Layers
from engine.models.solver import OVERFIT_STEPS, TrainResult, initial_loss, overfit_check

__all__ = ["forward_error", "generate", "heldout_metrics", "initial_loss_check", "overfit"]


def heldout_metrics(
    name: str, layers: Layers | None = None, assets_dir: Path | None = None
) -> dict[str, float]:
    """model.evaluate on the shipped weights with the given layers, e.g.
    {"heldout_accuracy": 0.97, ...} for a classifier; compare with the manifest's metrics."""
    model = get_model(name)
    return model.evaluate(model.load(assets_dir=assets_dir), layers, assets_dir)


def forward_error(name: str, layers: Layers, assets_dir: Path | None = None) -> float:
    """CS231n relative error between the model's probe output (logits, or flow samples) with
    the learner's layers and with the engine's, on the shipped weights (1e-6 or less: same)."""
    model = get_model(name)
    params = model.load(assets_dir=assets_dir)
    expected = model.probe(params, None, assets_dir)
    return rel_error(model.probe(params, layers, assets_dir), expected)


def _classifier(name: str) -> Classifier:
    model = get_model(name)
    if not isinstance(model, Classifier):
        raise TypeError(f"{name} is not a classifier; classifiers: mlp2, mlp3_bn_dropout, convnet")
    return model


def overfit(
    name: str,
    layers: Layers | None = None,
    update_rule: str = "adam",
    max_steps: int = OVERFIT_STEPS,
) -> TrainResult:
    """Train a fresh classifier on 50 held-out digits with the learner's layers and update
    rule ("adam" or "sgd_momentum"); passed when result.reached_target (100% in the budget)."""
    return overfit_check(_classifier(name), layers, update_rule=update_rule, max_steps=max_steps)


def initial_loss_check(name: str, layers: Layers | None = None) -> tuple[float, float]:
    """(initial loss of a fresh classifier with the learner's layers, log C)."""
    return initial_loss(_classifier(name), layers)


def generate(name: str, prefix: str, n: int, layers: Layers | None = None) -> str:
    """Greedy n-character continuation of prefix by a shipped character model."""
    model = get_model(name)
    if not isinstance(model, CharLM):
        raise TypeError(f"{name} is not a character model")
    return model.generate(model.load(), prefix, n, layers)
