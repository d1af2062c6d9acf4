"""Model-level checks: the learner's layers inside the trained sample models. They pass for the
engine's own functions (test_catalog grades every exercise so) and catch what a model exposes,
with the model and the metric named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyapp.cli.main import main
from studyapp.domain.grading import GradeReport
from studyapp.grading.catalog import find_exercise, load_catalog
from studyapp.grading.grader import grade_job
from studyapp.jobs import run

DATA = Path(__file__).resolve().parent / "grading_data"


def _grade(exercise_id: str, path: Path) -> GradeReport:
    return run(grade_job(find_exercise(exercise_id), path))


def test_exercises_whose_functions_a_model_uses_run_inside_it() -> None:
    with_models = {e.id for e in load_catalog() if e.models}
    for expected in (
        "affine",
        "relu",
        "conv_fast",
        "max_pool_fast",
        "batchnorm",
        "dropout",
        "softmax_loss",
        "rnn_step",
        "lstm_step",
        "word_embedding",
        "rmsnorm",
        "swiglu",
        "multihead_attention",
        "euler_step",
        "sgd_momentum",
        "adam",
    ):
        assert expected in with_models


def test_an_lstm_with_two_gates_swapped_passes_its_gradient_check_but_not_the_model() -> None:
    # Gates read as i, f, g, o in the forward AND the backward: a self-consistent LSTM, so its
    # numerical gradient check passes, but not the one the sample model was trained with.
    path = DATA / "lstm_step" / "wrong_gate_order_pytorch.py"
    checks = {c.name: c for c in _grade("lstm_step", path).checks}
    assert checks["gradient check"].passed  # forward and backward agree with each other
    heldout, generate = checks["model:char_lstm:heldout"], checks["model:char_lstm:generate"]
    assert not heldout.passed and "char_lstm" in heldout.message
    assert "perplexity" in heldout.message
    assert not generate.passed and "writes different text" in generate.message
    assert any(line.startswith("yours:") for line in generate.details)


def test_a_convolution_that_flips_its_kernels_loses_the_convnets_accuracy() -> None:
    report = _grade("conv_naive", DATA / "conv_naive" / "wrong_flipped_kernel.py")
    check = next(c for c in report.checks if c.name == "model:convnet:heldout")
    assert not check.passed
    assert "sample convnet" in check.message and "accuracy" in check.message


def test_a_correct_lstm_reproduces_the_models_perplexity_and_text() -> None:
    report = _grade("lstm_step", DATA / "lstm_step" / "correct_ifog.py")
    models = [c for c in report.checks if c.name.startswith("model:")]
    assert [c.name for c in models] == ["model:char_lstm:heldout", "model:char_lstm:generate"]
    assert all(c.passed for c in models)
    assert "(the reference's: " in models[0].details[0]


def test_model_checks_are_named_model_in_the_json_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "grade",
            "relu",
            str(DATA / "relu" / "correct_maximum.py"),
            "--json",
            "--data-dir",
            str(tmp_path / "col"),
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["passed"]
    names = [c["name"] for c in report["checks"]]
    assert "model:mlp2:heldout" in names and "model:mlp2:overfit" in names


def test_code_too_slow_for_its_speed_check_is_not_run_in_the_models() -> None:
    report = _grade("conv_fast", DATA / "conv_fast" / "wrong_naive_loops.py")
    models = [c for c in report.checks if c.name.startswith("model:")]
    assert models and all(
        c.skipped and "too slow for the sample model" in c.message for c in models
    )
    assert report.verdict.value == "failed"  # its own verdict, not the wall limit's timeout
