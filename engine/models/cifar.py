"""CIFAR-10 from the learner's own copy: the standard `cifar-10-batches-py` folder.

The folder holds pickled dicts `data_batch_1` .. `data_batch_5` and `test_batch`, each with
b"data": (10000, 3072) uint8 rows (1024 red, then green, then blue values of a 32x32 image,
row-major) and b"labels": 10000 ints in 0..9. Nothing is downloaded. The pickles are read with
an unpickler that only rebuilds NumPy arrays, so a tampered file cannot run code.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

__all__ = ["CIFAR_CLASSES", "Cifar10", "CifarFormatError", "load_cifar10", "load_cifar_batch"]

CIFAR_CLASSES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_BATCH = "test_batch"
_ALLOWED_GLOBALS = {
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("_codecs", "encode"),  # protocol-2 pickles store bytes through it
}


class CifarFormatError(ValueError):
    """A CIFAR-10 batch file exists but is not in the expected pickle format."""


class Cifar10(NamedTuple):
    """x_train: (N, 3, 32, 32) uint8; y_train: (N,) int64; x_test, y_test likewise."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


class _ArrayUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED_GLOBALS:
            raise pickle.UnpicklingError(f"refusing to load {module}.{name}")
        return super().find_class(module, name)


def load_cifar_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """One pickled batch: x: (n, 3, 32, 32) uint8 and y: (n,) int64.

    Raises FileNotFoundError if absent, CifarFormatError if it is not a CIFAR-10 batch.
    """
    if not path.is_file():
        raise FileNotFoundError(f"CIFAR-10 batch missing: {path}")
    try:
        with open(path, "rb") as f:
            batch = _ArrayUnpickler(f, encoding="bytes").load()
        data = np.asarray(batch[b"data"], dtype=np.uint8)
        labels = np.asarray(batch[b"labels"], dtype=np.int64)
    except (pickle.UnpicklingError, EOFError, KeyError, TypeError, ValueError) as err:
        raise CifarFormatError(f"{path} is not a CIFAR-10 python batch: {err}") from err
    if data.ndim != 2 or data.shape[1] != 3072 or labels.shape != (data.shape[0],):
        raise CifarFormatError(
            f"{path}: expected data (n, 3072) and labels (n,), got {data.shape}, {labels.shape}"
        )
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise CifarFormatError(f"{path}: labels outside 0..9")
    return data.reshape(-1, 3, 32, 32), labels


def load_cifar10(cifar_dir: str | Path) -> Cifar10:
    """All of CIFAR-10 from a `cifar-10-batches-py` folder (or the folder that contains it).

    Inputs:
    - cifar_dir: the folder with data_batch_1..5 and test_batch

    Returns Cifar10(x_train (50000, 3, 32, 32), y_train, x_test (10000, 3, 32, 32), y_test) for
    the real data set (fewer rows for a smaller file in the same format).
    Raises FileNotFoundError naming what is missing, CifarFormatError for a broken file.
    """
    root = Path(cifar_dir).expanduser()
    if (root / "cifar-10-batches-py").is_dir():
        root = root / "cifar-10-batches-py"
    if not root.is_dir():
        raise FileNotFoundError(f"CIFAR-10 folder not found: {root}")
    missing = [name for name in (*TRAIN_BATCHES, TEST_BATCH) if not (root / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{root} is not a cifar-10-batches-py folder: missing {', '.join(missing)}"
        )
    train = [load_cifar_batch(root / name) for name in TRAIN_BATCHES]
    x_test, y_test = load_cifar_batch(root / TEST_BATCH)
    x_train = np.concatenate([x for x, _ in train])
    y_train = np.concatenate([y for _, y in train])
    return Cifar10(x_train, y_train, x_test, y_test)
