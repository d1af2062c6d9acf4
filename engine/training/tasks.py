"""What training each model means: hyperparameters, minibatches and the torch loss.

Batches are drawn with a NumPy Generator seeded by (seed, rank), so every run is repeatable
and every data-parallel replica sees different examples. The flow model's batches reuse the
engine's rectified_flow_interpolate and logit_normal_timesteps.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from engine.layers.generative import logit_normal_timesteps, rectified_flow_interpolate
from engine.models.base import Params
from engine.models.charlm import CharLM
from engine.models.classifiers import Classifier
from engine.models.flow import RectifiedFlow2D

__all__ = ["HYPER", "CharTask", "ClassifierTask", "FlowTask", "Hyper", "Task"]

Batch = tuple[torch.Tensor, ...]
P_UNCOND = 0.1  # share of flow examples trained with the null label (for CFG)


@dataclass(frozen=True)
class Hyper:
    """AdamW with a cosine schedule (linear warm-up, floor min_lr_ratio * lr), weight decay on
    matrices only, gradient-norm clipping; steps of batch_size examples (global batch)."""

    steps: int
    batch_size: int
    lr: float
    weight_decay: float = 0.0
    warmup: int = 50
    min_lr_ratio: float = 0.1
    grad_clip: float | None = 1.0
    seed: int = 0

    def describe(self) -> dict[str, Any]:
        """The hyperparameters for the manifest."""
        schedule = "cosine with linear warm-up (engine.schedules.cosine)"
        return {**asdict(self), "optimizer": "AdamW", "schedule": schedule}


# Chosen so that all seven models train in about three minutes on two CPU cores.
HYPER: dict[str, Hyper] = {
    "mlp2": Hyper(steps=1500, batch_size=64, lr=3e-3, weight_decay=1e-4),
    "mlp3_bn_dropout": Hyper(steps=1000, batch_size=64, lr=3e-3, weight_decay=1e-4),
    "convnet": Hyper(steps=1000, batch_size=64, lr=3e-3, weight_decay=1e-4),
    "convnet_cifar10": Hyper(steps=4000, batch_size=128, lr=2e-3, weight_decay=5e-4),
    "char_rnn": Hyper(steps=600, batch_size=32, lr=2e-3, weight_decay=1e-4),
    "char_lstm": Hyper(steps=600, batch_size=32, lr=6e-3, weight_decay=1e-4),
    "char_transformer": Hyper(steps=600, batch_size=32, lr=4e-3, weight_decay=1e-4, warmup=60),
    "rectified_flow_2d": Hyper(steps=2000, batch_size=256, lr=2e-3),
}


def _tensors(device: torch.device, *arrays: np.ndarray) -> Batch:
    """Arrays as tensors on device: floats as float32, integers as int64."""
    out = []
    for a in arrays:
        dtype = torch.float32 if a.dtype.kind == "f" else torch.int64
        out.append(torch.as_tensor(a, dtype=dtype).to(device, non_blocking=True))
    return tuple(out)


@dataclass
class ClassifierTask:
    """Cross-entropy on images: x (N, *input_shape) prepared float, y (N,) labels."""

    model: Classifier
    hyper: Hyper
    x: np.ndarray
    y: np.ndarray

    def init_params(self) -> Params:
        return self.model.init_params(self.hyper.seed)

    def batch(self, rng: np.random.Generator, size: int, device: torch.device) -> Batch:
        idx = rng.choice(len(self.y), size=min(size, len(self.y)), replace=False)
        return _tensors(device, self.x[idx], self.y[idx])

    def loss(self, module: nn.Module, batch: Batch) -> torch.Tensor:
        x, y = batch
        return F.cross_entropy(module(x), y)


@dataclass
class CharTask:
    """Next-character cross-entropy on random windows of the training text.

    text_idx: (L,) int64 vocabulary indices of the training characters; vocab: (V,) code points.
    """

    model: CharLM
    hyper: Hyper
    text_idx: np.ndarray
    vocab: np.ndarray

    def init_params(self) -> Params:
        return self.model.init_params(self.hyper.seed, self.vocab)

    def batch(self, rng: np.random.Generator, size: int, device: torch.device) -> Batch:
        T = self.model.context
        starts = rng.integers(0, len(self.text_idx) - T, size=size)
        windows = self.text_idx[starts[:, None] + np.arange(T + 1)]  # (B, T + 1)
        return _tensors(device, windows[:, :-1], windows[:, 1:])

    def loss(self, module: nn.Module, batch: Batch) -> torch.Tensor:
        x, y = batch
        logits = module(x)  # (B, T, V)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))


@dataclass
class FlowTask:
    """Rectified-flow regression on fresh mixture draws, 10% with the null label."""

    model: RectifiedFlow2D
    hyper: Hyper

    def init_params(self) -> Params:
        return self.model.init_params(self.hyper.seed)

    def batch(self, rng: np.random.Generator, size: int, device: torch.device) -> Batch:
        x, y = self.model.mixture.sample(size, rng)
        y[rng.random(size) < P_UNCOND] = self.model.null_label
        z = rng.standard_normal(x.shape)
        t = logit_normal_timesteps(size, rng=rng)  # the notes' schedule: focus on mid t
        x_t, v = rectified_flow_interpolate(x, z, t)
        return _tensors(device, x_t, t, y, v)

    def loss(self, module: nn.Module, batch: Batch) -> torch.Tensor:
        x_t, t, y, v = batch
        return F.mse_loss(module(x_t, t, y), v)


Task = ClassifierTask | CharTask | FlowTask
