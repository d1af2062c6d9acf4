"""Tests for the study-notes Markdown parser, on the real CS231n notes and on small snippets."""

from __future__ import annotations

import time
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from studyapp.domain.notes import Lecture, NotesFormatError, ParsedNotes
from studyapp.importers import notes_text
from studyapp.importers.notes_markdown import MAX_NOTES_BYTES, parse_notes, read_notes_file

ROOT = Path(__file__).resolve().parents[2]
REAL_NOTES = ROOT / "decks" / "cs231n" / "cs231n_notes.md"
DATA = Path(__file__).resolve().parent / "data" / "notes"

# Learned items and Q&A pairs per lecture, counted by hand from the real file.
REAL_LEARNED = {1: 2, 2: 7, 3: 8, 4: 2, 5: 8, 6: 9, 7: 6, 8: 3, 9: 8, 10: 11, 11: 9, 12: 5, 13: 6}
REAL_LEARNED[14] = 3
REAL_QA = {1: 0, 2: 4, 3: 2, 4: 1, 5: 3, 6: 2, 7: 3, 8: 2, 9: 3, 10: 4, 11: 3, 12: 4, 13: 2, 14: 4}


@pytest.fixture(scope="module")
def real() -> ParsedNotes:
    return read_notes_file(REAL_NOTES)


def lecture(notes: ParsedNotes, number: int) -> Lecture:
    return next(item for item in notes.lectures if item.number == number)


def only_lecture(text: str) -> Lecture:
    notes = parse_notes(text)
    assert len(notes.lectures) == 1
    return notes.lectures[0]


# --- the real file: figures -------------------------------------------------------------------


def test_real_lectures_and_card_counts(real: ParsedNotes) -> None:
    assert [item.number for item in real.lectures] == list(range(1, 16))
    with_content = [item for item in real.lectures if item.learned or item.qa]
    assert len(with_content) == 14
    assert {item.number: len(item.learned) for item in with_content} == REAL_LEARNED
    assert {item.number: len(item.qa) for item in with_content} == REAL_QA
    for item in real.lectures:
        assert [p.position for p in item.learned] == list(range(len(item.learned)))
        assert [p.position for p in item.qa] == list(range(len(item.qa)))
        assert all(p.title for p in item.learned)
    assert real.learned_count == 87
    assert real.qa_count == 37
    assert real.warnings == ()


def test_real_title_overview_and_keywords(real: ParsedNotes) -> None:
    assert real.title == "CS231n - Deep Learning for Computer Vision"
    assert real.overview == {
        "수강 기간": "2025년 12월 24일 ~ (진행 중)",
        "목표 일정": "6주 완성 (수강 5주 + 프로젝트 1주)",
        "현재 상태": "5주차 진행 중",
    }
    assert lecture(real, 1).keywords == ()  # Lecture 1 has no keywords line
    assert lecture(real, 2).keywords == (
        "Image Classification",
        "K-Nearest Neighbors",
        "Hyperparameters",
        "Linear Classifiers",
        "Softmax",
        "SVM",
    )
    assert lecture(real, 10).keywords[-1] == "ViTs for Video"  # trailing ", " dropped
    assert lecture(real, 9).title == (
        "Object Detection, Image Segmentation, Visualizing and Understanding"
    )


def test_real_roadmap(real: ParsedNotes) -> None:
    roadmap = real.roadmap
    assert roadmap.start == date(2025, 12, 24)
    assert roadmap.weeks_planned == 6
    assert [(week.number, week.status) for week in roadmap.weeks] == [
        (1, "완료"),
        (2, "완료"),
        (3, "완료"),
        (4, "완료"),
        (5, "진행중"),
    ]
    assert [[item.done for item in week.items] for week in roadmap.weeks] == [
        [True, True],
        [True, True],
        [True, True, True],
        [True, True],
        [True, False, True, False],
    ]
    week5 = roadmap.weeks[4].items
    assert week5[1].text == "강의 18강 수강"
    assert week5[3].text == "Project 주제 선정 (Kaggle 활용 나만의 모델 구현)"
    assert [item.position for item in week5] == [0, 1, 2, 3]


