"""NumPy training loop for the classifiers, with the update rule taken from a slot.

The two sanity checks of the notes (lecture 3 and CS231n's Solver) for a learner's layers and
update rule: the initial loss of a fresh net is log C, and the net overfits a small training
set (50 examples) to 100% accuracy within a step budget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from engine.models.base import Params
from engine.models.classifiers import UPDATE_SLOTS, Classifier
from engine.models.data import load_digits_heldout
from engine.models.slots import Layers, resolve_layers

__all__ = [
    "DEFAULT_OPTIM",
    "OVERFIT_EXAMPLES",
    "OVERFIT_STEPS",
    "TrainResult",
    "initial_loss",
    "overfit_check",
    "train_classifier",
]

# Hyperparameters per update rule; with them the engine's layers overfit 50 digits to 100%
# in well under OVERFIT_STEPS steps for every classifier (tested).
DEFAULT_OPTIM: dict[str, dict[str, float]] = {
    "adam": {"learning_rate": 1e-2},
    "sgd_momentum": {"learning_rate": 5e-2, "momentum": 0.9},
}
OVERFIT_EXAMPLES = 50
OVERFIT_STEPS = 200
CHECK_EVERY = 5


@dataclass
class TrainResult:
    """Outcome of train_classifier: final params, the loss of every step, steps taken, final
    training accuracy (test mode, on all of x) and whether target_accuracy was reached."""

    params: Params
    losses: list[float] = field(default_factory=list)
    steps: int = 0
    train_accuracy: float = 0.0
    reached_target: bool = False


def _batches(n: int, batch_size: int | None, rng: np.random.Generator) -> np.ndarray:
    """Indices of one minibatch: all of range(n) when batch_size is None or >= n."""
    if batch_size is None or batch_size >= n:
        return np.arange(n)
    return rng.choice(n, size=batch_size, replace=False)


def train_classifier(
    model: Classifier,
    params: Params,
    x: np.ndarray,
    y: np.ndarray,
    layers: Layers | None = None,
    *,
    update_rule: str = "adam",
    optim_config: dict[str, Any] | None = None,
    num_steps: int = OVERFIT_STEPS,
    batch_size: int | None = None,
    seed: int = 0,
    target_accuracy: float | None = None,
) -> TrainResult:
    """Minibatch training with model.loss and an update-rule slot; params is updated in place.

    Inputs:
    - model, params: the classifier and its weights (e.g. model.init_params(seed))
    - x: (N, *input_shape) prepared training data; y: (N,) labels
    - layers: slot name -> learner function (layers, loss and the update rule)
    - update_rule: "adam" or "sgd_momentum", the slot whose rule(w, dw, config) is used
    - optim_config: hyperparameters copied into every parameter's config; default
      DEFAULT_OPTIM[update_rule]
    - num_steps: most steps to take; batch_size: None for full batch
    - seed: seeds the minibatches and the dropout masks
    - target_accuracy: stop once the test-mode training accuracy reaches it (checked every
      CHECK_EVERY steps)

    Returns TrainResult.
    """
    if update_rule not in UPDATE_SLOTS:
        raise ValueError(f"update_rule must be one of {UPDATE_SLOTS}, got {update_rule!r}")
    rule = resolve_layers(layers, (update_rule,))[update_rule]
    base = DEFAULT_OPTIM[update_rule] if optim_config is None else optim_config
    configs = {key: dict(base) for key in model.trainable(params)}  # one state per parameter
    rng = np.random.default_rng(seed)
    result = TrainResult(params)
    for step in range(1, num_steps + 1):
        batch = _batches(len(y), batch_size, rng)
        loss, grads = model.loss(params, x[batch], y[batch], layers, seed=int(rng.integers(2**31)))
        for key, grad in grads.items():
            params[key], configs[key] = rule(params[key], grad, configs[key])
        result.losses.append(loss)
        result.steps = step
        if target_accuracy is not None and (step % CHECK_EVERY == 0 or step == num_steps):
            result.train_accuracy = model.accuracy(params, x, y, layers)
            if result.train_accuracy >= target_accuracy:
                result.reached_target = True
                return result
    result.train_accuracy = model.accuracy(params, x, y, layers)
    result.reached_target = target_accuracy is not None and result.train_accuracy >= target_accuracy
    return result


def _overfit_data(
    model: Classifier, num_examples: int, assets_dir: Path | None
) -> tuple[np.ndarray, np.ndarray]:
    """The first num_examples shipped held-out digits, prepared for the model."""
    digits = load_digits_heldout(assets_dir)
    return model.prepare(digits.images[:num_examples]), digits.labels[:num_examples]


def overfit_check(
    model: Classifier,
    layers: Layers | None = None,
    *,
    update_rule: str = "adam",
    num_examples: int = OVERFIT_EXAMPLES,
    max_steps: int = OVERFIT_STEPS,
    seed: int = 0,
    assets_dir: Path | None = None,
) -> TrainResult:
    """Can these layers and this update rule overfit num_examples digits to 100% accuracy?

    Trains a fresh model.init_params(seed), full batch, with DEFAULT_OPTIM[update_rule], on
    the first num_examples shipped held-out digits, until training accuracy is 1.0 or
    max_steps. Passed when result.reached_target.
    """
    x, y = _overfit_data(model, num_examples, assets_dir)
    return train_classifier(
        model,
        model.init_params(seed),
        x,
        y,
        layers,
        update_rule=update_rule,
        num_steps=max_steps,
        seed=seed,
        target_accuracy=1.0,
    )


def initial_loss(
    model: Classifier,
    layers: Layers | None = None,
    *,
    seed: int = 0,
    num_examples: int = OVERFIT_EXAMPLES,
    assets_dir: Path | None = None,
) -> tuple[float, float]:
    """(loss of a fresh net, log C): the first should be close to the second.

    The loss is model.loss of model.init_params(seed) on the first num_examples held-out
    digits: with the last layer's weights near 0 every class gets probability ~1/C.
    """
    x, y = _overfit_data(model, num_examples, assets_dir)
    loss, _ = model.loss(model.init_params(seed), x, y, layers, seed=seed)
    return loss, math.log(model.num_classes)
