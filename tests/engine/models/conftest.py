"""Fixtures for the sample-model tests: the shipped weights, loaded once per session."""

from __future__ import annotations

import numpy as np
import pytest

from engine.models import MODELS, Params


@pytest.fixture(scope="session")
def shipped() -> dict[str, Params]:
    """name -> the shipped weights (float64), hash-checked by the loader."""
    return {name: model.load() for name, model in MODELS.items()}


def fresh(params: Params) -> Params:
    """A deep copy, for calls that update running statistics in place."""
    return {key: np.array(value, copy=True) for key, value in params.items()}
