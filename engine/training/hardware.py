"""Peak throughput of common GPUs and model FLOPs utilisation (lecture 11), without torch.

MFU = t_theoretical / t_actual with t_theoretical = model FLOPs per step / (peak FLOP/s x
devices), computed by engine.layers.systems.model_flops_utilization. Model FLOPs of a
training step are 3x the forward FLOPs (the backward pass costs twice the forward: gradients
for activations and for weights), counting matrix products only. The trainer runs float32
with TF32 tensor cores allowed on CUDA, so the peak is the dense TF32 figure (FP32 on GPUs
without TF32); the numbers are NVIDIA's datasheet values, without sparsity.
"""

from __future__ import annotations

import platform
from pathlib import Path

from engine.layers.systems import model_flops_utilization

__all__ = ["PEAK_FLOPS", "TRAIN_FLOPS_FACTOR", "cpu_name", "mfu", "peak_flops"]

TRAIN_FLOPS_FACTOR = 3  # forward + backward (2x forward)
# (fragment of torch.cuda.get_device_name(), dense TF32 FLOP/s or None, FP32 FLOP/s); the
# first fragment found in the name wins, so longer names come before their prefixes.
PEAK_FLOPS: tuple[tuple[str, float | None, float], ...] = (
    ("H100 PCIe", 378e12, 51.2e12),
    ("H100", 494.7e12, 66.9e12),
    ("H200", 494.7e12, 66.9e12),
    ("H800", 494.7e12, 66.9e12),
    ("A100", 156e12, 19.5e12),
    ("L40S", 183e12, 91.6e12),
    ("L4", 60e12, 30.3e12),
    ("A10", 62.5e12, 31.2e12),
    ("V100", None, 15.7e12),
    ("T4", None, 8.1e12),
)


def peak_flops(device_name: str, tf32: bool = True) -> float | None:
    """Peak FLOP/s of one GPU called device_name (None when the table does not know it)."""
    for fragment, tf32_peak, fp32_peak in PEAK_FLOPS:
        if fragment in device_name:
            return tf32_peak if tf32 and tf32_peak is not None else fp32_peak
    return None


def mfu(
    forward_flops_per_example: int,
    examples_per_step: int,
    step_time_s: float,
    peak_flops_per_s: float | None,
    num_devices: int = 1,
) -> float | None:
    """Model FLOPs utilisation of a training step, or None without a known peak."""
    if peak_flops_per_s is None or forward_flops_per_example <= 0:
        return None
    step_flops = TRAIN_FLOPS_FACTOR * forward_flops_per_example * examples_per_step
    return model_flops_utilization(step_flops, step_time_s, peak_flops_per_s, num_devices)


def cpu_name() -> str:
    """The CPU model (from /proc/cpuinfo on Linux), else what platform reports."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine() or "unknown CPU"
