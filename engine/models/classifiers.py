"""The image classifiers: two-layer MLP, three-layer MLP with batch norm and dropout, ConvNet.

Each is a sequence of stages (engine.models.stages); the forward pass, the loss with its
backward pass, prediction and held-out evaluation are shared. Scores are (N, 10) logits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from engine.layers.losses import softmax_loss
from engine.models.base import Params, load_params
from engine.models.data import digits_features, load_digits_heldout
from engine.models.slots import Layers, resolve_layers
from engine.models.stages import Affine, BatchNorm, Context, Conv, Dropout, MaxPool, ReLU, Stage

__all__ = ["CIFAR_CONVNET", "CONVNET", "MLP2", "MLP3", "Classifier"]

UPDATE_SLOTS = ("sgd_momentum", "adam")
PROBE_EXAMPLES = 64


@dataclass(frozen=True)
class Classifier:
    """A feed-forward classifier on images.

    name: registry name; description: the architecture in words; stages: the layers in order;
    input_shape: per-example input, (64,) or (C, H, W); dataset: "digits" or "cifar10".
    """

    name: str
    description: str
    stages: tuple[Stage, ...]
    input_shape: tuple[int, ...]
    num_classes: int = 10
    dataset: str = "digits"
    kind: ClassVar[str] = "classifier"
    metric: ClassVar[str] = "heldout_accuracy"

    @property
    def slots(self) -> tuple[str, ...]:
        """Every exercise function the forward, loss and training loop call, in order."""
        names = [slot for stage in self.stages for slot in stage.slots]
        return tuple(dict.fromkeys([*names, "softmax_loss", *UPDATE_SLOTS]))

    def config(self) -> dict[str, Any]:
        """The architecture as plain data (for the manifest)."""
        return {
            "input_shape": list(self.input_shape),
            "num_classes": self.num_classes,
            "stages": [repr(stage) for stage in self.stages],
        }

    def init_params(self, seed: int = 0) -> Params:
        """Fresh weights: Kaiming normal, zero biases, the last layer scaled by 0.01."""
        rng = np.random.default_rng(seed)
        params: Params = {}
        for stage in self.stages:
            params.update(stage.init(rng))
        return params

    def trainable(self, params: Params) -> list[str]:
        """Names of the parameters that get gradients (not batch norm's running statistics)."""
        return [key for key in params if not key.startswith("running_")]

    def prepare(self, images: np.ndarray) -> np.ndarray:
        """Model input from raw images: digits (N, 8, 8) in 0..16 -> pixel / 16; CIFAR
        (N, 3, 32, 32) uint8 -> pixel / 255. Returns (N, *input_shape) float64."""
        if self.dataset == "digits":
            return digits_features(images, self.input_shape)
        return np.asarray(images, dtype=np.float64).reshape(len(images), *self.input_shape) / 255.0

    def _run(
        self, params: Params, x: np.ndarray, fns: dict[str, Any], ctx: Context
    ) -> tuple[np.ndarray, list[Any]]:
        caches = []
        for stage in self.stages:
            x, cache = stage.forward(x, params, fns, ctx)
            caches.append(cache)
        return x, caches

    def forward(
        self,
        params: Params,
        x: np.ndarray,
        layers: Layers | None = None,
        *,
        train: bool = False,
        seed: int | None = None,
    ) -> np.ndarray:
        """Class scores.

        Inputs:
        - params: weights (see init_params for the names)
        - x: (N, *input_shape) prepared input
        - layers: slot name -> learner function; missing slots use the engine's
        - train: batch statistics and dropout (True) or running statistics, no dropout
        - seed: dropout mask seed in train mode (dropout stage k uses seed + k)

        Returns scores: (N, num_classes). Train mode updates the running statistics in params.
        """
        fns = resolve_layers(layers, self.slots)
        return self._run(params, x, fns, Context(train, seed))[0]

    def loss(
        self,
        params: Params,
        x: np.ndarray,
        y: np.ndarray,
        layers: Layers | None = None,
        *,
        seed: int | None = None,
    ) -> tuple[float, Params]:
        """Training loss and gradients: train-mode forward, softmax loss, backward slots.

        Inputs: params, x: (N, *input_shape), y: (N,) labels in [0, C), layers and seed as in
        forward. Returns (loss, grads), grads holding every trainable parameter's gradient.
        """
        fns = resolve_layers(layers, self.slots)
        scores, caches = self._run(params, x, fns, Context(True, seed))
        loss, dout = fns["softmax_loss"](scores, y)
        grads: Params = {}
        for stage, cache in zip(reversed(self.stages), reversed(caches), strict=True):
            dout, stage_grads = stage.backward(dout, cache, fns)
            grads.update(stage_grads)
        return float(loss), grads

    def accuracy(
        self, params: Params, x: np.ndarray, y: np.ndarray, layers: Layers | None = None
    ) -> float:
        """Share of test-mode argmax predictions equal to y: (N,)."""
        return float(np.mean(np.argmax(self.forward(params, x, layers), axis=1) == y))

    def load(self, path: Path | None = None, assets_dir: Path | None = None) -> Params:
        """The shipped weights (hash-checked), or those of an explicit .npz path."""
        return load_params(self.name, path, assets_dir)

    def heldout(self, assets_dir: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The shipped held-out set as (x (N, *input_shape), y (N,)); digits only."""
        if self.dataset != "digits":
            raise ValueError(f"{self.name}: held-out {self.dataset} data is not bundled")
        digits = load_digits_heldout(assets_dir)
        return self.prepare(digits.images), digits.labels

    def evaluate(
        self, params: Params, layers: Layers | None = None, assets_dir: Path | None = None
    ) -> dict[str, float]:
        """Held-out accuracy and mean softmax loss (test mode) with the given layers."""
        x, y = self.heldout(assets_dir)
        return self.evaluate_on(params, x, y, layers)

    def evaluate_on(
        self, params: Params, x: np.ndarray, y: np.ndarray, layers: Layers | None = None
    ) -> dict[str, float]:
        """Accuracy and mean softmax loss of test-mode scores on x: (N, ...), y: (N,)."""
        scores = self.forward(params, x, layers)
        return {
            "heldout_accuracy": float(np.mean(np.argmax(scores, axis=1) == y)),
            "heldout_loss": softmax_loss(scores, y)[0],
            "heldout_examples": float(len(y)),
        }

    def probe(
        self, params: Params, layers: Layers | None = None, assets_dir: Path | None = None
    ) -> np.ndarray:
        """Test-mode scores (PROBE_EXAMPLES, C) on the first held-out examples, to compare a
        learner's layers with the engine's on the shipped weights."""
        x, _ = self.heldout(assets_dir)
        return self.forward(params, x[:PROBE_EXAMPLES], layers)

    def flops_per_example(self, params: Params | None = None) -> int:
        """Forward-pass FLOPs of one example (affine and conv products; params unused)."""
        total, shape = 0, self.input_shape
        for stage in self.stages:
            total += stage.flops(shape)
            shape = stage.out_shape(shape)
        return total


MLP2 = Classifier(
    "mlp2",
    "affine(64->128) - relu - affine(128->10)",
    (Affine(1, 64, 128), ReLU(), Affine(2, 128, 10, init_scale=0.01)),
    (64,),
)
MLP3 = Classifier(
    "mlp3_bn_dropout",
    "[affine - batchnorm - relu - dropout(0.1)] x 2 (64->128->64) - affine(64->10)",
    (
        *(Affine(1, 64, 128), BatchNorm(1, 128), ReLU(), Dropout(0.1, 1)),
        *(Affine(2, 128, 64), BatchNorm(2, 64), ReLU(), Dropout(0.1, 2)),
        Affine(3, 64, 10, init_scale=0.01),
    ),
    (64,),
)
CONVNET = Classifier(
    "convnet",
    "[conv3x3 pad 1 - relu - maxpool 2x2] x 2 (1->16->32 channels, 8x8->2x2) - affine(128->10)",
    (
        *(Conv(1, 1, 16), ReLU(), MaxPool(2)),
        *(Conv(2, 16, 32), ReLU(), MaxPool(2)),
        Affine(3, 32 * 2 * 2, 10, init_scale=0.01),
    ),
    (1, 8, 8),
)
# Trained only with --cifar-dir on the learner's own CIFAR-10; no weights ship for it.
CIFAR_CONVNET = Classifier(
    "convnet_cifar10",
    "[conv3x3 pad 1 - relu - maxpool 2x2] x 2 (3->32->64, 32x32->8x8) - affine(4096->10)",
    (
        *(Conv(1, 3, 32), ReLU(), MaxPool(2)),
        *(Conv(2, 32, 64), ReLU(), MaxPool(2)),
        Affine(3, 64 * 8 * 8, 10, init_scale=0.01),
    ),
    (3, 32, 32),
    dataset="cifar10",
)
