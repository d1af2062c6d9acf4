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
SIDE_KEYS = {"median_ms", "p95_ms", "answers_per_s", "answers", "mix"}


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("review_latency", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "review_latency", module)  # dataclasses look it up
    spec.loader.exec_module(module)
    return module


def run_json(
    bench: ModuleType, capsys: pytest.CaptureFixture[str], *extra: str, size: list[str] = TINY
) -> Any:
    assert bench.main([*size, "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def check_side(side: dict[str, Any]) -> None:
    assert side.keys() >= SIDE_KEYS
    assert side["answers"] == 20 and sum(side["mix"].values()) == 20
    assert 0 < side["median_ms"] <= side["p95_ms"] <= side["max_ms"] < 1000
    assert side["answers_per_s"] > 0


def check_created(created: dict[str, Any], cards: int = 300) -> None:
    assert created["cards"] == cards and created["review_cards"] == cards // 2
    assert created["create_s"] > 0


def test_ours_only(bench: ModuleType, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # 4,000 cards: about 65 reviews are due today, enough for 30 Good answers on due reviews
    size = ["--cards", "4000", "--answers", "20"]
    result = run_json(
        bench, capsys, "--no-anki", "--profile", "--workdir", str(tmp_path), size=size
    )
    assert set(result) == {"create", "workloads"}
    assert result["create"]["anki"] is None
    ours_created = result["create"]["ours"]
    check_created(ours_created, 4000)
    parts = ours_created["parse_s"] + ours_created["import_s"] + ours_created["schedule_s"]
    assert ours_created["create_s"] == pytest.approx(parts, abs=0.002)
    assert ours_created["parser"] == "read_notes_file"
    assert set(result["workloads"]) == {"mixed", "good_reviews"}
    for run in result["workloads"].values():
        assert run["anki"] is None and run["ratio_median"] is None
        ours = run["ours"]
        check_side(ours)
        assert ours["synchronous"] == "NORMAL"
        profile = ours["profile_us"]
        assert profile["answer: fsrs next_states()"] > 0 and profile["answer: sql COMMIT"] > 0
        assert profile["answer: total"] > 0 and profile["next: sql SELECT"] > 0
    # every answer of the second workload is Good on a due review
    assert result["workloads"]["good_reviews"]["ours"]["mix"] == {"review": 20}
    assert list(tmp_path.iterdir()) == []  # the temp collection is cleaned up


def test_both_sides(bench: ModuleType, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pytest.importorskip("anki")
    result = run_json(bench, capsys, "--workdir", str(tmp_path))
    check_created(result["create"]["ours"])
    check_created(result["create"]["anki"])
    for name, run in result["workloads"].items():
        check_side(run["ours"])
        anki = run["anki"]
        check_side(anki)
        assert anki["sync_normal"]["median_ms"] > 0 and anki["fsync_median_ms"] > 0
        expected = run["ours"]["median_ms"] / anki["median_ms"]
        assert run["ratio_median"] == pytest.approx(expected, rel=0.05, abs=0.01), name


def test_table(bench: ModuleType, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert bench.main([*TINY, "--no-anki", "--workdir", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    assert "answer+next median (ms)" in table and "SQLite" in table and "CPUs" in table
    assert "workload mixed:" in table and "workload good_reviews:" in table
