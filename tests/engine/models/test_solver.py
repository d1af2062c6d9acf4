"""The NumPy training loop: overfitting 50 examples, the initial loss, the composed gradients."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from engine.gradcheck import sparse_gradient_check
from engine.models.classifiers import CONVNET, MLP2, MLP3, Classifier
from engine.models.solver import OVERFIT_STEPS, initial_loss, overfit_check, train_classifier
from engine.models.stages import Affine
from engine.optim import adam

CLASSIFIERS = [MLP2, MLP3, CONVNET]


@pytest.mark.parametrize("rule", ["adam", "sgd_momentum"])
@pytest.mark.parametrize("model", CLASSIFIERS, ids=lambda m: m.name)
def test_engine_layers_overfit_50_examples(model: Classifier, rule: str) -> None:
    result = overfit_check(model, update_rule=rule)
    assert result.reached_target, (
        f"{model.name}/{rule}: {result.train_accuracy} after {result.steps}"
    )
    assert result.train_accuracy == 1.0
    assert result.steps <= OVERFIT_STEPS // 2  # a margin for slower but correct learner code
    assert result.losses[-1] < 0.25 * result.losses[0]


def test_a_broken_update_rule_fails_the_overfit_check() -> None:
    def ascent(w: np.ndarray, dw: np.ndarray, config: Any = None) -> tuple[np.ndarray, Any]:
        return adam(w, -dw, config)  # sign error: climbs the loss

    result = overfit_check(MLP2, {"adam": ascent}, update_rule="adam")
    assert not result.reached_target
    assert result.losses[-1] > result.losses[0]


def test_a_broken_backward_fails_the_overfit_check() -> None:
    def relu_backward_wrong(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
        return dout * (cache < 0)  # the mask inverted

    result = overfit_check(MLP2, {"relu_backward": relu_backward_wrong}, max_steps=60)
    assert not result.reached_target


@pytest.mark.parametrize("model", CLASSIFIERS, ids=lambda m: m.name)
def test_initial_loss_is_log_c(model: Classifier) -> None:
    loss, expected = initial_loss(model)
    assert expected == pytest.approx(math.log(10))
    assert loss == pytest.approx(expected, abs=0.02)


def test_unknown_update_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="update_rule"):
        overfit_check(MLP2, update_rule="rmsprop")


@pytest.mark.parametrize("model", CLASSIFIERS, ids=lambda m: m.name)
def test_loss_gradients_match_numerical_ones(model: Classifier) -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((6, *model.input_shape))
    y = rng.integers(0, 10, size=6)
    params = model.init_params(1)
    last = model.stages[-1]
    assert isinstance(last, Affine)
    params[f"W{last.index}"] *= 100  # undo the 0.01 init scale: gradients well above round-off
    _, grads = model.loss({k: v.copy() for k, v in params.items()}, x, y, seed=7)
    assert set(grads) == set(model.trainable(params))
    # errors relative to the largest gradient of the model: a coordinate near 0 (a bias before
    # batch norm has gradient exactly 0) has no meaningful ratio of its own
    scale = max(float(np.max(np.abs(g))) for g in grads.values())
    for key, grad in grads.items():

        def f(_: np.ndarray) -> float:  # same dropout seed: the same function every call
            return model.loss({k: v.copy() for k, v in params.items()}, x, y, seed=7)[0]

        check = sparse_gradient_check(f, params[key], grad, num_checks=40, rng=1)
        assert np.max(np.abs(check.analytic - check.numerical)) / scale < 1e-6, key


def test_minibatch_training_improves_heldout_accuracy() -> None:
    x, y = MLP2.heldout()
    params = MLP2.init_params(3)
    before = MLP2.accuracy(params, x, y)
    result = train_classifier(MLP2, params, x[:200], y[:200], num_steps=60, batch_size=32, seed=3)
    assert len(result.losses) == 60 and result.steps == 60
    assert MLP2.accuracy(result.params, x[200:], y[200:]) > before + 0.5