def test_real_daily_log(real: ParsedNotes) -> None:
    log = real.daily_log
    assert len(log) == 20
    assert (log[0].start, log[0].end) == (date(2025, 12, 24), date(2026, 1, 8))  # a date range
    assert (log[1].start, log[1].end) == (date(2026, 1, 9), date(2026, 1, 9))  # trailing space
    assert log[-1].start == date(2026, 1, 27)
    assert [entry.position for entry in log] == list(range(20))
    by_day = {entry.start: entry for entry in log}
    assert log[0].items[0].lectures == tuple(range(1, 10))  # "Lecture 1~9 수강"
    assert log[0].items[1].assignments == (1, 2)  # "Assignment1 완료 및 Assignment2 - ..."
    assert log[0].items[1].assignment == 1
    assert by_day[date(2026, 1, 9)].items[0].assignment == 2
    assert by_day[date(2026, 1, 9)].items[0].lectures == ()
    assert by_day[date(2026, 1, 11)].items[0].lectures == tuple(range(1, 10))  # "1 ~ 9 Review"
    assert by_day[date(2026, 1, 11)].items[1].lectures == (10,)
    assert by_day[date(2026, 1, 13)].items[1].lectures == (5, 6)  # "GitHub에 강의 5, 6강 정리"
    assert by_day[date(2026, 1, 17)].items[0].lectures == (9,)  # "강의 9강"
    item = by_day[date(2026, 1, 10)].items[1]
    assert item.text == "GitHub 레포지토리 생성 및 과제 옮기기"
    assert (item.lectures, item.assignment) == ((), None)


# --- the real file: card text -----------------------------------------------------------------


def test_real_learned_body_keeps_markdown(real: ParsedNotes) -> None:
    point = lecture(real, 2).learned[5]
    assert (point.number, point.position, point.title) == (6, 5, "SVM Loss의 원리")
    assert point.body == (
        "- Classes의 scores에 대해서 정답 class의 scores과 얼마나 차이가 나는지를 확인 "
        "(max(0, s_j - s_{y_i} + 1) 을 사용)"
    )


def test_real_qa_pairs(real: ParsedNotes) -> None:
    first = lecture(real, 2).qa[0]
    assert (first.number, first.title, first.position) == (1, "K-NN의 공간 문제", 0)
    assert first.question == (
        '수업 중, "K-NN의 방식에선 빈 공간이 많으면 의미가 없다"라는 말에 대한 의문'
    )
    assert first.answer == (
        "우리가 판단하려는 공간을 충분히 채울 만큼의 다양한 sample을 확보해야 함."
    )
    third = lecture(real, 2).qa[2]
    assert third.title == "Softmax Loss vs SVM Loss (정확도 측면)"
    assert third.answer == (
        "- **SVM:** 특정 조건만 만족한다면 더 이상 그 부분의 성능 향상을 요구하지 않음.\n"
        "- **Softmax:** 아무리 classify가 성공했더라도 계속해서 loss를 발생시키기에, "
        "더욱 확실하게 분류하도록(좋은 성능을 내게) 유도함."
    )
    # An answer that opens with text and goes on with bullets keeps both.
    answer = lecture(real, 8).qa[0].answer.split("\n")
    assert answer[0].endswith("새로운 구조의 모델이 등장.")
    assert [line[:2] for line in answer[1:]] == ["- ", "- ", "- "]
    for pair in (p for item in real.lectures for p in item.qa):
        assert pair.question and pair.answer and pair.title
        assert "**Q.**" not in pair.question and "**A.**" not in pair.answer
        assert not any(line.startswith(">") for line in pair.answer.split("\n"))


def test_real_numbering_gap_lecture_9(real: ParsedNotes) -> None:
    points = lecture(real, 9).learned
    assert [p.number for p in points] == [1, 3, 4, 5, 6, 7, 8, 9]
    assert [p.position for p in points] == list(range(8))
    assert points[1].title == "MoE에 대해"


