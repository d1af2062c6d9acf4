"""Data parallelism: one process per device under torchrun, DistributedDataParallel (lecture 11).

`torchrun --nproc_per_node K -m engine.training` starts K copies; each sees RANK, WORLD_SIZE
and LOCAL_RANK in its environment, joins a process group (NCCL between GPUs, gloo on CPU),
trains on its own share of every global batch, and DDP averages the gradients during the
backward pass, so all replicas take the same step. Without torchrun (WORLD_SIZE unset or 1)
the same code runs as a single process. A group someone else initialised (a test, a launcher)
is used as it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel

__all__ = ["DistInfo", "device_kind", "resolve_device", "setup", "sync_buffers", "teardown", "wrap"]


@dataclass(frozen=True)
class DistInfo:
    """rank, world_size, local_rank (device index on this host); owns_group: setup made it."""

    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    owns_group: bool = False

    @property
    def is_main(self) -> bool:
        """Rank 0 writes the files and reports progress."""
        return self.rank == 0


def device_kind(device: str) -> str:
    """ "cpu" or "cuda" for a requested "auto", "cpu" or "cuda"."""
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device not in ("cpu", "cuda"):
        raise ValueError(f"device must be 'auto', 'cpu' or 'cuda', got {device!r}")
    if device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda was asked for, but torch sees no CUDA device")
    return device


def setup(kind: str) -> DistInfo:
    """Join (or create, under torchrun) the process group; a single process otherwise."""
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if dist.is_available() and dist.is_initialized():
        return DistInfo(dist.get_rank(), dist.get_world_size(), local_rank)
    if int(os.environ.get("WORLD_SIZE", "1")) <= 1:
        return DistInfo()
    if kind == "cuda":
        torch.cuda.set_device(local_rank)
    dist.init_process_group("nccl" if kind == "cuda" else "gloo")  # env:// from torchrun
    return DistInfo(dist.get_rank(), dist.get_world_size(), local_rank, owns_group=True)


def resolve_device(kind: str, info: DistInfo) -> torch.device:
    """This process's device: cuda:LOCAL_RANK or the CPU."""
    return torch.device("cuda", info.local_rank) if kind == "cuda" else torch.device("cpu")


def wrap(module: nn.Module, info: DistInfo, device: torch.device) -> nn.Module:
    """The module itself for one process, DDP-wrapped (gradients averaged) for several."""
    if info.world_size == 1:
        return module
    device_ids = [device.index] if device.type == "cuda" else None
    return DistributedDataParallel(module, device_ids=device_ids)


def sync_buffers(module: nn.Module, info: DistInfo) -> None:
    """Copy rank 0's buffers (batch-norm running statistics) to every replica.

    DDP broadcasts them before each forward pass, so after the last step each replica holds
    statistics updated by its own last batch; this makes the replicas identical again.
    """
    if info.world_size > 1:
        for buffer in module.buffers():
            dist.broadcast(buffer, src=0)


def teardown(info: DistInfo) -> None:
    """Leave the process group if setup created it."""
    if info.owns_group:
        dist.destroy_process_group()
