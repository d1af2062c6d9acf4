"""The torch trainer: a few steps per model, train_models end to end, cancelling, CIFAR."""

from __future__ import annotations

import json
from collections.abc import Generator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.models import MODELS, read_manifest
from engine.models.classifiers import CIFAR_CONVNET
from tests.engine.models.test_data import _write_cifar

torch = pytest.importorskip("torch")
from engine.training import train_models  # noqa: E402  # after the skip: needs torch to run
from engine.training.io import npz_bytes  # noqa: E402
from engine.training.loop import Outcome, train_task  # noqa: E402
from engine.training.modules import build_module  # noqa: E402
from engine.training.tasks import HYPER  # noqa: E402
from engine.training.throughput import heldout_task  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
CPU = torch.device("cpu")


def drain(gen: Generator[Any, None, Any]) -> tuple[list[Any], Any]:
    reports = []
    while True:
        try:
            reports.append(next(gen))
        except StopIteration as stop:
            return reports, stop.value


@pytest.mark.parametrize("name", sorted(MODELS))
def test_each_model_trains_a_few_steps_on_cpu(name: str) -> None:
    task = heldout_task(name)
    batch = task.batch(np.random.default_rng(99), 64, CPU)
    before = build_module(task.model, task.init_params(), torch.float32)
    reports, outcome = drain(train_task(task, CPU, steps=25, log_every=5))
    assert isinstance(outcome, Outcome) and [step for step, _ in reports] == [5, 10, 15, 20, 25]
    assert not outcome.module.training and outcome.examples == 25 * HYPER[name].batch_size
    with torch.no_grad():
        loss_before = float(task.loss(before, batch))
        loss_after = float(task.loss(outcome.module, batch))
    assert loss_after < 0.95 * loss_before, (loss_before, loss_after)


def test_training_is_deterministic() -> None:
    runs = [drain(train_task(heldout_task("mlp3_bn_dropout"), CPU, steps=8))[1] for _ in range(2)]
    for a, b in zip(
        runs[0].module.state_dict().values(), runs[1].module.state_dict().values(), strict=True
    ):
        assert torch.equal(a, b)


def test_train_models_end_to_end(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    names = ["mlp2", "char_transformer", "rectified_flow_2d"]
    reports, results = drain(train_models(names, "cpu", tmp_path, steps=6))
    dones = [done for done, _, _ in reports]
    assert dones == sorted(dones) and reports[-1][:2] == (18, 18)
    assert list(results) == names
    manifest = read_manifest(tmp_path)
    assert set(manifest["models"]) == set(names)
    for relative in ("data/digits_heldout.npz", "data/notes_heldout.npz"):  # reproducible
        assert (tmp_path / relative).read_bytes() == (REPO / "assets" / relative).read_bytes()
    for name in names:
        entry = manifest["models"][name]
        assert entry["device"] == "cpu" and entry["mfu"] is None and entry["examples_per_s"] > 0
        assert entry["hyperparameters"]["steps"] == 6
        model = MODELS[name]
        metrics = model.evaluate(model.load(assets_dir=tmp_path), assets_dir=tmp_path)
        assert metrics == pytest.approx(entry["metrics"], rel=1e-9)
    assert not list(tmp_path.rglob(".*"))  # no temporary files left behind


def test_retraining_one_model_keeps_the_other_entries(tmp_path: Path) -> None:
    drain(train_models(["char_rnn"], "cpu", tmp_path, steps=2))
    manifest_path = tmp_path / "models" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["models"]["char_rnn"]["dataset"]["sha256"] = "0" * 64  # as if the notes changed
    manifest_path.write_text(json.dumps(manifest))
    reports, _ = drain(train_models(["rectified_flow_2d"], "cpu", tmp_path, steps=2))
    assert read_manifest(tmp_path)["models"]["char_rnn"] == manifest["models"]["char_rnn"]
    assert any("warning: retrain char_rnn" in message for _, _, message in reports)


def test_closing_the_generator_cancels_without_writing(tmp_path: Path) -> None:
    progress = train_models(["rectified_flow_2d"], "cpu", tmp_path, steps=400)
    for done, total, message in progress:
        if done >= 40:
            assert total == 400 and "rectified_flow_2d: step" in message
            break
    progress.close()
    assert not (tmp_path / "models" / "rectified_flow_2d.npz").exists()


def test_bad_requests_fail_before_training(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="unknown model"):
        next(train_models(["resnet"], "cpu", tmp_path))
    with pytest.raises(ValueError, match="needs cifar_dir"):
        next(train_models([CIFAR_CONVNET.name], "cpu", tmp_path))
    with pytest.raises(ValueError, match="device"):
        next(train_models(["mlp2"], "tpu", tmp_path))


def test_cifar_dir_trains_the_cifar_convnet(tmp_path: Path) -> None:
    _write_cifar(tmp_path / "cifar", n=8)
    _reports, results = drain(
        train_models(
            [CIFAR_CONVNET.name], "cpu", tmp_path / "out", cifar_dir=tmp_path / "cifar", steps=3
        )
    )
    entry = results[CIFAR_CONVNET.name]
    assert entry["dataset"]["train_examples"] == 40 and entry["metrics"]["heldout_examples"] == 8
    params = CIFAR_CONVNET.load(assets_dir=tmp_path / "out")
    assert params["W1"].shape == (32, 3, 3, 3)


def test_npz_bytes_are_reproducible() -> None:
    arrays = {"b": np.arange(5, dtype=np.int32), "a": np.ones((2, 3), np.float32)}
    assert npz_bytes(arrays) == npz_bytes(dict(reversed(list(arrays.items()))))


def test_module_cli_trains_and_prints_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from engine.training.__main__ import main

    argv = [
        "--device",
        "cpu",
        "--only",
        "rectified_flow_2d",
        "--steps",
        "3",
        "--out-dir",
        str(tmp_path),
    ]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "rectified_flow_2d" in captured.out and "mode_hit_rate" in captured.out
    assert "rectified_flow_2d: mode_hit_rate" in captured.err  # the progress line
    assert (tmp_path / "models" / "rectified_flow_2d.npz").is_file()
