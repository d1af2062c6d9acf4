"""A 2-D rectified-flow velocity model with classifier-free guidance (lecture 14).

Data: GaussianMixture (8 classes on a circle). Convention of engine.layers.generative: t = 0 is
data, t = 1 noise, x_t = (1 - t) x + t z, target velocity z - x. The velocity MLP sees
[x_t, t, embedding(y)], where y = num_classes is the null label (trained on 10% of examples,
so the same net gives the unconditional velocity). Sampling integrates from t = 1 to 0 with
euler_step, guiding each step with classifier_free_guidance(v_cond, v_uncond, w).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from engine.layers.generative import rectified_flow_interpolate, rectified_flow_loss
from engine.layers.init import kaiming_normal
from engine.models.base import Params, load_params
from engine.models.data import GaussianMixture
from engine.models.slots import Layers, resolve_layers

__all__ = ["FLOW", "RectifiedFlow2D"]

EVAL_SEED = 20_231  # held-out draws: a seed the trainer never uses
EVAL_PER_CLASS = 256
EVAL_STEPS = 32
EVAL_GUIDANCE = 1.0
HELDOUT_BATCH = 4096


@dataclass(frozen=True)
class RectifiedFlow2D:
    """Velocity MLP: [x_t (2), t (1), label embedding (E)] -> hidden -> relu -> hidden -> relu -> 2.

    Params: W_embed (K + 1, E) (row K is the null label), W1 (3 + E, H), b1, W2 (H, H), b2,
    W3 (H, 2), b3.
    """

    name: str
    description: str
    hidden_dim: int = 128
    embed_dim: int = 16
    mixture: GaussianMixture = field(default_factory=GaussianMixture)
    kind: ClassVar[str] = "flow"
    metric: ClassVar[str] = "mode_hit_rate"
    slots: ClassVar[tuple[str, ...]] = (
        "word_embedding_forward",
        "affine_forward",
        "relu_forward",
        "classifier_free_guidance",
        "euler_step",
    )

    @property
    def null_label(self) -> int:
        return self.mixture.num_classes

    def config(self) -> dict[str, Any]:
        m = self.mixture
        return {
            "hidden_dim": self.hidden_dim,
            "embed_dim": self.embed_dim,
            "mixture": {"num_classes": m.num_classes, "radius": m.radius, "std": m.std},
            "null_label": self.null_label,
        }

    def init_params(self, seed: int = 0) -> Params:
        """Fresh weights: Kaiming normal, zero biases, N(0, 1) label embeddings."""
        rng = np.random.default_rng(seed)
        E, H = self.embed_dim, self.hidden_dim
        return {
            "W_embed": rng.standard_normal((self.null_label + 1, E)),
            "W1": kaiming_normal(3 + E, H, rng=rng),
            "b1": np.zeros(H),
            "W2": kaiming_normal(H, H, rng=rng),
            "b2": np.zeros(H),
            "W3": kaiming_normal(H, 2, rng=rng) * 0.1,
            "b3": np.zeros(2),
        }

    def forward(
        self,
        params: Params,
        x_t: np.ndarray,
        t: np.ndarray,
        y: np.ndarray,
        layers: Layers | None = None,
    ) -> np.ndarray:
        """Predicted velocity.

        Inputs: x_t: (N, 2) points; t: (N,) times in [0, 1]; y: (N,) labels in [0, K], K = null;
        layers: slot name -> learner function. Returns v: (N, 2).
        """
        fns = resolve_layers(layers, self.slots)
        emb, _ = fns["word_embedding_forward"](y[:, None], params["W_embed"])  # (N, 1, E)
        h = np.concatenate([x_t, t[:, None], emb[:, 0]], axis=1)  # (N, 3 + E)
        for i in (1, 2):
            h, _ = fns["affine_forward"](h, params[f"W{i}"], params[f"b{i}"])
            h, _ = fns["relu_forward"](h)
        v, _ = fns["affine_forward"](h, params["W3"], params["b3"])
        return np.asarray(v)

    def sample(
        self,
        params: Params,
        y: np.ndarray,
        layers: Layers | None = None,
        *,
        guidance: float = EVAL_GUIDANCE,
        num_steps: int = EVAL_STEPS,
        seed: int = EVAL_SEED,
    ) -> np.ndarray:
        """Samples for labels y: (N,): Euler from z ~ N(0, I) at t = 1 to t = 0 in num_steps,
        velocity classifier_free_guidance(v(x, t, y), v(x, t, null), guidance).
        Returns x_0: (N, 2)."""
        fns = resolve_layers(layers, self.slots)
        x = np.random.default_rng(seed).standard_normal((len(y), 2))
        both = np.concatenate([y, np.full(len(y), self.null_label)])  # one forward for both
        for t, t_next in itertools.pairwise(np.linspace(1.0, 0.0, num_steps + 1)):
            v = self.forward(params, np.concatenate([x, x]), np.full(2 * len(y), t), both, layers)
            v_guided = fns["classifier_free_guidance"](v[: len(y)], v[len(y) :], guidance)
            x = fns["euler_step"](x, v_guided, t, t_next)
        return x

    def sample_summary(self, samples: np.ndarray, y: np.ndarray) -> dict[str, float]:
        """How well samples (N, 2) with labels y (N,) land on their classes' modes.

        mode_hit_rate: share within 3 std of its own mode; nearest_mode_accuracy: share whose
        nearest mode is its own; mean_error_max / mean_error_avg: distance between a class's
        sample mean and its mode (worst, average over classes); std_ratio: sample std per
        axis / true std, averaged over classes and axes (1 is right, < 1 too narrow).
        """
        modes = self.mixture.modes()
        dist = np.linalg.norm(samples - modes[y], axis=1)
        nearest = np.argmin(np.linalg.norm(samples[:, None] - modes[None], axis=2), axis=1)
        classes = range(self.mixture.num_classes)
        errors = [np.linalg.norm(samples[y == k].mean(axis=0) - modes[k]) for k in classes]
        stds = [samples[y == k].std(axis=0) / self.mixture.std for k in classes]
        return {
            "mode_hit_rate": float(np.mean(dist < 3 * self.mixture.std)),
            "nearest_mode_accuracy": float(np.mean(nearest == y)),
            "mean_error_max": float(np.max(errors)),
            "mean_error_avg": float(np.mean(errors)),
            "std_ratio": float(np.mean(stds)),
        }

    def heldout_loss(self, params: Params, layers: Layers | None = None) -> float:
        """Rectified-flow loss of the conditional velocity on HELDOUT_BATCH fresh draws
        (seed EVAL_SEED: data, noise and times the trainer never saw)."""
        rng = np.random.default_rng(EVAL_SEED)
        x, y = self.mixture.sample(HELDOUT_BATCH, rng)
        z, t = rng.standard_normal(x.shape), rng.random(HELDOUT_BATCH)
        x_t, _ = rectified_flow_interpolate(x, z, t)
        return rectified_flow_loss(self.forward(params, x_t, t, y, layers), x, z)[0]

    def eval_labels(self) -> np.ndarray:
        """EVAL_PER_CLASS labels of every class, (K * EVAL_PER_CLASS,)."""
        return np.repeat(np.arange(self.mixture.num_classes), EVAL_PER_CLASS)

    def evaluate(
        self, params: Params, layers: Layers | None = None, assets_dir: Path | None = None
    ) -> dict[str, float]:
        """sample_summary of seeded samples with guidance EVAL_GUIDANCE and, prefixed
        "unguided_", with guidance 0 (CFG sharpens each class and pushes it away from the
        others: narrower samples, means moved outwards), plus the held-out flow loss."""
        y = self.eval_labels()
        guided = self.sample_summary(self.sample(params, y, layers), y)
        plain = self.sample_summary(self.sample(params, y, layers, guidance=0.0), y)
        unguided = {f"unguided_{key}": value for key, value in plain.items()}
        return {**guided, **unguided, "heldout_flow_loss": self.heldout_loss(params, layers)}

    def probe(
        self, params: Params, layers: Layers | None = None, assets_dir: Path | None = None
    ) -> np.ndarray:
        """Guided samples (8 per class, all slots involved), to compare layers."""
        y = np.repeat(np.arange(self.mixture.num_classes), 8)
        return self.sample(params, y, layers, num_steps=8)

    def load(self, path: Path | None = None, assets_dir: Path | None = None) -> Params:
        """The shipped weights (hash-checked), or those of an explicit .npz path."""
        return load_params(self.name, path, assets_dir)

    def flops_per_example(self, params: Params | None = None) -> int:
        """Forward FLOPs of one velocity evaluation (the three affine layers)."""
        E, H = self.embed_dim, self.hidden_dim
        return 2 * ((3 + E) * H + H * H + H * 2)


FLOW = RectifiedFlow2D(
    "rectified_flow_2d",
    "velocity MLP [x_t, t, label embedding(9->16)] -> 128 -> relu -> 128 -> relu -> 2, "
    "classifier-free guidance with null label 8",
)
