"""Training throughput of each model, for bench/train.py: examples/s and, on GPU, MFU.

Runs the real training loop (train_task) on the bundled held-out data (speed does not depend
on which examples are used, and this needs neither scikit-learn nor the notes), times the
steps after a warm-up, and converts the step time into MFU with the model's forward FLOPs.
"""

from __future__ import annotations

import time
from typing import Any

import torch

from engine.models import MODELS
from engine.models.charlm import CharLM
from engine.models.classifiers import Classifier
from engine.models.flow import RectifiedFlow2D
from engine.models.text import codes_to_indices, load_notes_heldout
from engine.training.hardware import cpu_name, mfu, peak_flops
from engine.training.loop import train_task
from engine.training.tasks import HYPER, CharTask, ClassifierTask, FlowTask, Task

__all__ = ["heldout_task", "measure_throughput"]


def heldout_task(name: str) -> Task:
    """A training task for model `name` on the bundled held-out data."""
    model = MODELS[name]
    if isinstance(model, Classifier):
        return ClassifierTask(model, HYPER[name], *model.heldout())
    if isinstance(model, CharLM):
        split = load_notes_heldout()
        text_idx = codes_to_indices(split.windows.ravel(), split.vocab)
        return CharTask(model, HYPER[name], text_idx, split.vocab)
    if isinstance(model, RectifiedFlow2D):
        return FlowTask(model, HYPER[name])
    raise KeyError(name)


def measure_throughput(
    name: str,
    device: torch.device,
    steps: int = 20,
    warmup: int = 5,
    peak_flops_per_s: float | None = None,
) -> dict[str, Any]:
    """Time `steps` training steps of model `name` after `warmup` untimed ones.

    peak_flops_per_s: the device's peak for MFU; default the table in engine.training.hardware
    (CUDA only; on CPU there is no meaningful peak and mfu is None).
    Returns examples_per_s, step_time_s, batch_size, forward_flops_per_example, device_name,
    peak_flops_per_s and mfu.
    """
    task = heldout_task(name)
    gen = train_task(task, device, steps=warmup + steps, log_every=warmup)
    mark = time.perf_counter()
    for step, _ in gen:  # the report at `warmup` waits for the device: the timing starts there
        if step == warmup:
            mark = time.perf_counter()
    step_time = (time.perf_counter() - mark) / steps
    cuda = device.type == "cuda"
    device_name = torch.cuda.get_device_name(device) if cuda else cpu_name()
    if peak_flops_per_s is None and cuda:
        peak_flops_per_s = peak_flops(device_name, torch.backends.cuda.matmul.allow_tf32)
    flops = task.model.flops_per_example(task.init_params())
    batch = task.hyper.batch_size
    return {
        "examples_per_s": batch / step_time,
        "step_time_s": step_time,
        "batch_size": batch,
        "forward_flops_per_example": flops,
        "device_name": device_name,
        "peak_flops_per_s": peak_flops_per_s,
        "mfu": mfu(flops, batch, step_time, peak_flops_per_s) if cuda else None,
    }
