"""`studyapp train-models`: the core job around engine.training, its progress and refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyapp.cli.main import main

pytest.importorskip("torch", reason="training needs the torch extra")


def test_training_one_model_writes_its_weights_and_manifest_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "assets"
    code = main(["train-models", "--only", "mlp2", "--steps", "3", "--device", "cpu",
                 "--out-dir", str(out)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    manifest = json.loads((out / "models" / "manifest.json").read_text())
    entry = manifest["models"]["mlp2"]
    assert (out / entry["file"]).is_file() and entry["hyperparameters"]["steps"] == 3
    assert "mlp2" in captured.out and "heldout_accuracy" in captured.out
    assert "training 1 model(s)" in captured.err  # the progress, on stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "resnet152"], "no sample model 'resnet152'"),
        (["--device", "tpu"], "--device must be one of auto, cpu, cuda"),
        (["--steps", "0"], "--steps must be from 1"),
        (["--cifar-dir", "/nonexistent/cifar"], "no such folder"),
    ],
)
def test_bad_arguments_are_one_line_errors_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "assets"
    code = main(["train-models", *args, "--out-dir", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1
    assert not out.exists()
