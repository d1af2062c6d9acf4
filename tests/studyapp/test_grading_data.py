"""Real learners' solutions, right and wrong: every correct alternative passes; every wrong one
is rejected with the diagnosis written at its top.

A file in `grading_data/<exercise id>/` starts with lines such as

    # expect: passed
    # expect: backward: db is summed over the wrong axis
    # expect: verdict: timeout

(`check name: text` means that check fails and its message contains the text, ignoring case).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studyapp.grading.catalog import find_exercise
from studyapp.grading.grader import grade_job
from studyapp.jobs import run

DATA = Path(__file__).resolve().parent / "grading_data"
FILES = sorted(DATA.glob("*/*.py"))
_EXPECT = re.compile(r"^# expect: (.+)$", re.M)


def test_there_is_data_for_twelve_exercises_or_more() -> None:
    wrong = {p.parent.name for p in FILES if p.name.startswith("wrong_")}
    correct = {p.parent.name for p in FILES if p.name.startswith("correct_")}
    assert len(wrong) >= 12
    for exercise in wrong:
        assert (
            len([p for p in FILES if p.parent.name == exercise and p.name.startswith("correct_")])
            >= 2
        ), exercise
    assert correct >= wrong


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_solution_gets_its_expected_verdict(path: Path) -> None:
    expectations = _EXPECT.findall(path.read_text(encoding="utf-8"))
    assert expectations, f"{path} has no '# expect:' line"
    report = run(grade_job(find_exercise(path.parent.name), path))
    checks = {c.name: c for c in report.checks}
    summary = [(c.name, c.passed, c.message) for c in report.checks]
    for expectation in expectations:
        if expectation == "passed":
            assert report.passed, summary
            continue
        name, _, text = expectation.partition(": ")
        if name == "verdict":
            assert report.verdict.value == text, summary
            continue
        assert name in checks, f"no check {name!r} in {summary}"
        assert not checks[name].passed, summary
        assert text.lower() in checks[name].message.lower(), summary
    if path.name.startswith("wrong_"):
        assert not report.passed
