"""The card search language, table-driven, on a deck with cards in every state."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from studyapp.db.collection import Collection
from studyapp.db.search import SearchError
from studyapp.domain.notes import Lecture
from studyapp.domain.scheduling import Rating
from studyapp.services import card_ops
from studyapp.services.cards import list_cards, rows_for, search_ids
from studyapp.services.importing import import_notes
from studyapp.services.study import StudySession
from tests.studyapp.conftest import FakeClock, learned, make_notes, qa, small_notes

DAY = 86_400_000


@pytest.fixture
def cards(col: Collection, clock: FakeClock) -> dict[str, int]:
    """Named cards: new, a review with stability 40, a suspended one, a flagged leech..."""
    import_notes(col, small_notes(), "Test")
    other = make_notes(
        [
            Lecture(
                5,
                "CNN",
                (),
                (learned(1, "Padding과 Stride", "- (W - K + 2P)/S + 1"),),
                (qa(1, "Pooling에서 padding?", "필요 없음"),),
            )
        ]
    )
    import_notes(col, other, "Other")
    with col.connection() as conn:
        ids = dict(conn.execute("SELECT question, id FROM cards"))
    names = {
        "softmax": ids["Softmax loss의 역할"],
        "svm": ids["SVM loss의 원리"],
        "kaiming": ids["Kaiming init"],
        "knn": ids["K-NN에서 빈 공간이 많으면 왜 의미가 없나?"],
        "kl": ids["KL divergence와 cross entropy의 관계는?"],
        "adam": ids["Adam"],
        "padding": ids["Padding과 Stride"],
        "pooling": ids["Pooling에서 padding?"],
    }
    now = int(clock.now.timestamp() * 1000)
    with col.connection() as conn:
        conn.execute(
            "UPDATE cards SET fsrs_state = 2, step = NULL, stability = 40, difficulty = 3,"
            " reps = 4, last_review = ?, due = ? WHERE id = ?",
            (now - 20 * DAY, now + 20 * DAY, names["svm"]),
        )
        conn.execute(
            "UPDATE cards SET fsrs_state = 2, step = NULL, stability = 2, difficulty = 8,"
            " reps = 9, lapses = 5, last_review = ?, due = ?, tags = ? WHERE id = ?",
            (now - 10 * DAY, now - DAY, json.dumps(["leech"]), names["kaiming"]),
        )
    card_ops.set_suspended(col, [names["kl"]], True)
    card_ops.set_flag(col, [names["knn"]], 1)
    card_ops.bury(col, [names["adam"]])
    with StudySession(col, "Other") as session:  # one card answered today (Good)
        card = session.next_card()
        assert card is not None and card.id == names["padding"]
        session.answer(Rating.GOOD)
    return names


QUERIES = {
    "": {"softmax", "svm", "kaiming", "knn", "kl", "adam", "padding", "pooling"},
    "softmax": {"softmax"},
    '"loss의 원리"': {"svm"},
    "padding": {"padding", "pooling"},
    "-padding": {"softmax", "svm", "kaiming", "knn", "kl", "adam"},
    "deck:Other": {"padding", "pooling"},
    "deck:Te*": {"softmax", "svm", "kaiming", "knn", "kl", "adam"},
    "lecture:2": {"adam"},
    "lecture:1-2": {"softmax", "svm", "kaiming", "knn", "kl", "adam"},
    "kind:qa": {"knn", "kl", "pooling"},
    "kind:qa deck:Test": {"knn", "kl"},
    "is:new": {"softmax", "knn", "kl", "adam", "pooling"},
    "is:review": {"svm", "kaiming"},
    "is:learn": {"padding"},
    "is:due": {"kaiming"},
    "is:suspended": {"kl"},
    "is:buried": {"adam"},
    "is:leech": {"kaiming"},
    "tag:lee*": {"kaiming"},
    "is:flagged": {"knn"},
    "flag:1": {"knn"},
    "rated:1": {"padding"},
    "rated:1:3": {"padding"},
    "rated:1:1": set(),
    "prop:s>10": {"svm"},
    "prop:d>=8": {"kaiming"},
    "prop:lapses>2": {"kaiming"},
    "prop:ivl>=40": {"svm"},
    "prop:r<0.8": {"kaiming"},
    "prop:r>0.8": {"svm", "padding"},
    "prop:due=20": {"svm"},  # whole study days from today; new cards have no due day
    "prop:due=-1": {"kaiming"},
    "prop:due=0": {"padding"},
    "is:review or is:learn": {"svm", "kaiming", "padding"},
    "(is:review or is:learn) -prop:s>10": {"kaiming", "padding"},
    "-(kind:learned or deck:Other)": {"knn", "kl"},
}


@pytest.mark.parametrize("query", list(QUERIES))
def test_search(col: Collection, cards: dict[str, int], query: str) -> None:
    by_id = {v: k for k, v in cards.items()}
    assert {by_id[i] for i in search_ids(col, query)} == QUERIES[query]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("foo:bar", "unknown search field 'foo'"),
        ("is:sleepy", "is:sleepy: use one of"),
        ("lecture:x", "lecture:x: use a number"),
        ("prop:s>>1", "prop:s>>1"),
        ("rated:0", "rated:0"),
        ('"open', 'unclosed "'),
        ("(a", "without its ')'"),
        ("a)", "unexpected ')'"),
        ("a or", "empty part"),
    ],
)
def test_bad_searches_are_one_line_errors(col: Collection, query: str, message: str) -> None:
    with pytest.raises(SearchError, match=message.replace("(", r"\(").replace(")", r"\)")):
        search_ids(col, query)


def test_sorts(col: Collection, cards: dict[str, int]) -> None:
    by_stability = search_ids(col, "is:review", "stability", descending=True)
    assert by_stability == [cards["svm"], cards["kaiming"]]
    by_r = search_ids(col, "is:review", "retrievability")
    assert by_r == [cards["kaiming"], cards["svm"]]
    assert search_ids(col, "", "lapses", descending=True)[0] == cards["kaiming"]
    rows = rows_for(col, [cards["svm"]])
    assert rows[0].interval_days == pytest.approx(40) and rows[0].retrievability > 0.9
    assert list_cards(col, search="is:flagged")[0].flag == 1


def test_a_buried_card_comes_back_the_next_study_day(
    col: Collection, cards: dict[str, int], clock: FakeClock
) -> None:
    clock.advance(days=1)
    assert search_ids(col, "is:buried") == []
    clock.now -= timedelta(days=1)
    assert search_ids(col, "is:buried") == [cards["adam"]]
