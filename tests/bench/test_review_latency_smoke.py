"""Smoke test for bench/review_latency.py: tiny sizes, into tmp_path, JSON shape and sanity."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "review_latency.py"
TINY = ["--cards", "300", "--answers", "20"]
SIDE_KEYS = {"create_s", "median_ms", "p95_ms", "answers_per_s", "cards", "review_cards"}


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("review_latency", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "review_latency", module)  # dataclasses look it up
    spec.loader.exec_module(module)
    return module


def run_json(bench: ModuleType, capsys: pytest.CaptureFixture[str], *extra: str) -> Any:
    assert bench.main([*TINY, "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def check_side(side: dict[str, Any]) -> None:
    assert side.keys() >= SIDE_KEYS
    assert side["cards"] == 300 and side["review_cards"] == 150
    assert side["answers"] == 20 and sum(side["mix"].values()) == 20
    assert side["create_s"] > 0
    assert 0 < side["median_ms"] <= side["p95_ms"] <= side["max_ms"] < 1000
    assert side["answers_per_s"] > 0


def test_ours_only(bench: ModuleType, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_json(bench, capsys, "--no-anki", "--profile", "--workdir", str(tmp_path))
    assert set(result) == {"ours", "anki", "ratio_median"}
    assert result["anki"] is None and result["ratio_median"] is None
    ours = result["ours"]
    check_side(ours)
    parts = ours["parse_s"] + ours["import_s"] + ours["schedule_s"]
    assert ours["create_s"] == pytest.approx(parts, abs=0.002)
    assert ours["parser"] == "read_notes_file" and ours["synchronous"] == "NORMAL"
    profile = ours["profile_us"]
    assert profile["answer: fsrs review()"] > 0 and profile["answer: COMMIT"] > 0
    assert profile["answer: total"] > 0 and profile["next: sql SELECT"] > 0
    assert list(tmp_path.iterdir()) == []  # the temp collection is cleaned up


def test_both_sides(bench: ModuleType, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("anki")
    result = run_json(bench, capsys, "--workdir", str(tmp_path))
    check_side(result["ours"])
    anki = result["anki"]
    check_side(anki)
    assert anki["sync_normal"]["median_ms"] > 0 and anki["fsync_median_ms"] > 0
    expected = result["ours"]["median_ms"] / anki["median_ms"]
    assert result["ratio_median"] == pytest.approx(expected, rel=0.05, abs=0.01)


def test_table(bench: ModuleType, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert bench.main([*TINY, "--no-anki", "--workdir", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert "answer+next median (ms)" in table and "SQLite" in table and "CPUs" in table
