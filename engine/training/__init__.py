"""Training the sample models with PyTorch (the only part of engine that uses torch).

`train_models(names=None, device="auto", out_dir=None, *, cifar_dir=None, steps=None)` is a
generator of (done, total, message) progress tuples returning {name: manifest entry};
`python -m engine.training` is its command line, with a progress bar. Importing this package
does not import torch; calling train_models does.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from pathlib import Path
from typing import Any

__all__ = ["train_models"]


def train_models(
    names: Iterable[str] | None = None,
    device: str = "auto",
    out_dir: str | Path | None = None,
    *,
    cifar_dir: str | Path | None = None,
    steps: int | None = None,
) -> Generator[tuple[int, int | None, str], None, dict[str, Any]]:
    """Train the sample models; see engine.training.api.train_models (imported on call)."""
    from engine.training import api

    return (yield from api.train_models(names, device, out_dir, cifar_dir=cifar_dir, steps=steps))
