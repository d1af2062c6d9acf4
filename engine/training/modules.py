"""The PyTorch twin of every sample model, and the weight mapping both ways.

Each module is written with torch's own layers (nn.Linear, nn.Conv2d, nn.BatchNorm1d, nn.RNN,
nn.LSTM, nn.RMSNorm, F.scaled_dot_product_attention), not with the engine's, so that comparing
the two forward passes on the same weights tests the NumPy composition. The layouts differ:
torch stores a linear weight as (out, in) (the engine uses x @ W, (in, out)), stacks LSTM gates
i, f, g, o (the engine i, f, o, g) and splits the recurrent bias into bias_ih + bias_hh.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from engine.layers.attention import sinusoidal_positional_encoding
from engine.models.base import Model, Params
from engine.models.charlm import CharLM, CharLSTM
from engine.models.classifiers import Classifier
from engine.models.flow import RectifiedFlow2D
from engine.models.stages import BN_EPS, BN_MOMENTUM, Affine, BatchNorm, Conv, Dropout, MaxPool
from engine.models.transformer_lm import RMS_EPS, CharTransformer

__all__ = ["build_module", "export_params", "load_params_into"]

Link = tuple[str, str, str]  # (engine key, torch state-dict key, transform)


class FlatLinear(nn.Linear):
    """nn.Linear on the flattened example, as affine_forward flattens (N, d1, ..., dk)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.flatten(1))


def _stage_module(stage: object) -> nn.Module:
    if isinstance(stage, Affine):
        return FlatLinear(stage.d_in, stage.d_out)
    if isinstance(stage, Conv):
        return nn.Conv2d(stage.channels, stage.filters, stage.kernel, stage.stride, stage.pad)
    if isinstance(stage, BatchNorm):  # torch's momentum weighs the batch: 1 - CS231n's
        return nn.BatchNorm1d(stage.dim, eps=BN_EPS, momentum=1.0 - BN_MOMENTUM)
    if isinstance(stage, Dropout):
        return nn.Dropout(stage.p)
    if isinstance(stage, MaxPool):
        return nn.MaxPool2d(stage.size, stage.size)
    return nn.ReLU()


class CharRecurrent(nn.Module):
    """Embedding - nn.RNN (tanh) or nn.LSTM - linear head; forward(idx (N, T)) -> (N, T, V)."""

    def __init__(self, vocab_size: int, embed_dim: int, hidden_dim: int, lstm: bool) -> None:
        super().__init__()
        self.emb = nn.Embedding(vocab_size, embed_dim)
        cell = nn.LSTM if lstm else nn.RNN
        self.rnn = cell(embed_dim, hidden_dim, batch_first=True)
        self.head = nn.Linear(hidden_dim, vocab_size)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        h, _ = self.rnn(self.emb(idx))
        return self.head(h)  # type: ignore[no-any-return]


class Block(nn.Module):
    """Pre-norm block: h + MHSA(RMSNorm(h)), then + SwiGLU(RMSNorm(.)); causal attention."""

    def __init__(self, dim: int, heads: int, ffn_dim: int) -> None:
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.RMSNorm(dim, eps=RMS_EPS), nn.RMSNorm(dim, eps=RMS_EPS)
        self.q, self.k, self.v, self.o = (nn.Linear(dim, dim) for _ in range(4))
        self.w1, self.w2 = nn.Linear(dim, ffn_dim, bias=False), nn.Linear(dim, ffn_dim, bias=False)
        self.w3 = nn.Linear(ffn_dim, dim, bias=False)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        N, T, D = h.shape
        a = self.norm1(h)
        q, k, v = (
            p(a).view(N, T, self.heads, -1).transpose(1, 2) for p in (self.q, self.k, self.v)
        )
        attn = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # (N, heads, T, D/heads)
        h = h + self.o(attn.transpose(1, 2).reshape(N, T, D))
        m = self.norm2(h)
        return h + self.w3(F.silu(self.w1(m)) * self.w2(m))  # type: ignore[no-any-return]


class CharTransformerModule(nn.Module):
    """Embedding + sinusoidal positions - blocks - RMSNorm - head; idx (N, T) -> (N, T, V)."""

    def __init__(self, model: CharTransformer, vocab_size: int) -> None:
        super().__init__()
        D = model.embed_dim
        self.emb = nn.Embedding(vocab_size, D)
        pe = torch.from_numpy(sinusoidal_positional_encoding(model.context, D))
        self.register_buffer("pe", pe, persistent=False)  # a constant, not a weight
        self.blocks: nn.ModuleList = nn.ModuleList(
            Block(D, model.num_heads, model.ffn_dim) for _ in range(model.num_layers)
        )
        self.norm_f = nn.RMSNorm(D, eps=RMS_EPS)
        self.head = nn.Linear(D, vocab_size)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        pe = self.get_buffer("pe")
        h = self.emb(idx) + pe[: idx.shape[1]].to(self.emb.weight.dtype)
        for block in self.blocks:
            h = block(h)
        return self.head(self.norm_f(h))  # type: ignore[no-any-return]


