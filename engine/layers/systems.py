"""Compute accounting for large-scale training: MFU, activation checkpointing (lecture 11)."""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

__all__ = [
    "CheckpointCost",
    "checkpointing_cost",
    "hardware_flops_utilization",
    "matmul_flops",
    "mfu_rating",
    "model_flops_utilization",
    "optimal_num_checkpoints",
    "pipeline_max_utilization",
    "transformer_training_flops",
]

CHECKPOINT_STRATEGIES = ("recompute_segment", "recompute_layer")


def _check_positive(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def _check_count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def matmul_flops(m: int, k: int, n: int) -> int:
    """FLOPs of an (m, k) @ (k, n) matrix product: 2 * m * k * n (one multiply and one add each).

    m, k, n: matrix dimensions (positive integers). The notes' tensor-core example
    [16 x 4][4 x 8] is matmul_flops(16, 4, 8) = 1024 FLOP per cycle per tensor core.
    """
    return 2 * _check_count("m", m) * _check_count("k", k) * _check_count("n", n)


def transformer_training_flops(num_params: float, num_tokens: float) -> float:
    """Training FLOPs of a dense transformer step: 6 * num_params * num_tokens.

    num_params: parameter count P; num_tokens: tokens processed T (batch size x sequence length).
    Each weight does one multiply-add per token in the forward pass (2PT) and two in the
    backward pass (activation and weight gradients, 4PT). Attention-score FLOPs are left out,
    as in the usual MFU accounting. Returns the FLOP count.
    """
    params = _check_positive("num_params", num_params)
    return 6.0 * params * _check_positive("num_tokens", num_tokens)


def model_flops_utilization(
    model_flops_per_step: float, step_time_s: float, peak_flops_per_s: float, num_devices: int = 1
) -> float:
    """MFU = t_theoretical / t_actual (the notes' definition).

    model_flops_per_step: FLOPs the model needs per step, without recomputation (e.g.
    transformer_training_flops); step_time_s: measured time of one step, t_actual;
    peak_flops_per_s: one device's peak throughput; num_devices: devices sharing the step.
    t_theoretical = model_flops_per_step / (peak_flops_per_s * num_devices).
    Returns the utilisation as a fraction (0.4 means 40%).
    """
    flops = _check_positive("model_flops_per_step", model_flops_per_step)
    peak = _check_positive("peak_flops_per_s", peak_flops_per_s) * _check_count(
        "num_devices", num_devices
    )
    return (flops / peak) / _check_positive("step_time_s", step_time_s)


def hardware_flops_utilization(
    model_flops_per_step: float,
    step_time_s: float,
    peak_flops_per_s: float,
    num_devices: int = 1,
    recompute_flops_per_step: float = 0.0,
) -> float:
    """HFU: like MFU but counting every FLOP the hardware ran, recomputation included.

    model_flops_per_step, step_time_s, peak_flops_per_s, num_devices: as in
    model_flops_utilization; recompute_flops_per_step: extra FLOPs per step spent recomputing
    activations (activation checkpointing), >= 0. HFU >= MFU, equal without recomputation; the
    notes prefer MFU because the FLOPs the model needs do not depend on implementation choices.
    Returns the utilisation as a fraction.
    """
    if recompute_flops_per_step != 0:
        _check_positive("recompute_flops_per_step", recompute_flops_per_step)
    total = _check_positive("model_flops_per_step", model_flops_per_step) + recompute_flops_per_step
    return model_flops_utilization(total, step_time_s, peak_flops_per_s, num_devices)


def mfu_rating(mfu: float) -> str:
    """The notes' reading of an MFU: "very good" from 40%, "good" from 30%, else "low".

    mfu: utilisation as a fraction in (0, 1]. Returns one of "very good", "good", "low".
    """
    mfu = _check_positive("mfu", mfu)
    if mfu >= 0.4:
        return "very good"
    return "good" if mfu >= 0.3 else "low"


def pipeline_max_utilization(num_stages: int, num_microbatches: int = 1) -> float:
    """Best-case utilisation of S-way pipeline parallelism with M microbatches: M / (M + S - 1).

    num_stages: pipeline stages S (one per device); num_microbatches: M. The S - 1 slots of the
    pipeline bubble are idle; with one batch this is the notes' "max MFU = 1/N" for N-way PP,
    and more microbatches shrink the bubble. Returns a fraction in (0, 1].
    """
    s = _check_count("num_stages", num_stages)
    m = _check_count("num_microbatches", num_microbatches)
    return m / (m + s - 1)


class CheckpointCost(NamedTuple):
    """Cost of one training step of an N-layer chain under activation checkpointing.

    num_layers: N; peak_activations: most layer inputs held in memory at once;
    forward_evals: layer forward evaluations in the step, first forward pass included.
    """

    num_layers: int
    peak_activations: int
    forward_evals: int

    @property
    def recomputed_evals(self) -> int:
        """Forward evaluations beyond the first forward pass."""
        return self.forward_evals - self.num_layers

    @property
    def forward_passes(self) -> float:
        """forward_evals in units of whole forward passes (1.0 without recomputation)."""
        return self.forward_evals / self.num_layers


def checkpointing_cost(
    num_layers: int, num_checkpoints: int, strategy: str = "recompute_segment"
) -> CheckpointCost:
    """Exact memory and compute of activation checkpointing on a chain of layers.

    num_layers: N layers x_i = f_i(x_(i-1)); the backward of layer i needs its input x_(i-1),
    so the activations are the layer inputs x_0 .. x_(N-1). num_checkpoints: C in [1, N]; the
    layers are cut into C contiguous segments (the first N % C one layer longer) and each
    segment's input is kept from the forward pass. C = N is ordinary backprop.
    strategy:
      "recompute_segment" (Chen et al. 2016; torch.utils.checkpoint): the backward re-runs each
        segment once from its checkpoint, keeps its inputs, backprops through it and frees it.
        Peak C - 1 + N // C ~ N/C + C, minimised at C ~ sqrt(N); evaluations 2N - C, i.e. about
        one extra forward pass.
      "recompute_layer" (the lecture's scheme): for each layer the backward re-runs the forward
        from its segment's checkpoint up to that layer's input and drops it right after.
        Evaluations N + sum_k s_k (s_k - 1) / 2, about N + N^2 / (2C) = O(N^2 / C); with C = 1
        this is the notes' full recomputation n + (n-1) + ... + 1 = N (N + 1) / 2. Peak: the C
        checkpoints plus one recomputed input, C + 1 (C if no segment has two layers), which is
        O(sqrt N) at C = sqrt(N) (the notes write O(N / C), the same order there).
    Returns CheckpointCost(num_layers, peak_activations, forward_evals).
    """
    n = _check_count("num_layers", num_layers)
    c = _check_count("num_checkpoints", num_checkpoints)
    if c > n:
        raise ValueError(f"num_checkpoints ({c}) cannot exceed num_layers ({n})")
    if strategy == "recompute_segment":
        return CheckpointCost(n, c - 1 + n // c, 2 * n - c)
    if strategy == "recompute_layer":
        short, extra = divmod(n, c)  # `extra` segments of short + 1 layers, the rest of `short`
        evals = n + extra * (short + 1) * short // 2 + (c - extra) * short * (short - 1) // 2
        return CheckpointCost(n, c + (1 if short >= 2 else 0), evals)
    raise ValueError(f"strategy must be one of {CHECKPOINT_STRATEGIES}, got {strategy!r}")


def optimal_num_checkpoints(num_layers: int) -> int:
    """The notes' choice C = sqrt(N), rounded to the nearest integer (at least 1).

    num_layers: N. For "recompute_segment" this C minimises the peak memory C - 1 + N // C
    exactly; for "recompute_layer" it balances memory O(sqrt N) against compute O(N sqrt N).
    Returns C.
    """
    n = _check_count("num_layers", num_layers)
    root = math.isqrt(n)
    # sqrt(n) >= root + 0.5 exactly when n - root^2 > root (integers, so no float rounding)
    return root + 1 if n - root * root > root else root
