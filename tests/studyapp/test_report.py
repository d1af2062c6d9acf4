"""A week's report: the PDF's pages, the PNG, Markdown with its images, refusals of a bad
path, and a failed write that leaves the previous report whole."""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyapp.cli import main
from studyapp.db.collection import Collection
from studyapp.domain.errors import ReportError, WeekNotFoundError
from studyapp.domain.progress import WeekReport
from studyapp.services.importing import import_notes
from tests.studyapp.conftest import FakeClock
from tests.studyapp.helpers.run import make_readonly, make_writable, run_cli
from tests.studyapp.test_progress import TODAY, course_notes, open_course, seed

pytest.importorskip("matplotlib")

PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")  # a page object, not the /Pages tree


def pdf_pages(path: Path) -> int:
    """Pages of a PDF that matplotlib wrote (its page objects are never compressed)."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    return len(PAGE.findall(data))


@pytest.fixture
def course(tmp_path: Path) -> Iterator[Collection]:
    col = open_course(tmp_path / "data", FakeClock(TODAY))
    import_notes(col, course_notes(), "Course")
    seed(col)
    with col.connection() as conn:
        conn.execute("UPDATE cards SET lapses = 3, reps = 9 WHERE id = (SELECT min(id) FROM cards)")
    yield col
    col.close()


@pytest.fixture
def report(course: Collection) -> WeekReport:
    from studyapp.services.report import week_report

    return week_report(course, 2)


def test_the_report_holds_the_week_the_lapses_and_the_exercises(report: WeekReport) -> None:
    assert report.week == 2 and report.data.progress.deck == "Course"
    assert [(c.lapses, c.reps) for c in report.lapses] == [(3, 9)]
    assert report.exercises and {e.status for e in report.exercises} <= {
        "not started", "failing", "passed", "due again"}  # fmt: skip


def test_a_week_the_course_does_not_have_is_refused(course: Collection) -> None:
    from studyapp.services.report import week_report

    with pytest.raises(WeekNotFoundError, match="week 9 is not a week of deck 'Course'"):
        week_report(course, 9)


def test_the_pdf_has_a_page_for_each_part(tmp_path: Path, report: WeekReport) -> None:
    from studyapp.charts.report import write_report

    target = tmp_path / "week2.pdf"
    assert write_report(target, report) == [target]
    assert pdf_pages(target) == 5  # the week, the tab, the statistics, lapses, the timeline
    data = target.read_bytes()
    assert b"NanumGothic" in data and b"/FontFile2" in data  # Hangul embedded as TrueType
    assert target.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".*tmp*"))


def test_the_png_is_the_progress_tab(tmp_path: Path, report: WeekReport) -> None:
    from studyapp.charts.report import DPI, PAGE, write_report

    target = tmp_path / "week2.PNG"
    write_report(target, report)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (int(PAGE[0] * DPI), int(PAGE[1] * DPI))  # A4 landscape


def test_markdown_has_its_images_beside_it(tmp_path: Path, report: WeekReport) -> None:
    from studyapp.charts.report import write_report

    target = tmp_path / "week2.md"
    written = write_report(target, report)
    names = ["week2-progress.png", "week2-stats.png", "week2-timeline.png", "week2.md"]
    assert [p.name for p in written] == names
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Course · 2주차 (week 2) 2026-03-08 – 2026-03-14")
    for image in names[:3]:
        assert f"]({image})" in text and (tmp_path / image).read_bytes()[:4] == b"\x89PNG"
    assert "1. [ ] 강의 2강 수강  (notes)" in text


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("week.txt", "unknown report type '.txt'; use .pdf, .png or .md"),
        ("week", "unknown report type '(no extension)'"),
        ("missing/week.pdf", "the folder"),
    ],
)
def test_a_bad_target_is_refused_before_any_work(tmp_path: Path, name: str, words: str) -> None:
    from studyapp.charts.report import check_target

    with pytest.raises(ReportError, match=re.escape(words)) as caught:
        check_target(tmp_path / name)
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_without_matplotlib_a_report_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    from studyapp.charts.report import check_target

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name)
    )
    with pytest.raises(ReportError, match=r"matplotlib, which is not installed: pip install"):
        check_target(tmp_path / "week.pdf")


def test_a_failed_write_leaves_the_previous_report_whole(
    tmp_path: Path, report: WeekReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    from studyapp.charts.report import write_report

    target = tmp_path / "week2.pdf"
    write_report(target, report)
    before = target.read_bytes()
    calls = []

    def full_disk(self: PdfPages, *args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 3:  # in the middle of the document
            raise OSError(28, "No space left on device")
        original(self, *args, **kwargs)

    original = PdfPages.savefig
    monkeypatch.setattr(PdfPages, "savefig", full_disk)
    with pytest.raises(ReportError, match=r"cannot write .*week2\.pdf: No space left on device"):
        write_report(target, report)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["week2.pdf"]  # no temp file


def test_cli_report_on_the_bundled_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = ["--data-dir", str(tmp_path / "home")]
    target = tmp_path / "out" / "w5.pdf"
    target.parent.mkdir()
    assert main(["report", "--week", "5", "--out", str(target), *home]) == 0
    assert capsys.readouterr().out.strip() == str(target) and pdf_pages(target) == 5
    assert main(["report", "--week", "99", "--out", str(target), *home]) == 1
    assert "week 99 is not a week of deck 'CS231n'" in capsys.readouterr().err
    assert main(["stats", "--json", *home]) == 0
    assert json.loads(capsys.readouterr().out)["review_stats"]["forecast"]["counts"]


def test_cli_report_into_a_read_only_folder_says_so(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli("due", "--data-dir", str(home)).returncode == 0
    folder = tmp_path / "locked"
    folder.mkdir()
    make_readonly(folder, folder_too=True)
    try:
        result = run_cli("report", "--week", "1", "--out", str(folder / "w.md"), "--data-dir",
                         str(home), honour_permissions=True)  # fmt: skip
    finally:
        make_writable(folder)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"studyapp: error: cannot write {folder / 'w.md'}: {folder} is not writable or it is a "
        "folder"
    )
    assert list(folder.iterdir()) == []
