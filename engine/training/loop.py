"""The training loop every model shares: one process or one DDP replica, CPU or GPU.

The module starts from the NumPy model's init_params (one definition of the initial weights),
trains in float32 (TF32 matmuls allowed on CUDA) with AdamW, and reports its loss every few
steps by yielding (step, loss); the generator's return value is the Outcome.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import torch
from torch import nn

from engine.schedules import cosine
from engine.training.distributed import DistInfo, sync_buffers, wrap
from engine.training.modules import build_module
from engine.training.tasks import Batch, Hyper, Task

__all__ = ["Outcome", "train_task"]

LOG_POINTS = 50  # progress reports per model


@dataclass
class Outcome:
    """module: the trained torch module (unwrapped, eval mode); losses: (step, loss) at the
    reports; steps; train_seconds: time of the steps alone; examples: examples seen by all
    replicas; batch_digest: SHA-256 of this replica's first batch (shows the data sharding)."""

    module: nn.Module
    losses: list[tuple[int, float]] = field(default_factory=list)
    steps: int = 0
    train_seconds: float = 0.0
    examples: int = 0
    batch_digest: str = ""


def _optimizer(module: nn.Module, hyper: Hyper) -> torch.optim.Optimizer:
    """AdamW; weight decay on matrices (and conv filters) only, not on biases or norm scales."""
    params = [p for p in module.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in params if p.ndim >= 2], "weight_decay": hyper.weight_decay},
        {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=hyper.lr)


def _digest(batch: Batch) -> str:
    h = hashlib.sha256()
    for tensor in batch:
        h.update(tensor.detach().cpu().numpy().tobytes())
    return h.hexdigest()


def _synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def train_task(
    task: Task,
    device: torch.device,
    info: DistInfo = DistInfo(),  # noqa: B008  # frozen dataclass: a safe default
    *,
    steps: int | None = None,
    log_every: int | None = None,
) -> Generator[tuple[int, float], None, Outcome]:
    """Train task.model's torch twin; yields (step, loss) every log_every steps.

    Inputs:
    - task: data, hyperparameters and loss (engine.training.tasks)
    - device: where this replica runs; info: its place in the process group
    - steps: override of task.hyper.steps (tests, benchmarks)
    - log_every: steps between reports, default steps / LOG_POINTS

    Returns Outcome. Each replica draws batch_size / world_size examples per step.
    """
    hyper = task.hyper
    n = hyper.steps if steps is None else steps
    torch.manual_seed(hyper.seed * 1000 + info.rank)  # dropout masks: per replica, repeatable
    module = build_module(task.model, task.init_params(), torch.float32, device).train()
    net = wrap(module, info, device)
    optimizer = _optimizer(module, hyper)
    schedule = partial(
        cosine,
        base_lr=hyper.lr,
        total_steps=n,
        warmup_steps=min(hyper.warmup, n // 10),
        min_lr=hyper.lr * hyper.min_lr_ratio,
    )
    rng = np.random.default_rng([hyper.seed, info.rank])
    local_batch = max(1, hyper.batch_size // info.world_size)
    every = log_every or max(1, n // LOG_POINTS)
    outcome = Outcome(module, steps=n, examples=n * local_batch * info.world_size)
    start = time.perf_counter()
    for step in range(1, n + 1):
        batch = task.batch(rng, local_batch, device)
        outcome.batch_digest = outcome.batch_digest or _digest(batch)
        for group in optimizer.param_groups:
            group["lr"] = schedule(step)
        loss = task.loss(net, batch)
        optimizer.zero_grad(set_to_none=True)
        torch.autograd.backward(loss)  # under DDP the gradients arrive averaged over the replicas
        if hyper.grad_clip is not None:
            torch.nn.utils.clip_grad_norm_(module.parameters(), hyper.grad_clip)
        optimizer.step()
        if step % every == 0 or step == n:
            outcome.losses.append((step, float(loss.item())))  # .item() waits for the GPU
            yield outcome.losses[-1]
    _synchronize(device)
    outcome.train_seconds = time.perf_counter() - start
    sync_buffers(module, info)
    module.eval()
    return outcome
