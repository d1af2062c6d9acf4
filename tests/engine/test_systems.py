"""Tests for engine.layers.systems: FLOPs, MFU/HFU, activation checkpointing (lecture 11)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.layers.systems import (
    CheckpointCost,
    checkpointing_cost,
    hardware_flops_utilization,
    matmul_flops,
    mfu_rating,
    model_flops_utilization,
    optimal_num_checkpoints,
    pipeline_max_utilization,
    transformer_training_flops,
)
from tests.engine.conftest import assert_close

# ---------------------------------------------------------------- FLOPs, MFU, HFU


def test_matmul_flops_matches_the_notes_h100_numbers():
    # Notes: an FP32 core does a*x + b (2 FLOP) per cycle, 128 per SM -> 256 FLOP/cycle;
    # a tensor core does [16 x 4][4 x 8] + [16 x 8] = 16 * 4 * 8 * 2 = 1024, 4 per SM -> 4096.
    assert 128 * matmul_flops(1, 1, 1) == 256
    assert matmul_flops(16, 4, 8) == 1024
    assert 4 * matmul_flops(16, 4, 8) == 4096


def test_transformer_training_flops_is_6PT():
    assert transformer_training_flops(1e9, 1e6) == 6e15
    # one linear layer with P = D_in * D_out weights over T tokens: forward X @ W (2PT),
    # backward dX = dY @ W.T and dW = X.T @ dY (2PT each)
    t, d_in, d_out = 32, 8, 5
    three_matmuls = matmul_flops(t, d_in, d_out) + matmul_flops(t, d_out, d_in)
    three_matmuls += matmul_flops(d_in, t, d_out)
    assert transformer_training_flops(d_in * d_out, t) == three_matmuls


def test_mfu_is_theoretical_over_actual_time():
    # 6e15 FLOPs on 8 devices of 1e15 FLOP/s: t_theoretical = 0.75 s; measured 2 s -> 37.5 %
    mfu = model_flops_utilization(6e15, 2.0, 1e15, num_devices=8)
    assert mfu == pytest.approx(0.375)
    assert model_flops_utilization(6e15, 0.75, 1e15, 8) == pytest.approx(1.0)
    assert model_flops_utilization(1.0, 1.0, 4.0) == pytest.approx(0.25)  # one device default


def test_hfu_counts_recomputation():
    model = transformer_training_flops(1e9, 1e6)  # 6PT
    recompute = 2.0 * 1e9 * 1e6  # one extra forward pass (2PT) from activation checkpointing
    mfu = model_flops_utilization(model, 2.0, 1e15, 8)
    hfu = hardware_flops_utilization(model, 2.0, 1e15, 8, recompute_flops_per_step=recompute)
    assert hfu == pytest.approx(mfu * 8 / 6)
    assert hardware_flops_utilization(model, 2.0, 1e15, 8) == pytest.approx(mfu)


def test_mfu_rating_follows_the_notes():
    # Notes: MFU above 30 % is good, above 40 % very good.
    assert mfu_rating(0.45) == "very good"
    assert mfu_rating(0.40) == "very good"
    assert mfu_rating(0.35) == "good"
    assert mfu_rating(0.30) == "good"
    assert mfu_rating(0.2) == "low"
    assert mfu_rating(model_flops_utilization(6e15, 2.0, 1e15, 8)) == "good"


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"step_time_s": 0.0}, ValueError, "step_time_s"),
        ({"step_time_s": -1.0}, ValueError, "step_time_s"),
        ({"peak_flops_per_s": math.inf}, ValueError, "peak_flops_per_s"),
        ({"model_flops_per_step": math.nan}, ValueError, "model_flops_per_step"),
        ({"num_devices": 0}, ValueError, "num_devices"),
        ({"num_devices": 2.5}, TypeError, "num_devices"),
        ({"model_flops_per_step": "1e15"}, TypeError, "model_flops_per_step"),
        ({"step_time_s": True}, TypeError, "step_time_s"),
    ],
)
def test_mfu_rejects_bad_inputs(kwargs, error, match):
    args = {"model_flops_per_step": 1e15, "step_time_s": 1.0, "peak_flops_per_s": 1e15}
    args.update(kwargs)
    with pytest.raises(error, match=match):
        model_flops_utilization(**args)


def test_other_validation():
    with pytest.raises(ValueError, match="recompute_flops_per_step"):
        hardware_flops_utilization(1.0, 1.0, 1.0, 1, recompute_flops_per_step=-1.0)
    with pytest.raises(ValueError, match="num_params"):
        transformer_training_flops(0, 10)
    with pytest.raises(ValueError, match="m must"):
        matmul_flops(0, 1, 1)
    with pytest.raises(ValueError, match="mfu"):
        mfu_rating(-0.1)
    with pytest.raises(ValueError, match="num_stages"):
        pipeline_max_utilization(0)


def test_pipeline_utilization():
    # Notes: N-way pipeline parallelism without microbatches has max MFU 1/N.
    for n in (1, 2, 4, 8):
        assert pipeline_max_utilization(n) == pytest.approx(1 / n)
    # GPipe: 4 stages, 12 microbatches -> 12 / 15; more microbatches shrink the bubble
    assert pipeline_max_utilization(4, 12) == pytest.approx(0.8)
    assert pipeline_max_utilization(4, 100) > pipeline_max_utilization(4, 12)


# ---------------------------------------------------------------- activation checkpointing


def test_checkpointing_hand_calculations():
    # N = 16 layers, C = 4 segments of 4 layers
    seg = checkpointing_cost(16, 4)  # recompute_segment: 4 checkpoints + 3 more of the last segment
    assert seg == CheckpointCost(16, 7, 28)
    assert seg.recomputed_evals == 12 and seg.forward_passes == pytest.approx(1.75)
    lay = checkpointing_cost(16, 4, "recompute_layer")  # per segment 0 + 1 + 2 + 3 = 6 re-runs
    assert lay == CheckpointCost(16, 5, 16 + 4 * 6)
    # C = N: plain backprop, every input stored once, no recomputation
    for strategy in ("recompute_segment", "recompute_layer"):
        assert checkpointing_cost(10, 10, strategy) == CheckpointCost(10, 10, 10)
    # uneven split: N = 10, C = 3 -> segments 4, 3, 3
    assert checkpointing_cost(10, 3) == CheckpointCost(10, 2 + 3, 17)
    assert checkpointing_cost(10, 3, "recompute_layer").forward_evals == 10 + 6 + 3 + 3


def test_checkpointing_matches_the_notes():
    n = 100
    # Full recomputation (C = 1): n + (n-1) + ... + 1 = O(N^2) compute, O(1) memory.
    full = checkpointing_cost(n, 1, "recompute_layer")
    assert full.forward_evals == sum(range(1, n + 1)) == n * (n + 1) // 2
    assert full.peak_activations == 2  # the input and one recomputed activation
    # C checkpoints: O(N^2 / C) compute; exactly N + N (N/C - 1) / 2 when C divides N.
    for c in (2, 5, 10, 25):
        cost = checkpointing_cost(n, c, "recompute_layer")
        assert cost.recomputed_evals == n * (n // c - 1) // 2
    # C = sqrt(N): compute O(N sqrt N), memory O(sqrt N)
    c = optimal_num_checkpoints(n)
    assert c == 10
    lay = checkpointing_cost(n, c, "recompute_layer")
    assert lay.peak_activations == 11 and lay.forward_evals == 100 + 10 * 45
    seg = checkpointing_cost(n, c)
    assert seg.peak_activations == 19 and seg.forward_evals == 190  # 2 sqrt(N), ~2 forwards
    # both schemes save memory against storing all N inputs
    assert seg.peak_activations < n and lay.peak_activations < n


def test_optimal_checkpoints_minimise_segment_memory():
    layers = (1, 2, 3, 4, 16, 20, 21, 100)
    assert [optimal_num_checkpoints(n) for n in layers] == [1, 1, 2, 2, 4, 4, 5, 10]
    for n in range(1, 200):
        peaks = [checkpointing_cost(n, c).peak_activations for c in range(1, n + 1)]
        best = optimal_num_checkpoints(n)
        assert checkpointing_cost(n, best).peak_activations == min(peaks)
        assert abs(best - math.sqrt(n)) <= 0.5


def test_checkpointing_rejects_bad_inputs():
    with pytest.raises(ValueError, match="cannot exceed"):
        checkpointing_cost(4, 5)
    with pytest.raises(ValueError, match="num_checkpoints"):
        checkpointing_cost(4, 0)
    with pytest.raises(ValueError, match="strategy"):
        checkpointing_cost(4, 2, "magic")
    with pytest.raises(TypeError, match="num_layers"):
        checkpointing_cost(4.0, 2)


class Chain:
    """A chain of tanh layers that counts forward calls and the activations it stores."""

    def __init__(self, rng, n, dim=3):
        self.weights = [rng.normal(size=(dim, dim)) / np.sqrt(dim) for _ in range(n)]
        self.forward_calls = 0
        self.stored = {}
        self.peak = 0

    def layer(self, i, h):
        self.forward_calls += 1
        return np.tanh(h @ self.weights[i])

    def store(self, i, h):
        self.stored[i] = h
        self.peak = max(self.peak, len(self.stored))

    def layer_backward(self, i, h_in, dout):
        """Gradient w.r.t. the layer input, from the stored/recomputed input h_in."""
        out = np.tanh(h_in @ self.weights[i])
        return (dout * (1 - out**2)) @ self.weights[i].T


def segments(n, c):
    sizes = [len(s) for s in np.array_split(np.arange(n), c)]
    starts = np.cumsum([0, *sizes[:-1]])
    return list(zip(starts.tolist(), sizes, strict=True))


def run_checkpointed(chain, x, c, strategy):
    """One forward + backward of d(sum(out))/dx, checkpointing C segment inputs."""
    n = len(chain.weights)
    segs = segments(n, c)
    starts = {s for s, _ in segs}
    h = x
    for i in range(n):
        if i in starts:
            chain.store(i, h)
        h = chain.layer(i, h)
    grad = np.ones_like(h)
    for start, size in reversed(segs):
        if strategy == "recompute_segment":
            h = chain.stored[start]
            for i in range(start, start + size - 1):
                h = chain.layer(i, h)
                chain.store(i + 1, h)
            for i in reversed(range(start, start + size)):
                grad = chain.layer_backward(i, chain.stored.pop(i), grad)
        else:
            for i in reversed(range(start, start + size)):
                h = chain.stored[start]
                for j in range(start, i):  # re-run the segment up to layer i's input
                    h = chain.layer(j, h)
                if i > start:
                    chain.store(i, h)
                grad = chain.layer_backward(i, chain.stored.pop(i), grad)
    assert not chain.stored
    return grad


@pytest.mark.parametrize("strategy", ["recompute_segment", "recompute_layer"])
def test_checkpointing_simulation_matches_formula(rng, strategy):
    x = rng.normal(size=(2, 3))
    for n in (1, 2, 5, 9, 12):
        plain = Chain(rng, n)
        expected_grad = run_checkpointed(plain, x, n, strategy)  # C = N: ordinary backprop
        assert plain.forward_calls == n and plain.peak == n
        for c in range(1, n + 1):
            chain = Chain(rng, n)
            chain.weights = plain.weights
            grad = run_checkpointed(chain, x, c, strategy)
            assert_close(grad, expected_grad, what=f"gradient N={n} C={c}")
            cost = checkpointing_cost(n, c, strategy)
            assert chain.forward_calls == cost.forward_evals, (n, c)
            assert chain.peak == cost.peak_activations, (n, c)