def test_real_repeated_number_lecture_13(real: ParsedNotes) -> None:
    points = lecture(real, 13).learned
    assert [p.number for p in points] == [1, 2, 3, 4, 5, 5]
    assert [p.position for p in points] == list(range(6))
    assert points[4].title == "Autoencoders에 대해"
    assert points[5].title == "Variational Autoencoders (VAEs)에 대해"


def test_real_three_level_nesting_lecture_6(real: ParsedNotes) -> None:
    body = lecture(real, 6).learned[2].body.split("\n")
    assert lecture(real, 6).learned[2].title == "Activation Functions에 대해"
    assert body[0] == "- **Sigmoid**"
    assert body[1].startswith("   - 값을 0과 1 사이의 확률값으로")
    assert body[4] == "- **ReLU**"
    assert len(body) == 8
    # Lecture 14 nests a third level under "**Objective function**" > "**max_D**".
    gan = lecture(real, 14).learned[0].body.split("\n")
    assert "- **Objective function**" in gan
    assert "   - **max_D**" in gan
    assert any(line.startswith("      - x ~ p_data") for line in gan)


def test_real_four_space_children_are_dedented(real: ParsedNotes) -> None:
    # Lecture 6 item 9 indents its bullets by four spaces.
    body = lecture(real, 6).learned[8].body
    assert body.startswith("- 처음 손실값을 확인")
    assert all(line.startswith("- ") for line in body.split("\n"))


def test_real_empty_template_lecture_15(real: ParsedNotes) -> None:
    assert lecture(real, 15) == Lecture(number=15, title="3D Vision")


def test_real_stray_empty_bullet_lecture_4(real: ParsedNotes) -> None:
    body = lecture(real, 4).learned[1].body
    assert body.split("\n")[-1].endswith("승자독식의 형태를 가짐")
    assert all(line.strip() not in ("-", "") for line in body.split("\n"))


def test_real_stray_asterisk_title_lecture_3(real: ParsedNotes) -> None:
    point = lecture(real, 3).learned[3]
    assert (point.number, point.title) == (4, "SGD + Momentum에 대해")
    assert point.body.startswith("- velocity라는")


def test_real_title_without_bullets_lecture_1(real: ParsedNotes) -> None:
    point = lecture(real, 1).learned[1]
    assert point.title == "전반적인 Computer Vision의 발전과 AI의 발전 과정 및 간단한 Overview"
    assert point.body == ""


def test_real_numbered_text_inside_bullets_is_not_an_item(real: ParsedNotes) -> None:
    # Lecture 13's VAE "Overview" bullets hold "- 1. input을 ..." ... "- 5. Reconstruction".
    vae = lecture(real, 13).learned[5]
    assert "      - 1. input을 encoder에 넣은 후, z의 distribution에 대한 정보를 얻어냄" in (
        vae.body.split("\n")
    )
    titles = [p.title for item in real.lectures for p in item.learned]
    assert not any(title.startswith(("input", "z를 prior", "1.")) for title in titles)


def test_real_under_indented_children_of_item_10(real: ParsedNotes) -> None:
    # "10. **...**" has content column 4 but its bullets are indented 3, so CommonMark puts them
    # (and "11.") outside the item; they still belong to items 10 and 11.
    points = lecture(real, 10).learned
    assert [p.number for p in points] == list(range(1, 12))
    assert points[9].body.startswith("- long untrimmed video sequence")
    assert points[9].body.count("\n- ") == 1
    assert points[10].title == "Audio Information에 대해"
    assert points[10].body.endswith("- Spectrogram: 음향 정보를 이미지로 변환하는 방법")


def test_real_overview_labels_are_not_learned_titles(real: ParsedNotes) -> None:
    titles = {p.title for item in real.lectures for p in item.learned}
    assert not titles & set(real.overview)


