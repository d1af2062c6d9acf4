"""Smoke test for bench/progress.py: a small review log, computed and drawn, as JSON."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "progress.py"

pytest.importorskip("matplotlib")


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("progress_bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "progress_bench", module)
    spec.loader.exec_module(module)
    return module


def test_progress_json(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--rows", "5000", "--repeat", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result.keys() >= {"rows", "compute_s", "draw_s", "total_s", "switch_week_s"}
    assert result["rows"] == 5000 and result["weeks"] == 52
    assert 0 < result["compute_s"] < 30 and 0 < result["draw_s"] < 30
    assert 0 < result["baseline_count_scan_s"] < result["compute_s"]


def test_progress_refuses_nonsense(bench: ModuleType) -> None:
    with pytest.raises(SystemExit):
        bench.main(["--rows", "0"])
