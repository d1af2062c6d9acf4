"""The grader's relative error: CS231n's, robust to entries that are 0 in both arrays."""

from __future__ import annotations

import numpy as np
import pytest

from studyapp.grading.compare import rel_error

TOL = 1e-7  # the backward checks' tolerance


def test_a_gradient_that_is_zero_in_theory_passes_as_rounding_noise() -> None:
    # A key bias under softmax: the reference gets 1e-16 noise, the learner an exact 0.
    want = np.array([1.1e-16, -2.2e-17, 0.0, 5.5e-17])
    assert rel_error(np.zeros(4), want) <= TOL


def test_a_nonzero_answer_where_the_gradient_is_zero_fails() -> None:
    want = np.array([1.1e-16, 0.0])
    assert rel_error(np.array([1e-6, 0.0]), want) > TOL
    assert rel_error(np.array([1e-12, 0.0]), want) > TOL
    assert rel_error(np.array([5e-16, 0.0]), want) <= TOL  # noise, against CS231n's 1e-8


def test_small_entries_are_judged_against_the_arrays_scale() -> None:
    want = np.array([2.0, 0.0, -1.0])
    assert rel_error(want * (1 + 1e-10), want) == pytest.approx(5e-11, rel=0.1)
    assert rel_error(np.array([2.0, 1e-5, -1.0]), want) == pytest.approx(5e-3, rel=1e-6)
    assert rel_error(np.array([2.0, -1.0]), np.array([2.0, 1.0])) == pytest.approx(1.0)
    assert rel_error(np.empty(0), np.empty(0)) == 0.0
