"""Slots: the exercise functions a sample model calls, looked up by name so a grader can swap in
a learner's version.

A slot name is the CS231n name of the function the learner writes. The model asks a `layers`
mapping for each slot it uses; a slot the mapping lacks falls back to the engine's reference.
Signatures are the engine's (CS231n's): `conv_forward(x, w, b, conv_param)`,
`max_pool_forward(x, pool_param)`, update rules `rule(w, dw, config=None) -> (next_w, config)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from engine import optim
from engine.layers import attention, conv, generative, linear, losses, norm, pool, rnn

__all__ = ["DEFAULT_LAYERS", "SLOT_NAMES", "Layers", "resolve_layers"]

Layers = Mapping[str, Callable[..., Any]]

# Convolution and pooling default to the fast versions: the naive loops would make every
# held-out evaluation take minutes; the signatures are the naive ones'.
DEFAULT_LAYERS: Layers = MappingProxyType(
    {
        "affine_forward": linear.affine_forward,
        "affine_backward": linear.affine_backward,
        "relu_forward": linear.relu_forward,
        "relu_backward": linear.relu_backward,
        "conv_forward": conv.conv_forward_fast,
        "conv_backward": conv.conv_backward_fast,
        "max_pool_forward": pool.max_pool_forward_fast,
        "max_pool_backward": pool.max_pool_backward_fast,
        "batchnorm_forward": norm.batchnorm_forward,
        "batchnorm_backward": norm.batchnorm_backward,
        "dropout_forward": norm.dropout_forward,
        "dropout_backward": norm.dropout_backward,
        "softmax_loss": losses.softmax_loss,
        "rnn_step_forward": rnn.rnn_step_forward,
        "lstm_step_forward": rnn.lstm_step_forward,
        "word_embedding_forward": rnn.word_embedding_forward,
        "temporal_affine_forward": rnn.temporal_affine_forward,
        "rmsnorm_forward": attention.rmsnorm_forward,
        "swiglu_forward": attention.swiglu_forward,
        "multihead_self_attention_forward": attention.multihead_self_attention_forward,
        "euler_step": generative.euler_step,
        "classifier_free_guidance": generative.classifier_free_guidance,
        "sgd_momentum": optim.sgd_momentum,
        "adam": optim.adam,
    }
)
SLOT_NAMES: frozenset[str] = frozenset(DEFAULT_LAYERS)


def resolve_layers(layers: Layers | None, slots: Iterable[str]) -> dict[str, Callable[..., Any]]:
    """The function for every slot in `slots`: layers[name] when given, else the engine's.

    Inputs:
    - layers: slot name -> callable, or None for the engine's reference functions; names that
      are no slot at all raise ValueError (a typo would otherwise fall back silently); slots
      the model does not use are ignored
    - slots: the slot names the model uses

    Returns a plain dict holding exactly `slots`.
    """
    given = dict(layers or {})
    unknown = sorted(set(given) - SLOT_NAMES)
    if unknown:
        raise ValueError(f"unknown slot name(s) {unknown}; slots are {sorted(SLOT_NAMES)}")
    not_callable = sorted(name for name, fn in given.items() if not callable(fn))
    if not_callable:
        raise TypeError(f"slot(s) {not_callable} must be callable")
    return {name: given.get(name, DEFAULT_LAYERS[name]) for name in slots}