def test_real_nfd_gives_the_same_result(real: ParsedNotes, tmp_path: Path) -> None:
    text = REAL_NOTES.read_text(encoding="utf-8")
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text  # the Hangul really decomposes
    assert parse_notes(nfd) == parse_notes(text) == real
    path = tmp_path / "nfd.md"
    path.write_bytes(nfd.encode("utf-8"))
    assert read_notes_file(path) == real


def test_real_crlf_and_bom_give_the_same_result(real: ParsedNotes, tmp_path: Path) -> None:
    text = REAL_NOTES.read_text(encoding="utf-8")
    path = tmp_path / "crlf.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert read_notes_file(path) == real


# --- irregularities on small snippets ---------------------------------------------------------

LECTURE_HEAD = "### Lecture 1: Intro\n\n#### 배운 점\n\n"


def test_snippet_number_gap_and_repeat() -> None:
    text = LECTURE_HEAD + (
        "1. **one**\n   - a\n3. **three**\n   - b\n5. **five**\n   - c\n5. **five again**\n   - d\n"
    )
    points = only_lecture(text).learned
    assert [(p.number, p.position, p.title, p.body) for p in points] == [
        (1, 0, "one", "- a"),
        (3, 1, "three", "- b"),
        (5, 2, "five", "- c"),
        (5, 3, "five again", "- d"),
    ]


def test_snippet_three_level_nesting() -> None:
    text = LECTURE_HEAD + (
        "1. **Activations**\n"
        "   - **Sigmoid**\n"
        "      - squashes to (0, 1)\n"
        "         - saturates: `grad ~ 0`\n"
        "   - **ReLU**\n"
        "      - max(0, x)\n"
    )
    (point,) = only_lecture(text).learned
    assert point.body == (
        "- **Sigmoid**\n"
        "   - squashes to (0, 1)\n"
        "      - saturates: `grad ~ 0`\n"
        "- **ReLU**\n"
        "   - max(0, x)"
    )


def test_snippet_empty_template_lecture() -> None:
    text = (
        "### Lecture 15: 3D Vision\n\n> **Main Keywords:** \n\n#### 배운 점\n\n1. \n   -\n\n"
        "#### 내가 가진 의문 & 답변 (AI 활용)\n\n##### 1. \n**Q.** \n> **A.** \n\n---\n\n\n"
    )
    assert only_lecture(text) == Lecture(number=15, title="3D Vision")


def test_snippet_stray_empty_bullet_is_dropped() -> None:
    text = LECTURE_HEAD + "1. **Backprop**\n   - chain rule\n   - gates\n   - \n#### Q&A\n"
    (point,) = only_lecture(text).learned
    assert point.body == "- chain rule\n- gates"


def test_snippet_stray_asterisk_in_title() -> None:
    text = LECTURE_HEAD + "1. **SGD + Momentum***\n   - velocity\n2. **Adam**: RMSProp + Momentum\n"
    points = only_lecture(text).learned
    assert [(p.title, p.body) for p in points] == [
        ("SGD + Momentum", "- velocity"),
        ("Adam", "RMSProp + Momentum"),
    ]


def test_snippet_title_without_bullets() -> None:
    text = LECTURE_HEAD + "1. **Only a title**\n2. **Next**\n   - x\n"
    points = only_lecture(text).learned
    assert [(p.title, p.body) for p in points] == [("Only a title", ""), ("Next", "- x")]


def test_snippet_numbered_text_in_bullets_and_quotes_is_not_an_item() -> None:
    text = LECTURE_HEAD + (
        "1. **Steps**\n"
        "   - **Training**\n"
        "      - 1. encode\n"
        "      - 2. decode\n"
        "   > 3. a quoted numbered line\n"
        "\n#### Questions & Answers\n\n"
        "##### 1. Why?\n"
        "**Q.** Why two steps?\n"
        "> **A.** Because:\n"
        "> 1. first\n"
        "> 2. second\n"
    )
    notes = only_lecture(text)
    assert [p.title for p in notes.learned] == ["Steps"]
    assert notes.learned[0].body == (
        "- **Training**\n   - 1. encode\n   - 2. decode\n> 3. a quoted numbered line"
    )
    assert len(notes.qa) == 1
    assert notes.qa[0].answer == "Because:\n1. first\n2. second"


