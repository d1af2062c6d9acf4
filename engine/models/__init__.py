"""Sample models defined twice: a NumPy forward built from exercise-function slots (here) and
a PyTorch module for training (engine.training), sharing the weights in assets/models/.

`MODELS` maps each name to its model object: `slots` (the exercise functions it calls),
`load()`, `forward(params, ..., layers=None)`, `evaluate(params, layers=None)`, `probe(...)`.
This package needs NumPy only; it never imports torch.
"""

from __future__ import annotations

from engine.models.assets import AssetError, AssetMissingError, asset_path, read_manifest
from engine.models.base import Model, Params, load_params
from engine.models.charlm import CHAR_LSTM, CHAR_RNN, CharLM
from engine.models.cifar import load_cifar10
from engine.models.classifiers import CIFAR_CONVNET, CONVNET, MLP2, MLP3, Classifier
from engine.models.data import load_digits_heldout
from engine.models.flow import FLOW, RectifiedFlow2D
from engine.models.slots import DEFAULT_LAYERS, SLOT_NAMES, Layers, resolve_layers
from engine.models.text import load_notes_heldout
from engine.models.transformer_lm import CHAR_TRANSFORMER

__all__ = [
    "DEFAULT_LAYERS",
    "EXTRA_MODELS",
    "MODELS",
    "SLOT_NAMES",
    "AssetError",
    "AssetMissingError",
    "CharLM",
    "Classifier",
    "Layers",
    "Model",
    "Params",
    "RectifiedFlow2D",
    "asset_path",
    "get_model",
    "load_cifar10",
    "load_digits_heldout",
    "load_notes_heldout",
    "load_params",
    "read_manifest",
    "resolve_layers",
]

MODELS: dict[str, Model] = {
    model.name: model
    for model in (MLP2, MLP3, CONVNET, CHAR_RNN, CHAR_LSTM, CHAR_TRANSFORMER, FLOW)
}
EXTRA_MODELS: dict[str, Model] = {CIFAR_CONVNET.name: CIFAR_CONVNET}  # trained on request only


def get_model(name: str) -> Model:
    """The model called name (MODELS or EXTRA_MODELS); KeyError listing the names otherwise."""
    if name in MODELS:
        return MODELS[name]
    if name in EXTRA_MODELS:
        return EXTRA_MODELS[name]
    raise KeyError(f"unknown model {name!r}; models are {sorted([*MODELS, *EXTRA_MODELS])}")
