"""First-order update rules (lecture 3), with the CS231n `optim.py` interface.

Every rule is `rule(w, dw, config=None) -> (next_w, config)`:
    w: array of any shape, the current weights (not modified);
    dw: array of w's shape, the gradient of the loss with respect to w;
    config: dict of hyperparameters and optimiser state. Missing hyperparameters are filled in
        with the defaults below and the state (velocity, moments, step count) is created on the
        first call and kept in the same dict, so pass the returned config to the next call.

Each formula is stated in its docstring and matches PyTorch's torch.optim implementation step for
step (tested over many steps with changing gradients).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["adam", "adamw", "rmsprop", "sgd", "sgd_momentum"]

Config = dict[str, Any]


def sgd(w: np.ndarray, dw: np.ndarray, config: Config | None = None) -> tuple[np.ndarray, Config]:
    """Vanilla stochastic gradient descent: `w -= learning_rate * dw`.

    config keys: learning_rate (default 1e-2).

    Returns:
        next_w: the updated weights, w's shape.
        config: the same dict, with defaults filled in.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    return w - config["learning_rate"] * dw, config


def sgd_momentum(
    w: np.ndarray, dw: np.ndarray, config: Config | None = None
) -> tuple[np.ndarray, Config]:
    """SGD with momentum, the notes' form `v = rho * v + dw; w -= learning_rate * v`.

    That is torch.optim.SGD(momentum=rho, dampening=0), whose first step also gives v = dw.
    With nesterov=True the step looks ahead along the new velocity, as torch does:
    `v = rho * v + dw; w -= learning_rate * (dw + rho * v)` (the same iterates as CS231n's
    `v = rho * v - lr * dw; w += -rho * v_prev + (1 + rho) * v` for a constant learning rate).

    config keys: learning_rate (1e-2), momentum (rho, 0.9), nesterov (False),
        velocity (state, zeros like w).

    Returns:
        next_w: the updated weights, w's shape.
        config: the same dict, holding the new velocity.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    config.setdefault("nesterov", False)
    rho = config["momentum"]
    v = rho * config.get("velocity", np.zeros_like(w)) + dw
    step = dw + rho * v if config["nesterov"] else v
    config["velocity"] = v
    return w - config["learning_rate"] * step, config


def rmsprop(
    w: np.ndarray, dw: np.ndarray, config: Config | None = None
) -> tuple[np.ndarray, Config]:
    """RMSProp: `cache = decay * cache + (1 - decay) * dw^2; w -= lr * dw / (sqrt(cache) + eps)`.

    The formula is the notes'; eps is added outside the square root, exactly as in
    torch.optim.RMSprop (alpha = decay_rate). The notes write eps = 1e-7; the default here is
    CS231n's and torch's 1e-8.

    config keys: learning_rate (1e-2), decay_rate (0.99), epsilon (1e-8),
        cache (state: running mean of dw^2, zeros like w).

    Returns:
        next_w: the updated weights, w's shape.
        config: the same dict, holding the new cache.
    """
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    decay = config["decay_rate"]
    cache = decay * config.get("cache", np.zeros_like(w)) + (1 - decay) * dw**2
    config["cache"] = cache
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def _adam_direction(dw: np.ndarray, config: Config) -> np.ndarray:
    """Advance the moments in config; return the corrected step m_hat / (sqrt(v_hat) + eps)."""
    beta1, beta2 = config["beta1"], config["beta2"]
    config["t"] += 1
    config["m"] = beta1 * config["m"] + (1 - beta1) * dw
    config["v"] = beta2 * config["v"] + (1 - beta2) * dw**2
    # Both moments start at 0, so early averages are biased toward 0; dividing by 1 - beta^t
    # removes that bias (it matters most while t is small).
    m_hat = config["m"] / (1 - beta1 ** config["t"])
    v_hat = config["v"] / (1 - beta2 ** config["t"])
    step: np.ndarray = m_hat / (np.sqrt(v_hat) + config["epsilon"])
    return step


def _adam_defaults(w: np.ndarray, config: Config | None) -> Config:
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)
    return config


def adam(w: np.ndarray, dw: np.ndarray, config: Config | None = None) -> tuple[np.ndarray, Config]:
    """Adam with bias correction (momentum on dw plus RMSProp scaling).

    `t += 1; m = beta1 m + (1 - beta1) dw; v = beta2 v + (1 - beta2) dw^2;
    m_hat = m / (1 - beta1^t); v_hat = v / (1 - beta2^t); w -= lr * m_hat / (sqrt(v_hat) + eps)`,
    as torch.optim.Adam (eps outside the square root).

    config keys: learning_rate (1e-3), beta1 (0.9), beta2 (0.999), epsilon (1e-8),
        m, v (state: moments, zeros like w), t (state: steps taken, 0).

    Returns:
        next_w: the updated weights, w's shape.
        config: the same dict, holding the new m, v and t.
    """
    config = _adam_defaults(w, config)
    return w - config["learning_rate"] * _adam_direction(dw, config), config


def adamw(w: np.ndarray, dw: np.ndarray, config: Config | None = None) -> tuple[np.ndarray, Config]:
    """AdamW: Adam plus decoupled weight decay, `w -= lr * (m_hat / (sqrt(v_hat) + eps) + wd * w)`.

    Why decoupled (the notes' Lecture 3 Q&A): putting wd * w into dw would send the penalty
    through m_hat / sqrt(v_hat), which rescales it per coordinate, so large-gradient weights would
    barely be decayed; AdamW applies lr * wd * w directly. This equals torch.optim.AdamW, which
    first multiplies w by (1 - lr * wd) and then takes the Adam step. dw must not include it.

    config keys: as `adam`, plus weight_decay (1e-2, torch's default).

    Returns:
        next_w: the updated weights, w's shape.
        config: the same dict, holding the new m, v and t.
    """
    config = _adam_defaults(w, config)
    config.setdefault("weight_decay", 1e-2)
    step = _adam_direction(dw, config) + config["weight_decay"] * w
    return w - config["learning_rate"] * step, config
