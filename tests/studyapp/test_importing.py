"""Re-importing edited notes keeps every card's identity and review history."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from studyapp.db.collection import Collection
from studyapp.db.models import Card, DailyLogEntry, ReviewLog, RoadmapItem
from studyapp.domain.notes import Lecture, ParsedNotes
from studyapp.services import importing
from studyapp.services.importing import NO_DETAIL, import_notes
from studyapp.services.study import StudySession
from tests.studyapp.conftest import learned, make_notes, qa, small_notes


def _cards(col: Collection) -> dict[str, Card]:
    with col.session() as s:
        return {c.question: c for c in s.scalars(select(Card))}


def _review_everything(col: Collection) -> None:
    session = StudySession(col, "Test")
    while session.next_card() is not None:
        session.answer(3)


def _review_counts(col: Collection) -> dict[int, int]:
    with col.session() as s:
        rows = s.execute(select(ReviewLog.card_id, func.count()).group_by(ReviewLog.card_id))
        return dict(rows.all())


def _edit_lecture1(notes: ParsedNotes, **changes: object) -> ParsedNotes:
    lec1 = replace(notes.lectures[0], **changes)
    return replace(notes, lectures=(lec1, *notes.lectures[1:]))


@pytest.fixture
def reviewed(col: Collection) -> Collection:
    report = import_notes(col, small_notes(), "Test")
    assert (report.added, report.updated, report.suspended) == (6, 0, 0)
    _review_everything(col)
    return col


def test_reimporting_the_same_notes_changes_nothing(reviewed: Collection) -> None:
    before, history = _cards(reviewed), _review_counts(reviewed)
    report = import_notes(reviewed, small_notes(), "Test")
    assert (report.added, report.updated, report.suspended, report.restored) == (0, 0, 0, 0)
    assert report.unchanged == 6
    assert {q: c.id for q, c in _cards(reviewed).items()} == {q: c.id for q, c in before.items()}
    assert _review_counts(reviewed) == history


def test_editing_an_answer_keeps_the_card(reviewed: Collection) -> None:
    old = _cards(reviewed)["K-NN에서 빈 공간이 많으면 왜 의미가 없나?"]
    notes = small_notes()
    pairs = list(notes.lectures[0].qa)
    pairs[0] = replace(pairs[0], answer="공간을 채울 만큼 다양한 sample이 필요함 (차원의 저주).")
    report = import_notes(reviewed, _edit_lecture1(notes, qa=tuple(pairs)), "Test")
    assert (report.added, report.updated, report.suspended) == (0, 1, 0)
    new = _cards(reviewed)["K-NN에서 빈 공간이 많으면 왜 의미가 없나?"]
    assert new.id == old.id and "차원의 저주" in new.answer
    assert new.reps == old.reps and new.due == old.due and new.stability == old.stability


def test_small_rewording_of_a_question_keeps_the_card(reviewed: Collection) -> None:
    old = _cards(reviewed)["KL divergence와 cross entropy의 관계는?"]
    notes = small_notes()
    pairs = list(notes.lectures[0].qa)
    pairs[1] = replace(pairs[1], question="KL divergence와 Cross Entropy는 어떤 관계인가?")
    report = import_notes(reviewed, _edit_lecture1(notes, qa=tuple(pairs)), "Test")
    assert (report.added, report.updated, report.suspended) == (0, 1, 0)
    assert _cards(reviewed)["KL divergence와 Cross Entropy는 어떤 관계인가?"].id == old.id
    assert _review_counts(reviewed)[old.id] >= 1


def test_rewording_with_the_same_answer_keeps_the_card(reviewed: Collection) -> None:
    old = _cards(reviewed)["Kaiming init"]
    notes = small_notes()
    points = list(notes.lectures[0].learned)
    points[2] = replace(points[2], title="Kaiming initialisation 규칙")
    report = import_notes(reviewed, _edit_lecture1(notes, learned=tuple(points)), "Test")
    assert (report.added, report.updated) == (0, 1)
    assert _cards(reviewed)["Kaiming initialisation 규칙"].id == old.id


def test_moving_an_item_within_its_lecture_keeps_the_card(reviewed: Collection) -> None:
    before = {q: c.id for q, c in _cards(reviewed).items()}
    notes = small_notes()
    points = notes.lectures[0].learned
    moved = tuple(replace(p, position=i) for i, p in enumerate((points[2], points[0], points[1])))
    report = import_notes(reviewed, _edit_lecture1(notes, learned=moved), "Test")
    assert (report.added, report.updated, report.suspended) == (0, 0, 0)
    after = _cards(reviewed)
    assert {q: c.id for q, c in after.items()} == before
    assert after["Kaiming init"].sort_order < after["Softmax loss의 역할"].sort_order


def test_removed_item_suspends_and_restoring_brings_history_back(reviewed: Collection) -> None:
    card_id = _cards(reviewed)["SVM loss의 원리"].id
    history = _review_counts(reviewed)[card_id]
    notes = small_notes()
    kept = tuple(p for p in notes.lectures[0].learned if p.title != "SVM loss의 원리")
    report = import_notes(reviewed, _edit_lecture1(notes, learned=kept), "Test")
    assert (report.added, report.suspended) == (0, 1)
    gone = _cards(reviewed)["SVM loss의 원리"]
    assert gone.missing and gone.id == card_id
    assert _review_counts(reviewed)[card_id] == history  # nothing deleted

    report = import_notes(reviewed, small_notes(), "Test")
    assert (report.added, report.restored, report.suspended) == (0, 1, 0)
    back = _cards(reviewed)["SVM loss의 원리"]
    assert back.id == card_id and not back.missing and back.reps >= 1
    assert _review_counts(reviewed)[card_id] == history


def test_a_really_new_question_is_a_new_card(reviewed: Collection) -> None:
    notes = small_notes()
    pairs = (
        *notes.lectures[0].qa,
        qa(3, "Batch norm은 test time에 무엇을 쓰나?", "running mean/var"),
    )
    report = import_notes(reviewed, _edit_lecture1(notes, qa=pairs), "Test")
    assert (report.added, report.updated, report.suspended) == (1, 0, 0)
    assert "추가" not in report.summary() and "1 added" in report.summary()


def test_point_without_bullets_still_makes_a_card(col: Collection) -> None:
    notes = make_notes([Lecture(1, "Intro", (), (learned(1, "Overview of CV", ""),), ())])
    import_notes(col, notes, "Test")
    assert _cards(col)["Overview of CV"].answer == NO_DETAIL


def test_empty_template_items_make_no_card(col: Collection) -> None:
    notes = make_notes([Lecture(15, "3D Vision", (), (learned(1, "", ""),), (qa(1, "", ""),))])
    report = import_notes(col, notes, "Test")
    assert report.added == 0 and report.lectures == 1


def test_failed_import_leaves_the_collection_exactly_as_it_was(
    reviewed: Collection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def dump() -> list[tuple]:
        with reviewed.engine.connect() as conn:
            tables = [
                "decks",
                "lectures",
                "cards",
                "review_log",
                "roadmap_weeks",
                "daily_log_items",
            ]
            return [conn.exec_driver_sql(f"SELECT * FROM {t}").fetchall() for t in tables]

    before = dump()

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    notes = small_notes()
    notes = _edit_lecture1(notes, learned=notes.lectures[0].learned[:1])
    monkeypatch.setattr(importing, "_replace_daily_log", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_notes(reviewed, notes, "Test")
    assert dump() == before


def test_roadmap_and_daily_log_are_replaced_not_duplicated(reviewed: Collection) -> None:
    import_notes(reviewed, small_notes(), "Test")
    with reviewed.session() as s:
        assert s.scalar(select(func.count()).select_from(RoadmapItem)) == 2
        assert s.scalar(select(func.count()).select_from(DailyLogEntry)) == 1
