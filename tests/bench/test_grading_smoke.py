"""Smoke test for bench/grading.py: one exercise, JSON shape."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "grading.py"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("grading_bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "grading_bench", module)
    spec.loader.exec_module(module)
    return module


def test_grading_bench_json(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--repeat", "1", "--only", "affine", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result.keys() >= {"median_s", "catalog_s", "exercises"}
    assert set(result["exercises"]) == {"affine"} and result["not_passing"] == []
    assert 0 < result["baseline_child_numpy_s"] < result["median_s"] < 20