def test_snippet_overview_labels_are_not_learned_points() -> None:
    text = (
        "## 프로젝트 개요\n- **수강 기간**: 2025-12-24 ~\n- **목표 일정**: 6주\n\n"
        + LECTURE_HEAD
        + "1. **Real title**\n   - **Label**: a bold label inside a body\n"
    )
    notes = parse_notes(text)
    assert notes.overview == {"수강 기간": "2025-12-24 ~", "목표 일정": "6주"}
    assert (notes.roadmap.start, notes.roadmap.weeks_planned) == (date(2025, 12, 24), 6)
    (point,) = notes.lectures[0].learned
    assert (point.title, point.body) == ("Real title", "- **Label**: a bold label inside a body")


def test_snippet_daily_log_range_and_single_days() -> None:
    text = (
        "## Daily Log\n\n"
        "### 2025년 12월 24일 ~ 2026년 1월 8일\n1. Lecture 1~9 수강\n\n"
        "### 2026년 1월 9일 \n1. Assignment2 - PyTorch\n\n"
        "### 2026-01-10\n1. GitHub에 강의 5, 6강 정리\n2. 과제 1 제출\n\n"
        "### January 11, 2026\n- Lecture 10: Video\n\n"
        "### not a date\n1. skipped\n"
    )
    notes = parse_notes(text)
    assert [(e.start, e.end) for e in notes.daily_log] == [
        (date(2025, 12, 24), date(2026, 1, 8)),
        (date(2026, 1, 9), date(2026, 1, 9)),
        (date(2026, 1, 10), date(2026, 1, 10)),
        (date(2026, 1, 11), date(2026, 1, 11)),
    ]
    items = [item for entry in notes.daily_log for item in entry.items]
    assert [(i.lectures, i.assignment) for i in items] == [
        (tuple(range(1, 10)), None),
        ((), 2),
        ((5, 6), None),
        ((), 1),
        ((10,), None),
    ]
    assert len(notes.warnings) == 1
    assert notes.warnings[0].startswith("line 16: daily-log heading without a date")


def test_snippet_nfd_equals_nfc() -> None:
    text = (
        "## 주차별 진행 상황 (Roadmap)\n### 1주차 (완료)\n- [x] 강의 1강 수강\n\n"
        + LECTURE_HEAD
        + "1. **한글 제목**\n   - 본문\n\n#### 내가 가진 의문 & 답변\n\n##### 1. 질문\n"
        "**Q.** 왜?\n> **A.** 그래서.\n"
    )
    nfd = unicodedata.normalize("NFD", text)
    assert parse_notes(nfd) == parse_notes(text)
    notes = parse_notes(nfd)
    assert notes.lectures[0].learned[0].title == "한글 제목"  # heading "배운 점" recognised
    assert notes.lectures[0].qa[0].answer == "그래서."
    assert notes.roadmap.weeks[0].status == "완료"


def test_snippet_trailing_spaces_separators_and_blank_end() -> None:
    text = (
        "## Roadmap   \n\n### Week 1 (done)   \n- [x] a\n- [ ] b\n---\n\n"
        "## Daily Log  \n### 2026-01-09   \n1. Lecture 3\n---\n"
        "### Lecture 3:   Optimization   \n\n#### What I learned   \n\n1. **SGD**   \n   - step  \n"
        "\n---\n\n\n\n"
    )
    notes = parse_notes(text)
    assert [(i.text, i.done) for i in notes.roadmap.weeks[0].items] == [("a", True), ("b", False)]
    assert notes.daily_log[0].items[0].lectures == (3,)
    (lec,) = notes.lectures
    assert (lec.number, lec.title) == (3, "Optimization")
    assert [(p.title, p.body) for p in lec.learned] == [("SGD", "- step")]