class FlowMLP(nn.Module):
    """[x_t, t, embedding(y)] -> linear - relu - linear - relu - linear -> velocity (N, 2)."""

    def __init__(self, model: RectifiedFlow2D) -> None:
        super().__init__()
        E, H = model.embed_dim, model.hidden_dim
        self.emb = nn.Embedding(model.null_label + 1, E)
        self.l1, self.l2, self.l3 = nn.Linear(3 + E, H), nn.Linear(H, H), nn.Linear(H, 2)

    def forward(self, x_t: torch.Tensor, t: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        h = torch.cat([x_t, t[:, None], self.emb(y)], dim=1)
        return self.l3(F.relu(self.l2(F.relu(self.l1(h)))))  # type: ignore[no-any-return]


def _new_module(model: Model, params: Params) -> nn.Module:
    if isinstance(model, Classifier):
        return nn.Sequential(*(_stage_module(stage) for stage in model.stages))
    if isinstance(model, CharTransformer):
        return CharTransformerModule(model, len(params["W_embed"]))
    if isinstance(model, CharLM):
        V = len(params["W_embed"])
        return CharRecurrent(V, model.embed_dim, model.hidden_dim, isinstance(model, CharLSTM))
    if isinstance(model, RectifiedFlow2D):
        return FlowMLP(model)
    raise TypeError(f"no torch module for {type(model).__name__}")


def _classifier_links(model: Classifier) -> list[Link]:
    links: list[Link] = []
    for pos, stage in enumerate(model.stages):
        if isinstance(stage, Affine | Conv):
            kind = "T" if isinstance(stage, Affine) else "same"
            links += [(f"W{stage.index}", f"{pos}.weight", kind)]
            links += [(f"b{stage.index}", f"{pos}.bias", "same")]
        elif isinstance(stage, BatchNorm):
            names = [("gamma", "weight"), ("beta", "bias")]
            names += [("running_mean", "running_mean"), ("running_var", "running_var")]
            links += [(f"{ours}{stage.index}", f"{pos}.{theirs}", "same") for ours, theirs in names]
    return links


def _block_links(layer: int) -> list[Link]:
    ours, theirs = f"l{layer}_", f"blocks.{layer}."
    links = [(ours + f"norm{i}", theirs + f"norm{i}.weight", "same") for i in (1, 2)]
    for c in "qkvo":
        links += [(ours + f"W{c}", theirs + f"{c}.weight", "T")]
        links += [(ours + f"b{c}", theirs + f"{c}.bias", "same")]
    return links + [(ours + f"W{i}", theirs + f"w{i}.weight", "T") for i in (1, 2, 3)]


def _links(model: Model) -> list[Link]:
    """How each engine parameter maps onto the torch module's state dict."""
    head = [("W_embed", "emb.weight", "same"), ("W_out", "head.weight", "T")]
    head += [("b_out", "head.bias", "same")]
    if isinstance(model, Classifier):
        return _classifier_links(model)
    if isinstance(model, CharTransformer):
        blocks = [link for layer in range(model.num_layers) for link in _block_links(layer)]
        return [*head, *blocks, ("norm_f", "norm_f.weight", "same")]
    if isinstance(model, CharLM):
        gates = "gates" if isinstance(model, CharLSTM) else ""
        recurrent = [
            ("Wx", "rnn.weight_ih_l0", gates + "T"),
            ("Wh", "rnn.weight_hh_l0", gates + "T"),
        ]
        return [*head, *recurrent, ("b", "rnn.bias_ih_l0", gates + "bias")]
    layers = [(f"W{i}", f"l{i}.weight", "T") for i in (1, 2, 3)]
    return [
        ("W_embed", "emb.weight", "same"),
        *layers,
        *[(f"b{i}", f"l{i}.bias", "same") for i in (1, 2, 3)],
    ]


def _swap_og(a: np.ndarray, axis: int) -> np.ndarray:
    """Swap the last two quarters along axis: gates i, f, o, g <-> i, f, g, o (an involution)."""
    i, f, third, fourth = np.split(a, 4, axis=axis)
    return np.concatenate([i, f, fourth, third], axis=axis)


def _to_torch(a: np.ndarray, kind: str) -> np.ndarray:
    if kind.startswith("gates"):
        a, kind = _swap_og(a, axis=-1), kind[len("gates") :]
    return a.T if kind == "T" else a


def load_params_into(module: nn.Module, model: Model, params: Params) -> None:
    """Copy engine params into the module's weights and buffers (in place)."""
    state = module.state_dict()
    with torch.no_grad():
        for ours, theirs, kind in _links(model):
            state[theirs].copy_(
                torch.from_numpy(np.ascontiguousarray(_to_torch(params[ours], kind)))
            )
            if kind.endswith("bias"):  # the engine has one recurrent bias: bias_hh holds zeros
                state[theirs.replace("_ih_", "_hh_")].zero_()


def build_module(
    model: Model, params: Params, dtype: Any = torch.float64, device: Any = "cpu"
) -> nn.Module:
    """A fresh torch module of the model holding params (engine layout), in eval mode."""
    module = _new_module(model, params)
    load_params_into(module, model, params)
    return module.to(device=device, dtype=dtype).eval()


def export_params(model: Model, module: nn.Module) -> Params:
    """The module's weights in engine layout (float64 NumPy), inverse of load_params_into."""
    state = {k: v.detach().cpu().double().numpy() for k, v in module.state_dict().items()}
    params: Params = {}
    for ours, theirs, kind in _links(model):
        a = state[theirs]
        if kind.endswith("bias"):
            a = a + state[theirs.replace("_ih_", "_hh_")]
        a = a.T if kind.endswith("T") else a
        params[ours] = _swap_og(a, axis=-1) if kind.startswith("gates") else a
    return params
