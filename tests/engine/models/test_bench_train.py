"""Smoke test for bench/train.py: one tiny model, a few steps, JSON shape and sanity."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

pytest.importorskip("torch")
SCRIPT = Path(__file__).resolve().parents[3] / "bench" / "train.py"


def test_bench_train_json(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_train", SCRIPT)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert (
        bench.main(["--json", "--only", "mlp2", "--device", "cpu", "--steps", "3", "--warmup", "1"])
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    cpu = result["models"]["mlp2"]["cpu"]
    assert cpu["examples_per_s"] > 0 and cpu["batch_size"] == 64 and cpu["mfu"] is None
    assert cpu["forward_flops_per_example"] == 2 * (64 * 128 + 128 * 10)
    assert result["steps"] == 3 and result["cuda_device"] in (None, result["cuda_device"])