def test_snippet_under_indented_bullets_after_item_10() -> None:
    items = "".join(f"{n}. **t{n}**\n   - b{n}\n" for n in range(1, 10))
    text = LECTURE_HEAD + items + "10. **ten**\n   - x\n   - y\n11. **eleven**\n   - z\n"
    points = only_lecture(text).learned
    assert [p.number for p in points] == list(range(1, 12))
    assert [(p.title, p.body) for p in points[-2:]] == [("ten", "- x\n- y"), ("eleven", "- z")]


def test_snippet_questions_without_headings_and_multiline_answers() -> None:
    text = (
        "### Lecture 2: Q\n\n#### Q&A\n\n"
        "**Q.** first?\n> **A.** one\n> more\n\n"
        "**Q.** second?\ncontinued\n\n> **A.**\n> - x\n>   - y\n"
    )
    pairs = only_lecture(text).qa
    assert [(p.number, p.title, p.question, p.answer, p.position) for p in pairs] == [
        (None, "", "first?", "one\nmore", 0),
        (None, "", "second?\ncontinued", "- x\n  - y", 1),
    ]


# --- English headings -------------------------------------------------------------------------


def test_english_headings_parse_like_korean() -> None:
    english = read_notes_file(DATA / "english.md")
    korean = read_notes_file(DATA / "korean.md")
    assert english.lectures == korean.lectures
    assert english.daily_log == korean.daily_log
    assert english.roadmap == korean.roadmap
    assert english.roadmap.start == date(2025, 12, 24)
    assert english.roadmap.weeks_planned == 6
    weeks = english.roadmap.weeks
    assert [(w.number, w.status) for w in weeks] == [(1, "done"), (2, "in progress")]
    assert english.roadmap.weeks[1].items[1].done is False
    first = english.lectures[0]
    assert first.keywords == ("Softmax", "SVM (hinge loss, margin)", "K-NN")
    assert [p.title for p in first.learned] == ["Softmax loss", "SVM loss"]
    assert first.learned[1].body == "- max(0, s_j - s_{y_i} + 1)"
    assert first.qa[0].answer == (
        "- **SVM:** stops once the margin is met.\n- **Softmax:** keeps pushing the correct class."
    )
    assert english.lectures[1].title == "Optimization"
    assert english.daily_log[0].items[0].lectures == (1, 2)
    assert english.daily_log[1].items[0].lectures == (3,)


# --- recognisers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025년 12월 24일 ~ 2026년 1월 8일", [date(2025, 12, 24), date(2026, 1, 8)]),
        ("2025년 12월 24일 ~ 1월 8일", [date(2025, 12, 24), date(2026, 1, 8)]),
        ("2026년 1월 9일 ", [date(2026, 1, 9)]),
        ("2025-12-24 – 2026-01-08", [date(2025, 12, 24), date(2026, 1, 8)]),
        ("December 24, 2025 to Jan 8, 2026", [date(2025, 12, 24), date(2026, 1, 8)]),
        ("24 December 2025", [date(2025, 12, 24)]),
        ("2025년 2월 30일", []),
        ("12월 24일", []),
    ],
)
def test_find_dates(text: str, expected: list[date]) -> None:
    assert notes_text.find_dates(text) == expected


