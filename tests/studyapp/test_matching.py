"""The re-import matcher, table-driven: which edited item is which existing card.

Thresholds (importers/matching.py): a question at least 75% similar matches whatever the answer
says; one at least 40% similar matches when the answer is at least 75% similar; exact matches
(after normalising case, Unicode form, Markdown punctuation and spacing) come first; pairs are
one-to-one, best first.
"""

from __future__ import annotations

import unicodedata

import pytest

from studyapp.importers.matching import (
    ANSWER_AGREES,
    QUESTION_ALONE,
    QUESTION_WITH_ANSWER,
    Candidate,
    match_items,
    normalise,
)

Q = "Softmax loss의 역할은 무엇이며 scores를 어떻게 확률로 바꾸는가"
A = "exp로 양수로 만든 뒤 전체 합으로 나누어 확률 분포를 만든다"


def old(key: int, question: str, answer: str = A) -> Candidate:
    return Candidate(key, question, answer)


def new(key: int, question: str, answer: str = A) -> Candidate:
    return Candidate(key, question, answer)


CASES = {
    "identical": ([old(10, Q)], [new(0, Q)], {0: 10}),
    "answer rewritten, question same": ([old(10, Q)], [new(0, Q, "완전히 다른 답")], {0: 10}),
    "case, NFD, markdown and spacing differ": (
        [old(10, "**KL divergence**와 cross-entropy의 관계?")],
        [new(0, unicodedata.normalize("NFD", "kl   Divergence와 Cross entropy의 관계"))],
        {0: 10},
    ),
    "a word changed in the question": (
        [old(10, Q)],
        [new(0, Q.replace("무엇이며", "무엇이고"), "다른 답")],
        {0: 10},
    ),
    "question reworded a lot, answer the same": (
        [old(10, "Softmax loss의 역할은 무엇인가")],
        [new(0, "Softmax 함수가 scores를 바꾸는 방식", A)],
        {0: 10},
    ),
    "question reworded a lot, answer changed too: a new card": (
        [old(10, "Softmax loss의 역할은 무엇인가")],
        [new(0, "Softmax 함수가 scores를 바꾸는 방식", "전혀 다른 내용의 답변입니다")],
        {},
    ),
    "unrelated question with the same answer: a new card": (
        [old(10, "Batch normalization은 왜 쓰는가")],
        [new(0, "Kaiming 초기화의 표준편차는?", "Batch normalization은 왜 쓰는가")],
        {},
    ),
    "moved within the lecture": (
        [old(10, "first question here"), old(11, "second question here")],
        [new(0, "second question here"), new(1, "first question here")],
        {0: 11, 1: 10},
    ),
    "exact match wins over a fuzzy one": (
        [old(10, Q), old(11, Q + " (보충)")],
        [new(0, Q + " (보충)"), new(1, Q)],
        {0: 11, 1: 10},
    ),
    "one-to-one: the best pair first, the other item is new": (
        [old(10, "What does the softmax loss do to the scores")],
        [
            new(0, "What does the softmax loss do to the scores?!"),
            new(1, "What does the softmax loss do to scores", "x"),
        ],
        {0: 10},
    ),
    "duplicates pair up in order": (
        [old(10, "same"), old(11, "same")],
        [new(0, "same"), new(1, "same"), new(2, "same")],
        {0: 10, 1: 11},
    ),
    "nothing existing": ([], [new(0, Q)], {}),
    "nothing incoming": ([old(10, Q)], [], {}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_matching(name: str) -> None:
    existing, incoming, expected = CASES[name]
    assert match_items(existing, incoming) == expected


def test_the_thresholds_are_the_documented_ones() -> None:
    assert (QUESTION_ALONE, QUESTION_WITH_ANSWER, ANSWER_AGREES) == (0.75, 0.4, 0.75)


@pytest.mark.parametrize(
    ("question", "matches"),
    [
        ("abcdefghijklmnopqrst", True),  # identical
        ("abcdefghijklmnopqrXY", True),  # 90% similar
        ("abcdefghijklmnoVWXYZ", True),  # 75%: just at QUESTION_ALONE
        ("abcdefghijklmnUVWXYZ", False),  # 70%, and the answer disagrees
    ],
)
def test_question_alone_threshold(question: str, matches: bool) -> None:
    existing = [old(1, "abcdefghijklmnopqrst", "one answer")]
    incoming = [new(0, question, "zzzz zzzz zzzz")]
    assert (match_items(existing, incoming) == {0: 1}) is matches


@pytest.mark.parametrize(
    ("question", "answer", "matches"),
    [
        ("abcdefghijUVWXYZUVWX", "the same answer text!", True),  # q 50%, answer equal
        ("abcdefghijUVWXYZUVWX", "the same answer tZZZ!", True),  # answer ~81%
        ("abcdefghijUVWXYZUVWX", "the sZZZ ZZZZZZ tZZZ!", False),  # answer below 75%
        ("abcdeUVWXYZUVWXYZUVW", "the same answer text!", False),  # q 25%: below 40%
    ],
)
def test_question_with_answer_threshold(question: str, answer: str, matches: bool) -> None:
    existing = [old(1, "abcdefghijklmnopqrst", "the same answer text!")]
    assert (match_items(existing, [new(0, question, answer)]) == {0: 1}) is matches


def test_normalise() -> None:
    assert normalise("  **Soft**max\n  `loss`?! ") == "soft max loss"
    assert normalise(unicodedata.normalize("NFD", "배운 점")) == "배운 점"


def test_a_question_alone_match_beats_an_answer_match_for_the_same_card() -> None:
    # item 0: question 80% like card 1's, answer different -> score 1.8
    # item 1: question 50% like it, answer identical      -> score 1.5
    existing = [old(1, "abcdefghijklmnopqrst", "the answer")]
    incoming = [
        new(0, "abcdefghijklmnopXYZW", "something else"),
        new(1, "abcdefghijUVWXYZUVWX", "the answer"),
    ]
    assert match_items(existing, incoming) == {0: 1}


def test_answer_matches_are_ranked_by_question_plus_answer() -> None:
    existing = [old(1, "abcdefghijklmnopqrst", "the same answer text!")]
    incoming = [
        new(0, "abcdefghijUVWXYZUVWX", "the same answer tZZZ!"),  # q 0.5 + a 0.81
        new(1, "abcdefghijklUVWXYZUV", "the same answer text!"),  # q 0.6 + a 1.0
    ]
    assert match_items(existing, incoming) == {1: 1}


def test_fuzzy_pairs_are_one_to_one() -> None:
    existing = [old(1, "abcdefghijklmnopqrst"), old(2, "zzzzzzzzzzzzzzzzzzzz")]
    incoming = [new(0, "abcdefghijklmnopqrsX"), new(1, "abcdefghijklmnopqrXX")]
    assert match_items(existing, incoming) == {0: 1}


def test_ties_go_to_the_first_item_and_the_first_card() -> None:
    existing = [old(2, "abcdefghijklmnopqrsX"), old(1, "abcdefghijklmnopqrsY")]
    incoming = [new(5, "abcdefghijklmnopqrsZ"), new(4, "abcdefghijklmnopqrsW")]
    assert match_items(existing, incoming) == {4: 1, 5: 2}


@pytest.mark.parametrize(
    ("answer", "matches"),
    [
        ("abcdefghijklmnoVWXYZ", True),  # answer exactly 75% similar
        ("abcdefghijklmnUVWXYZ", False),  # 70%
    ],
)
def test_answer_threshold_is_inclusive(answer: str, matches: bool) -> None:
    existing = [old(1, "abcdefghijklmnopqrst", "abcdefghijklmnopqrst")]
    incoming = [new(0, "abcdefghijUVWXYZUVWX", answer)]  # question 50%
    assert (match_items(existing, incoming) == {0: 1}) is matches


def test_question_threshold_for_answer_matches_is_inclusive() -> None:
    existing = [old(1, "abcdefghijklmnopqrst", "same answer")]
    incoming = [new(0, "abcdefghUVWXYZUVWXYZ", "same answer")]  # question exactly 40%
    assert match_items(existing, incoming) == {0: 1}


def test_very_different_lengths_never_match() -> None:
    existing = [old(1, "a", "same answer")]
    incoming = [new(0, "a" + "b" * 60, "same answer")]
    assert match_items(existing, incoming) == {}


def test_long_questions_are_compared_without_junk_heuristics() -> None:
    # SequenceMatcher's autojunk drops characters frequent in strings of 200+ characters;
    # Korean notes repeat syllables, so a long question edited slightly must still match.
    long = ("가나다라마바사아자차 " * 30).strip()
    existing = [old(1, long, "x")]
    incoming = [new(0, long.replace("아자", "아ZZ", 3), "completely different")]
    assert match_items(existing, incoming) == {0: 1}


def test_a_short_question_inside_a_long_one_at_exactly_the_bound() -> None:
    # 5 characters wholly inside 20: ratio = real_quick_ratio = 2*5/25 = 0.4, the bound itself
    existing = [old(1, "abcde", "same answer")]
    assert match_items(existing, [new(0, "abcdeXXXXXXXXXXXXXXX", "same answer")]) == {0: 1}
