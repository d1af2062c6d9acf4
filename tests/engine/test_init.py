"""Weight initialisation: fan computations, sample statistics, and the deep-ReLU-net motivation."""

from __future__ import annotations

import numpy as np
import pytest

from engine.layers.init import (
    fan_in,
    fan_out,
    kaiming_normal,
    kaiming_uniform,
    xavier_normal,
    xavier_uniform,
)


def test_fan_in_and_fan_out():
    assert fan_in((3072, 100)) == 3072 and fan_out((3072, 100)) == 100
    # conv weight (F, C, HH, WW): fan_in = C*HH*WW, fan_out = F*HH*WW
    assert fan_in((32, 3, 3, 3)) == 27 and fan_out((32, 3, 3, 3)) == 288
    assert fan_in((8, 4, 5, 3)) == 60 and fan_out((8, 4, 5, 3)) == 120
    with pytest.raises(ValueError, match="fan_in"):
        fan_in((10,))


# (function, expected std as a function of (fan_in, fan_out))
RULES = {
    "kaiming_normal": (kaiming_normal, lambda i, o: np.sqrt(2 / i)),
    "kaiming_uniform": (kaiming_uniform, lambda i, o: np.sqrt(2 / i)),
    "xavier_normal": (xavier_normal, lambda i, o: np.sqrt(2 / (i + o))),
    "xavier_uniform": (xavier_uniform, lambda i, o: np.sqrt(2 / (i + o))),
}


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize(
    ("args", "fans"),
    [((500, 300), (500, 300)), (((64, 16, 3, 3),), (144, 576)), ((50, 1000), (50, 1000))],
)
def test_sample_std_matches_formula(rng, rule, args, fans):
    init, std_rule = RULES[rule]
    w = init(*args, rng=rng)
    assert w.shape == (args if len(args) == 2 else args[0])
    std = std_rule(*fans)
    # the sample std of n draws has relative standard error sqrt((kurtosis - 1) / (4n)), at most
    # sqrt(1/(2n)) for normal (kurtosis 3) and uniform (1.8) draws; allow 5 of them
    assert abs(w.std() / std - 1) < 5 * np.sqrt(1 / (2 * w.size))
    assert abs(w.mean()) < 5 * std / np.sqrt(w.size)
    if "uniform" in rule:
        assert np.max(np.abs(w)) <= np.sqrt(3) * std  # U(-a, a) with a = sqrt(3) * std


def test_kaiming_is_sqrt_2_over_d_in_as_in_the_notes(rng):
    # notes, lecture 6: multiply by sqrt(2 / D_in), D_in the first dim of the (D_in, D_out) W
    w = kaiming_normal(800, 200, rng=rng)
    assert abs(w.std() - np.sqrt(2 / 800)) < 5 * np.sqrt(2 / 800) / np.sqrt(2 * w.size)


def test_seeded_rng_is_reproducible_and_bad_args_are_rejected():
    a = kaiming_normal(4, 3, np.random.default_rng(0))
    b = kaiming_normal(4, 3, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="shape"):
        kaiming_normal(4)
    with pytest.raises(TypeError, match="keyword"):
        kaiming_normal((4, 3), np.random.default_rng(0))


def _relu_net_stds(rng, init, depth=10, D=256, N=512):
    """Std of each layer's ReLU activations in a depth-layer net with weights from init."""
    h = rng.standard_normal((N, D))
    stds = []
    for _ in range(depth):
        h = np.maximum(0, h @ init(D, D, rng))
        stds.append(h.std())
    return np.array(stds)


def test_kaiming_keeps_activations_stable_across_depth(rng):
    # notes, lecture 6: the goal is a mean and std that do not depend on the layer's depth
    stds = _relu_net_stds(rng, lambda i, o, r: kaiming_normal(i, o, rng=r))
    assert np.all(stds > 0.5 * stds[0]) and np.all(stds < 2 * stds[0])


def test_too_small_init_collapses_and_too_large_explodes(rng):
    small = _relu_net_stds(rng, lambda i, o, r: 0.01 * r.standard_normal((i, o)))
    assert small[-1] < 1e-6 * small[0]  # each layer shrinks by about 0.01 * sqrt(D/2) ~ 0.11
    large = _relu_net_stds(rng, lambda i, o, r: 0.3 * r.standard_normal((i, o)))
    assert large[-1] > 1e3 * large[0]  # about 0.3 * sqrt(D/2) ~ 3.4 per layer
    # Xavier's std sqrt(1/D) for a square W is a factor sqrt(2) short for ReLU: it halves the
    # second moment at each layer, so the std decays like 2^(-depth/2)
    xavier = _relu_net_stds(rng, lambda i, o, r: xavier_normal(i, o, rng=r))
    assert xavier[-1] < 0.1 * xavier[0]