@pytest.mark.parametrize(
    ("text", "lectures", "assignments"),
    [
        ("Lecture 1~9 수강", tuple(range(1, 10)), ()),
        ("지금까지의 수강한 Lecture 1 ~ 9 Review", tuple(range(1, 10)), ()),
        ("Lecture 10: Video Understanding 수강", (10,), ()),
        ("Lecture 14: Generative Models 2 수강", (14,), ()),
        ("GitHub에 강의 5, 6강 정리", (5, 6), ()),
        ("GitHub에 강의 9강 정리", (9,), ()),
        ("강의 4강 ~ 9강 수강", tuple(range(4, 10)), ()),
        ("강의 14 ~ 15강 수강", (14, 15), ()),
        ("Assignment1 완료 및 Assignment2 - Batch Normalization", (), (1, 2)),
        ("Assignment 3 종료", (), (3,)),
        ("과제 1 제출", (), (1,)),
        ("GitHub 레포지토리 생성 및 과제 옮기기", (), ()),
    ],
)
def test_lecture_and_assignment_refs(
    text: str, lectures: tuple[int, ...], assignments: tuple[int, ...]
) -> None:
    assert notes_text.lecture_refs(text) == lectures
    assert notes_text.assignment_refs(text) == assignments


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Lecture 1: Introduction", (1, "Introduction")),
        ("Lecture 2 - Image Classification", (2, "Image Classification")),
        ("강의 3: 최적화", (3, "최적화")),
        ("Lecture 15: 3D Vision", (15, "3D Vision")),
        ("2026년 1월 9일", None),
        ("1주차 (완료)", None),
    ],
)
def test_lecture_heading(heading: str, expected: tuple[int, str] | None) -> None:
    assert notes_text.lecture_heading(heading) == expected


# --- bad input files --------------------------------------------------------------------------


def assert_refused(path: Path, *fragments: str) -> str:
    with pytest.raises(NotesFormatError) as caught:
        read_notes_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert path.name in message
    for fragment in fragments:
        assert fragment in message
    return message


def test_empty_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert_refused(empty, "empty")
    blank = tmp_path / "blank.md"
    blank.write_bytes(b" \n\r\n\t \n")
    assert_refused(blank, "empty")
    bom_only = tmp_path / "bom.md"
    bom_only.write_bytes(b"\xef\xbb\xbf\n \n")
    assert_refused(bom_only, "whitespace")


def test_binary_file_is_refused(tmp_path: Path) -> None:
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    assert_refused(png, "binary")
    controls = tmp_path / "controls.md"
    controls.write_bytes(b"# T\n" + b"\x01\x02\x03\x04" * 100)
    assert_refused(controls, "binary")
    utf16 = tmp_path / "utf16.md"
    utf16.write_bytes("## Daily Log\n".encode("utf-16"))
    assert_refused(utf16, "UTF-16")


def test_oversized_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as handle:  # sparse: seek past the end, write one byte
        handle.seek(50 * 1024 * 1024 - 1)
        handle.write(b"\n")

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the oversized file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    started = time.perf_counter()
    message = assert_refused(big, "50.0 MiB", "5 MiB")
    assert time.perf_counter() - started < 0.5
    assert str(MAX_NOTES_BYTES) in message


def test_size_limit_boundary(tmp_path: Path) -> None:
    # Padded with one long blank line: millions of short lines would only slow the test down.
    head = b"## Daily Log\n### 2026-01-09\n1. Lecture 1\n\n"
    at_limit = tmp_path / "at_limit.md"
    at_limit.write_bytes(head + b" " * (MAX_NOTES_BYTES - len(head) - 1) + b"\n")
    assert read_notes_file(at_limit).daily_log[0].items[0].lectures == (1,)
    over = tmp_path / "over.md"
    over.write_bytes(head + b" " * (MAX_NOTES_BYTES - len(head)) + b"\n")
    assert_refused(over, "limit")


def test_invalid_utf8_is_refused_with_its_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    good = "## Daily Log\n### 2026-01-09\n1. 강의\n".encode()
    bad.write_bytes(good + b"2. ab\xff\xfecd\n")
    assert_refused(bad, "UTF-8", f"byte {len(good) + 5}", "line 4", "column 6")


def test_text_without_known_headings_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "shopping.md"
    other.write_text("# Shopping\n\n## Groceries\n1. **Milk**\n   - 2 litres\n", encoding="utf-8")
    assert_refused(other, "no lecture, roadmap or daily-log section")
    with pytest.raises(NotesFormatError, match="<notes>: no lecture"):
        parse_notes("just a line of text")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert_refused(tmp_path / "missing.md", "cannot read")
