"""Smoke test for bench/optimize.py: a small size, into tmp_path, JSON shape and sanity."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "optimize.py"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("optimize_bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "optimize_bench", module)
    spec.loader.exec_module(module)
    return module


def test_json(bench: ModuleType, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["--sizes", "4000", "--repeat", "1", "--no-torch", "--json", "--workdir", str(tmp_path)]
    assert bench.main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    (size,) = result["sizes"]
    assert size.keys() >= {"reviews", "ours_s", "bare_s", "log_loss_before", "log_loss_after"}
    assert size["reviews"] == 4000 and 400 < size["items"] < 4000
    assert size["ours_s"] > 0 and size["bare_s"] > 0 and size["torch"] is None
    assert size["ratio"] == pytest.approx(size["ours_s"] / size["bare_s"], rel=0.05, abs=0.02)
    assert size["ours_fit_only_s"] > 0 and len(size["runs"]["bare_s"]) == 1
    # the simulated learner is not FSRS's average one: the fit predicts it better
    assert size["log_loss_after"] < size["log_loss_before"]
    assert size["rmse_bins_after"] < size["rmse_bins_before"]
    assert list(tmp_path.iterdir()) == []  # the temporary collections are gone


def test_table(bench: ModuleType, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["--sizes", "2000", "--repeat", "1", "--no-torch", "--workdir", str(tmp_path)]
    assert bench.main(argv) == 0
    table = capsys.readouterr().out
    assert "ours s" in table and "bare s" in table and "target" in table and "CPUs" in table
