"""Smoke test for bench/startup.py, and the facts it guards: `studyapp due` loads no heavy module
(SQLAlchemy, alembic, NumPy, fsrs, torch, matplotlib, Qt), and the desktop app paints its
window before loading torch, matplotlib, SQLAlchemy or alembic."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "startup.py"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("startup_bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "startup_bench", module)
    spec.loader.exec_module(module)
    return module


def test_startup_json(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--runs", "1", "--gui-runs", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["gui_cards"] == 10_000 and 0 < result["first_paint_s"] < 60
    assert result["heavy_modules"] == []  # at the first paint
    assert result.keys() >= {"due_s", "baseline_python_s", "modules", "due_heavy_modules"}
    assert 0 < result["baseline_python_s"] < result["due_s"] < 30
    assert result["due_heavy_modules"] == []
    assert 50 < result["modules"] < 400
