"""A small pre-norm transformer character model (lectures 8 and 9, LLaMA-style parts).

h = embedding + sinusoidal positions; each block:
    h = h + MHSA(RMSNorm(h))   (causal, biases on q, k, v, o)
    h = h + SwiGLU(RMSNorm(h)) (no biases)
then a final RMSNorm and the output projection. Attention is the engine's
multihead_self_attention_forward slot as a whole (it calls the engine's own
scaled_dot_product_attention_forward inside); its params use the engine's x @ W layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from engine.layers.attention import MHSA_KEYS, sinusoidal_positional_encoding
from engine.models.base import Params
from engine.models.charlm import CharLM, Fns

__all__ = ["CHAR_TRANSFORMER", "RMS_EPS", "CharTransformer"]

RMS_EPS = 1e-6  # rmsnorm_forward's default; torch's nn.RMSNorm is given the same


@dataclass(frozen=True)
class CharTransformer(CharLM):
    """Width D = embed_dim = hidden_dim; num_layers blocks of num_heads heads; SwiGLU hidden
    width ffn_dim (the notes' 8D/3). Block l's params are "l{l}_norm1", "l{l}_Wq", ...,
    "l{l}_bo", "l{l}_norm2", "l{l}_W1", "l{l}_W2", "l{l}_W3"; then "norm_f"."""

    num_layers: int = 2
    num_heads: int = 4
    ffn_dim: int = 170
    core_slots: ClassVar[tuple[str, ...]] = (
        "rmsnorm_forward",
        "multihead_self_attention_forward",
        "swiglu_forward",
    )

    def __post_init__(self) -> None:
        if self.hidden_dim != self.embed_dim or self.embed_dim % self.num_heads:
            raise ValueError("transformer: hidden_dim must equal embed_dim, divisible by heads")

    def config(self) -> dict[str, Any]:
        extra = {
            "num_layers": self.num_layers,
            "num_heads": self.num_heads,
            "ffn_dim": self.ffn_dim,
        }
        return {**super().config(), **extra, "norm_eps": RMS_EPS, "positions": "sinusoidal"}

    def _init_core(self, rng: np.random.Generator) -> Params:
        D, F = self.embed_dim, self.ffn_dim
        params: Params = {"norm_f": np.ones(D)}
        for layer in range(self.num_layers):
            block = {"norm1": np.ones(D), "norm2": np.ones(D)}
            for c in "qkvo":
                block[f"W{c}"] = rng.standard_normal((D, D)) / math.sqrt(D)
                block[f"b{c}"] = np.zeros(D)
            block["W1"] = rng.standard_normal((D, F)) / math.sqrt(D)
            block["W2"] = rng.standard_normal((D, F)) / math.sqrt(D)
            block["W3"] = rng.standard_normal((F, D)) / math.sqrt(F)
            params.update({f"l{layer}_{key}": value for key, value in block.items()})
        return params

    def _block(self, params: Params, layer: int, h: np.ndarray, fns: Fns) -> np.ndarray:
        """One pre-norm block on h: (N, T, D)."""
        p = {
            key[len(f"l{layer}_") :]: v for key, v in params.items() if key.startswith(f"l{layer}_")
        }
        # The slots are called with the exercises' signatures: rmsnorm_forward(x, gamma) with
        # its default eps (RMS_EPS), attention with the causal mask as an array.
        a, _ = fns["rmsnorm_forward"](h, p["norm1"])
        attn_params = {key: p[key] for key in MHSA_KEYS}
        T = h.shape[1]
        causal = np.tril(np.ones((T, T), dtype=bool))[None, None]  # (1, 1, T, T)
        attn, _ = fns["multihead_self_attention_forward"](a, attn_params, self.num_heads, causal)
        h = h + attn  # the residual path carries h unnormalised (pre-norm)
        m, _ = fns["rmsnorm_forward"](h, p["norm2"])
        mlp, _ = fns["swiglu_forward"](m, p["W1"], p["W2"], p["W3"])
        return np.asarray(h + mlp)

    def _core(self, params: Params, x: np.ndarray, fns: Fns) -> np.ndarray:
        h = x + sinusoidal_positional_encoding(x.shape[1], self.embed_dim)  # (N, T, D)
        for layer in range(self.num_layers):
            h = self._block(params, layer, h, fns)
        out, _ = fns["rmsnorm_forward"](h, params["norm_f"])
        return np.asarray(out)

    def flops_per_example(self, params: Params) -> int:
        """Weight FLOPs (as CharLM) plus attention scores and weighted values: 2 * 2 * T^2 * D
        per layer for a full (unmasked) T x T score matrix, the usual MFU accounting."""
        attention = 4 * self.context**2 * self.embed_dim * self.num_layers
        return super().flops_per_example(params) + attention


CHAR_TRANSFORMER = CharTransformer(
    "char_transformer",
    "embedding(V->64) + sinusoidal positions - 2 x pre-norm block [RMSNorm - causal MHSA(4 heads) "
    "- RMSNorm - SwiGLU(170)] - RMSNorm - temporal affine(64->V)",
    64,
    64,
)
