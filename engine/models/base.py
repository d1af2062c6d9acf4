"""What every sample model offers, and loading its shipped weights."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np

from engine.models.assets import asset_path, manifest_entry, verify_sha256
from engine.models.slots import Layers

__all__ = ["Model", "Params", "load_params"]

Params = dict[str, np.ndarray]


class Model(Protocol):
    """A sample model: a NumPy forward built from slots, weights in assets/models/<name>.npz.

    kind is "classifier", "charlm" or "flow"; slots are the exercise functions it calls;
    metric is the key of evaluate()'s result a learner reads first.
    """

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def slots(self) -> tuple[str, ...]: ...

    @property
    def metric(self) -> str: ...

    def config(self) -> dict[str, Any]: ...

    def init_params(self, seed: int = 0) -> Params: ...

    def load(self, path: Path | None = None, assets_dir: Path | None = None) -> Params: ...

    def evaluate(
        self, params: Params, layers: Layers | None = None, assets_dir: Path | None = None
    ) -> dict[str, float]: ...

    def probe(
        self, params: Params, layers: Layers | None = None, assets_dir: Path | None = None
    ) -> np.ndarray: ...

    def flops_per_example(self, params: Params) -> int: ...


def load_params(name: str, path: Path | None = None, assets_dir: Path | None = None) -> Params:
    """Weights of model `name`: floats as float64 (they ship as float32), integers as int64.

    Inputs:
    - name: the model's registry name
    - path: an explicit .npz (not checked against any manifest); default: the bundled
      assets/models/<name>.npz, whose SHA-256 must match the manifest
    - assets_dir: an explicit assets folder whose manifest is used (a training output)

    Raises AssetMissingError if the bundled file is absent, AssetError on a hash mismatch.
    """
    if path is None:
        path = asset_path(f"models/{name}.npz", assets_dir)
        verify_sha256(path, manifest_entry("models", name, assets_dir)["sha256"])
    with np.load(path, allow_pickle=False) as npz:
        return {
            key: npz[key].astype(np.float64 if npz[key].dtype.kind == "f" else np.int64)
            for key in npz.files
        }
