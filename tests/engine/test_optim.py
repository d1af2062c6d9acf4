"""Update rules vs torch.optim over many steps with changing gradients, and hand-checked steps."""

from __future__ import annotations

import numpy as np
import pytest

from engine.optim import adam, adamw, rmsprop, sgd, sgd_momentum
from tests.engine.conftest import to_numpy

STEPS = 12


def run_ours(rule, w0: np.ndarray, grads: list[np.ndarray], config: dict) -> list[np.ndarray]:
    w, trajectory = w0.copy(), []
    for g in grads:
        w, config = rule(w, g, config)
        trajectory.append(w.copy())
    return trajectory


def run_torch(torch, make_opt, w0: np.ndarray, grads: list[np.ndarray]) -> list[np.ndarray]:
    p = torch.nn.Parameter(torch.from_numpy(w0.copy()))
    opt = make_opt([p])
    trajectory = []
    for g in grads:
        p.grad = torch.from_numpy(g.copy())
        opt.step()
        trajectory.append(to_numpy(p).copy())
    return trajectory


def _problem(rng) -> tuple[np.ndarray, list[np.ndarray]]:
    w0 = rng.standard_normal((3, 4))
    # Gradients of different scales and signs per step, some coordinates exactly 0.
    grads = [rng.standard_normal((3, 4)) * 10.0 ** rng.integers(-3, 2) for _ in range(STEPS)]
    grads[3][0, 0] = 0.0
    return w0, grads


def _cases(torch):
    optim = torch.optim
    return {
        "sgd": (sgd, {"learning_rate": 0.1}, lambda p: optim.SGD(p, lr=0.1)),
        "momentum": (
            sgd_momentum,
            {"learning_rate": 0.05, "momentum": 0.8},
            lambda p: optim.SGD(p, lr=0.05, momentum=0.8, dampening=0),
        ),
        "nesterov": (
            sgd_momentum,
            {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True},
            lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
        ),
        "rmsprop": (
            rmsprop,
            {"learning_rate": 0.01, "decay_rate": 0.95, "epsilon": 1e-6},
            lambda p: optim.RMSprop(p, lr=0.01, alpha=0.95, eps=1e-6),
        ),
        "rmsprop_defaults": (rmsprop, None, lambda p: optim.RMSprop(p)),
        "adam": (
            adam,
            {"learning_rate": 0.02, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-7},
            lambda p: optim.Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-7),
        ),
        "adam_defaults": (adam, None, lambda p: optim.Adam(p)),
        "adamw": (
            adamw,
            {"learning_rate": 0.02, "weight_decay": 0.1},
            lambda p: optim.AdamW(p, lr=0.02, weight_decay=0.1),
        ),
        "adamw_defaults": (adamw, None, lambda p: optim.AdamW(p)),
    }


CASES = ["sgd", "momentum", "nesterov", "rmsprop", "rmsprop_defaults"]
CASES += ["adam", "adam_defaults", "adamw", "adamw_defaults"]


@pytest.mark.parametrize("name", CASES)
def test_trajectory_matches_torch(torch, rng, close, name) -> None:
    rule, config, make_opt = _cases(torch)[name]
    w0, grads = _problem(rng)
    ours = run_ours(rule, w0, grads, None if config is None else dict(config))
    ref = run_torch(torch, make_opt, w0, grads)
    for step, (a, b) in enumerate(zip(ours, ref, strict=True)):
        close(a, b, what=f"{name} step {step + 1}")


def test_defaults_filled_in_and_state_kept(rng) -> None:
    w, dw = rng.standard_normal(3), rng.standard_normal(3)
    _, config = adam(w, dw)
    assert config["learning_rate"] == 1e-3 and config["beta1"] == 0.9
    assert config["beta2"] == 0.999 and config["epsilon"] == 1e-8 and config["t"] == 1
    _, config = adam(w, dw, config)
    assert config["t"] == 2
    assert adamw(w, dw)[1]["weight_decay"] == 1e-2
    _, config = sgd_momentum(w, dw)
    assert config["momentum"] == 0.9 and np.array_equal(config["velocity"], dw)
    assert rmsprop(w, dw)[1]["decay_rate"] == 0.99
    assert sgd(w, dw)[1]["learning_rate"] == 1e-2
    before = w.copy()
    sgd_momentum(w, dw, {"learning_rate": 1.0})
    assert np.array_equal(w, before)  # the weights passed in are not modified


def test_first_steps_by_hand() -> None:
    w, g = np.array([1.0]), np.array([2.0])
    # Notes' momentum: v = rho v + dw, w -= lr v.
    w1, cfg = sgd_momentum(w, g, {"learning_rate": 0.1, "momentum": 0.5})
    w2, _ = sgd_momentum(w1, g, cfg)
    assert w1[0] == pytest.approx(1 - 0.1 * 2) and w2[0] == pytest.approx(0.8 - 0.1 * (0.5 * 2 + 2))
    # RMSProp, notes' formula: cache = 0.01 * 4 -> step lr * 2 / (0.2 + eps).
    w1, _ = rmsprop(w, g, {"learning_rate": 0.1, "epsilon": 0.0})
    assert w1[0] == pytest.approx(1 - 0.1 * 2 / 0.2)
    # Adam's bias correction makes the first step lr * sign(g) whatever beta1, beta2 are.
    w1, _ = adam(w, g, {"learning_rate": 0.1, "epsilon": 0.0})
    assert w1[0] == pytest.approx(0.9, abs=1e-15)
    # AdamW adds the decoupled lr * wd * w.
    w1, _ = adamw(w, g, {"learning_rate": 0.1, "epsilon": 0.0, "weight_decay": 0.5})
    assert w1[0] == pytest.approx(1 - 0.1 * (1 + 0.5 * 1), abs=1e-15)


def test_adamw_is_not_adam_with_l2_in_the_gradient(rng) -> None:
    # Decoupling matters (the notes' Q&A): wd * w pushed through Adam's scaling gives another step.
    w, dw = rng.standard_normal(4), rng.standard_normal(4)
    decoupled, _ = adamw(w, dw, {"weight_decay": 0.1, "learning_rate": 0.1})
    coupled, _ = adam(w, dw + 0.1 * w, {"learning_rate": 0.1})
    assert np.max(np.abs(decoupled - coupled)) > 1e-3
