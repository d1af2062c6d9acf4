"""The exercise catalog: every folder follows the format, the required exercises exist with
their exact functions, and the engine's own functions, graded as if they were a learner's
file, pass every check."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from studyapp.grading.catalog import (
    Check,
    Exercise,
    Role,
    engine_solution,
    load_catalog,
    load_exercise,
)
from studyapp.grading.grader import grade_job, starter_parameters
from studyapp.grading.inputs import make_inputs, reference
from studyapp.jobs import run

CATALOG = load_catalog()
BY_ID = {e.id: e for e in CATALOG}

# The contract other tools rely on (issue: graded coding exercises).
REQUIRED = {
    "affine": ("affine_forward", "affine_backward"),
    "relu": ("relu_forward", "relu_backward"),
    "svm_loss": ("svm_loss",),
    "softmax_loss": ("softmax_loss",),
    "conv_naive": ("conv_forward_naive", "conv_backward_naive"),
    "max_pool_naive": ("max_pool_forward_naive", "max_pool_backward_naive"),
    "batchnorm": ("batchnorm_forward", "batchnorm_backward"),
    "layernorm": ("layernorm_forward", "layernorm_backward"),
    "dropout": ("dropout_forward", "dropout_backward"),
    "rnn_step": ("rnn_step_forward", "rnn_step_backward"),
    "lstm_step": ("lstm_step_forward", "lstm_step_backward"),
    "word_embedding": ("word_embedding_forward", "word_embedding_backward"),
    "temporal_softmax_loss": ("temporal_softmax_loss",),
    "sgd_momentum": ("sgd_momentum",),
    "adam": ("adam",),
}


def test_the_catalog_is_big_enough_and_covers_the_lectures() -> None:
    assert len(CATALOG) >= 35
    assert {e.lecture for e in CATALOG} >= set(range(2, 15)) - {10, 11, 12} | {12}
    assert {e.group for e in CATALOG} == {"A1", "A2", "A3"}


@pytest.mark.parametrize("exercise_id", sorted(REQUIRED))
def test_required_exercises_have_exactly_their_functions(exercise_id: str) -> None:
    assert BY_ID[exercise_id].function_names == REQUIRED[exercise_id]


@pytest.mark.parametrize("exercise", CATALOG, ids=lambda e: e.id)
def test_every_folder_follows_the_format(exercise: Exercise) -> None:
    assert load_exercise(exercise.folder) == exercise
    params = starter_parameters(exercise)  # every function is in the starter
    tree = ast.parse(exercise.starter.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in params:
            assert ast.get_docstring(node), f"{node.name} has no docstring"
            raises = [n for n in ast.walk(node) if isinstance(n, ast.Raise)]
            assert raises, f"{node.name}: the starter body raises NotImplementedError"
    for spec in exercise.functions:
        assert callable(reference(spec)), spec.reference
        assert params[spec.name][: len(spec.args)] == list(spec.args) or spec.role is Role.BACKWARD
    assert exercise.statement("en").strip() and exercise.statement("ko").strip()
    for case in exercise.cases:
        for spec in exercise.functions:
            if spec.role is not Role.BACKWARD and set(spec.args) <= set(case.values):
                make_inputs(case, spec, 1)  # every expression evaluates
    assert Check.NO_LOOPS in exercise.checks or exercise.loops_allowed


@pytest.mark.parametrize("exercise", CATALOG, ids=lambda e: e.id)
def test_the_engine_graded_as_a_learner_passes_every_check(
    exercise: Exercise, tmp_path: Path
) -> None:
    source = engine_solution(exercise, tmp_path)
    report = run(grade_job(exercise, source, reference_modules=("engine",)))
    failed = [(c.name, c.message, c.details) for c in report.checks if not c.passed]
    assert report.passed and not failed, failed
