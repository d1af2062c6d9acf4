"""Character-level language models on the lecture notes: vanilla RNN and LSTM (lecture 7).

All character models share the frame in CharLM: word_embedding_forward turns (N, T) indices
into (N, T, D) vectors, a model-specific core maps them to (N, T, H) states, and
temporal_affine_forward gives (N, T, V) logits for the next character. Every window starts
from a zero state, as in training, so generation conditions on the last CONTEXT characters.
The vocabulary (code points, sorted) is stored with the weights under "vocab".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from engine.layers.losses import softmax_loss
from engine.models.base import Params, load_params
from engine.models.slots import Layers, resolve_layers
from engine.models.text import CONTEXT, codes_to_indices, decode, encode, load_notes_heldout
from engine.models.text import unigram_perplexity as unigram_baseline

__all__ = ["CHAR_LSTM", "CHAR_RNN", "CharLM", "CharLSTM", "CharRNN"]

Fns = dict[str, Any]
FRAME_SLOTS = ("word_embedding_forward", "temporal_affine_forward")
PROBE_WINDOWS = 8


@dataclass(frozen=True)
class CharLM:
    """Base of the character models: embed_dim D, hidden_dim H (the core's width), context T."""

    name: str
    description: str
    embed_dim: int
    hidden_dim: int
    context: int = CONTEXT
    kind: ClassVar[str] = "charlm"
    metric: ClassVar[str] = "heldout_perplexity"
    core_slots: ClassVar[tuple[str, ...]] = ()
    recurrent: ClassVar[bool] = False  # a core of _step()s: generation can carry its state

    @property
    def slots(self) -> tuple[str, ...]:
        """The exercise functions the forward pass calls."""
        return (FRAME_SLOTS[0], *self.core_slots, FRAME_SLOTS[1])

    def config(self) -> dict[str, Any]:
        """The architecture as plain data (for the manifest)."""
        return {"embed_dim": self.embed_dim, "hidden_dim": self.hidden_dim, "context": self.context}

    def init_params(self, seed: int = 0, vocab: np.ndarray | None = None) -> Params:
        """Fresh weights for a vocabulary (default: the shipped one); the output layer is
        scaled down so the initial loss is about log V."""
        vocab = load_notes_heldout().vocab if vocab is None else vocab
        rng = np.random.default_rng(seed)
        V, D, H = len(vocab), self.embed_dim, self.hidden_dim
        params = {
            "W_embed": rng.standard_normal((V, D)),
            "W_out": rng.standard_normal((H, V)) * 0.1 / math.sqrt(H),
            "b_out": np.zeros(V),
            **self._init_core(rng),
        }
        params["vocab"] = np.asarray(vocab, dtype=np.int64)
        return params

    def _init_core(self, rng: np.random.Generator) -> Params:
        raise NotImplementedError

    def _core(self, params: Params, x: np.ndarray, fns: Fns) -> np.ndarray:
        """(N, T, D) embedded characters -> (N, T, H) states: a recurrent core steps through
        time from a zero state (the transformer overrides this)."""
        state, states = self._zero_state(x.shape[0]), []
        for t in range(x.shape[1]):
            h, state = self._step(params, x[:, t], state, fns)
            states.append(h)
        return np.stack(states, axis=1)

    def forward(self, params: Params, idx: np.ndarray, layers: Layers | None = None) -> np.ndarray:
        """Next-character logits.

        Inputs:
        - params: weights (the vocabulary is not used here)
        - idx: (N, T) int vocabulary indices, T <= context
        - layers: slot name -> learner function; missing slots use the engine's

        Returns logits: (N, T, V); logits[n, t] scores the character after idx[n, :t + 1].
        """
        fns = resolve_layers(layers, self.slots)
        x, _ = fns["word_embedding_forward"](idx, params["W_embed"])  # (N, T, D)
        h = self._core(params, x, fns)  # (N, T, H)
        logits, _ = fns["temporal_affine_forward"](h, params["W_out"], params["b_out"])
        return np.asarray(logits)

    def generate(self, params: Params, prefix: str, n: int, layers: Layers | None = None) -> str:
        """Greedy continuation: n characters, each the argmax given the last `context` ones.

        prefix must be non-empty and use only vocabulary characters (ValueError otherwise).
        Returns the n new characters (without the prefix). Deterministic: argmax ties go to
        the lowest code point.
        """
        idx = list(encode(prefix, params["vocab"]))
        if not idx:
            raise ValueError("prefix must contain at least one character")
        if self.recurrent and len(idx) + n <= self.context:
            return decode(
                np.asarray(self._generate_carried(params, idx, n, layers)), params["vocab"]
            )
        for _ in range(n):
            window = np.asarray(idx[-self.context :])[None]  # (1, T)
            idx.append(int(np.argmax(self.forward(params, window, layers)[0, -1])))
        return decode(np.asarray(idx[len(prefix) :], dtype=np.int64), params["vocab"])

    def _generate_carried(
        self, params: Params, idx: list[int], n: int, layers: Layers | None
    ) -> list[int]:
        """generate() while the text fits in one context: every window then starts at the
        first character, so the recurrent state carries over and each new character costs one
        step instead of a whole window (the same argmax; a sandboxed learner's layer is called
        a few dozen times instead of a thousand)."""
        fns = resolve_layers(layers, self.slots)
        x, _ = fns["word_embedding_forward"](np.asarray([idx]), params["W_embed"])  # (1, T, D)
        state = self._zero_state(1)
        for t in range(x.shape[1]):
            h, state = self._step(params, x[:, t], state, fns)
        out: list[int] = []
        for _ in range(n):
            logits, _ = fns["temporal_affine_forward"](h[:, None], params["W_out"], params["b_out"])
            out.append(int(np.argmax(np.asarray(logits)[0, -1])))
            if len(out) < n:
                x, _ = fns["word_embedding_forward"](np.asarray([[out[-1]]]), params["W_embed"])
                h, state = self._step(params, x[:, 0], state, fns)
        return out

    def _zero_state(self, batch: int) -> Any:
        raise NotImplementedError

    def _step(
        self, params: Params, x_t: np.ndarray, state: Any, fns: Fns
    ) -> tuple[np.ndarray, Any]:
        """One recurrent step: x_t (N, D), the state -> h_t (N, H) and the next state."""
        raise NotImplementedError

    def perplexity(
        self, params: Params, windows: np.ndarray, layers: Layers | None = None
    ) -> float:
        """exp(mean cross-entropy) of predicting characters 1..T of each window from 0..T-1.

        windows: (W, T + 1) code points. Returns the perplexity (lower is better).
        """
        idx = codes_to_indices(windows, params["vocab"])
        logits = self.forward(params, idx[:, :-1], layers)
        loss, _ = softmax_loss(logits.reshape(-1, logits.shape[-1]), idx[:, 1:].reshape(-1))
        return math.exp(loss)

    def evaluate(
        self, params: Params, layers: Layers | None = None, assets_dir: Path | None = None
    ) -> dict[str, float]:
        """Held-out perplexity and bits per character, with the unigram baseline."""
        split = load_notes_heldout(assets_dir)
        ppl = self.perplexity(params, split.windows, layers)
        return {
            "heldout_perplexity": ppl,
            "heldout_bits_per_char": math.log2(ppl),
            "unigram_perplexity": unigram_baseline(split),
            "heldout_characters": float(split.windows[:, 1:].size),
        }

    def probe(
        self, params: Params, layers: Layers | None = None, assets_dir: Path | None = None
    ) -> np.ndarray:
        """Logits (PROBE_WINDOWS, T, V) on the first held-out windows."""
        windows = load_notes_heldout(assets_dir).windows[:PROBE_WINDOWS]
        return self.forward(params, codes_to_indices(windows[:, :-1], params["vocab"]), layers)

    def load(self, path: Path | None = None, assets_dir: Path | None = None) -> Params:
        """The shipped weights and vocabulary (hash-checked), or those of an explicit .npz."""
        return load_params(self.name, path, assets_dir)

    def flops_per_example(self, params: Params) -> int:
        """Forward FLOPs of one window of `context` characters: 2 per weight of every matrix a
        character passes through (the embedding is a lookup, biases are left out)."""
        matrices = [v for k, v in params.items() if v.ndim == 2 and k != "W_embed"]
        return 2 * self.context * sum(int(w.size) for w in matrices)


class CharRNN(CharLM):
    """Vanilla RNN core: h_t = tanh(x_t Wx + h_(t-1) Wh + b), Wx (D, H), Wh (H, H), b (H,)."""

    core_slots: ClassVar[tuple[str, ...]] = ("rnn_step_forward",)
    recurrent: ClassVar[bool] = True

    def _init_core(self, rng: np.random.Generator) -> Params:
        D, H = self.embed_dim, self.hidden_dim
        return {
            "Wx": rng.standard_normal((D, H)) / math.sqrt(D),
            "Wh": rng.standard_normal((H, H)) / math.sqrt(H),
            "b": np.zeros(H),
        }

    def _zero_state(self, batch: int) -> np.ndarray:
        return np.zeros((batch, self.hidden_dim))

    def _step(
        self, params: Params, x_t: np.ndarray, state: Any, fns: Fns
    ) -> tuple[np.ndarray, Any]:
        h, _ = fns["rnn_step_forward"](x_t, state, params["Wx"], params["Wh"], params["b"])
        return h, h


class CharLSTM(CharLM):
    """LSTM core, gates stacked i, f, o, g: Wx (D, 4H), Wh (H, 4H), b (4H,); c_0 = 0.
    The forget-gate bias starts at 1 so the cell keeps its memory early in training."""

    core_slots: ClassVar[tuple[str, ...]] = ("lstm_step_forward",)
    recurrent: ClassVar[bool] = True

    def _init_core(self, rng: np.random.Generator) -> Params:
        D, H = self.embed_dim, self.hidden_dim
        b = np.zeros(4 * H)
        b[H : 2 * H] = 1.0
        return {
            "Wx": rng.standard_normal((D, 4 * H)) / math.sqrt(D),
            "Wh": rng.standard_normal((H, 4 * H)) / math.sqrt(H),
            "b": b,
        }

    def _zero_state(self, batch: int) -> tuple[np.ndarray, np.ndarray]:
        zeros = np.zeros((batch, self.hidden_dim))
        return zeros, zeros

    def _step(
        self, params: Params, x_t: np.ndarray, state: Any, fns: Fns
    ) -> tuple[np.ndarray, Any]:
        h, c = state
        h, c, _ = fns["lstm_step_forward"](x_t, h, c, params["Wx"], params["Wh"], params["b"])
        return h, (h, c)


CHAR_RNN = CharRNN(
    "char_rnn", "embedding(V->64) - vanilla RNN(tanh, 256) - temporal affine(256->V)", 64, 256
)
CHAR_LSTM = CharLSTM(
    "char_lstm", "embedding(V->64) - LSTM(192, gates i,f,o,g) - temporal affine(192->V)", 64, 192
)
