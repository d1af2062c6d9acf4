"""Parse a study-notes Markdown file (overview, roadmap, daily log, lectures) into domain types.

Pure: no database, no Qt. The document is tokenised once with markdown-it; headings drive a
small walker (areas for overview/roadmap/log, lectures with their "배운 점" and Q&A parts) and
card text is cut from the source lines. See notes_text for the heading/label recognisers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from studyapp.domain.notes import (
    DailyLogEntry,
    Lecture,
    LogItem,
    NotesFormatError,
    ParsedNotes,
    Roadmap,
    RoadmapItem,
    RoadmapWeek,
)
from studyapp.importers import notes_text as nt
from studyapp.importers.notes_blocks import (
    Block,
    Section,
    blocks_markdown,
    item_markdown,
    markdown_parser,
    sections,
)
from studyapp.importers.notes_cards import keywords_of, learned_points, qa_pairs
from studyapp.importers.notes_file import one_line, read_text_checked

MAX_NOTES_BYTES = 5 * 1024 * 1024
_LIST_KINDS = ("bullet_list_open", "ordered_list_open")

__all__ = [
    "MAX_NOTES_BYTES",
    "NotesFormatError",
    "normalise_text",
    "parse_notes",
    "read_notes_file",
]


def normalise_text(text: str) -> str:
    """NFC, no BOM, "\\n" line ends: NFD notes (macOS) and CRLF files parse identically."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def parse_notes(text: str, source: str = "<notes>") -> ParsedNotes:
    """Parse notes text; raises NotesFormatError when no lecture, roadmap or log section exists."""
    text = normalise_text(text)
    lines = text.split("\n")
    walker = _Walker(lines)
    try:
        for section in sections(markdown_parser().parse(text)):
            walker.feed(section)
        walker.close_lecture()
    except nt.NumberOutOfRange as err:
        raise NotesFormatError(one_line(f"{source}: line {err.line or '?'}: {err}")) from None
    if not walker.found_any:
        raise NotesFormatError(
            one_line(
                f"{source}: no lecture, roadmap or daily-log section found "
                "(expected headings such as '### Lecture 1: ...', '## Roadmap' or '## Daily Log')"
            )
        )
    return walker.result()


def read_notes_file(path: Path) -> ParsedNotes:
    """Read and validate a notes file, then parse it. Every refusal is a NotesFormatError with a
    one-line message naming the file: too large, empty, binary, not UTF-8, or no known sections."""
    path = Path(path)
    return parse_notes(read_text_checked(path, MAX_NOTES_BYTES), source=str(path))


@dataclass
class _LectureDraft:
    """A lecture being collected: its heading's own blocks, and its subsections' contents."""

    number: int
    title: str
    level: int
    intro: list[Block]
    line: int
    part: nt.Subsection | None = None
    part_level: int = 0
    learned: list[Block] = field(default_factory=list)
    qa: list[Section] = field(default_factory=list)

    def add(self, section: Section) -> None:
        heading = section.heading
        assert heading is not None
        kind = nt.subsection_of(heading.text)
        if kind is not None and (self.part is None or heading.level <= self.part_level):
            self.part, self.part_level = kind, heading.level
            if kind is nt.Subsection.LEARNED:
                self.learned.extend(section.blocks)
            else:
                self.qa.append(Section(None, section.blocks))  # text before the first question
        elif self.part is not None and heading.level > self.part_level:
            if self.part is nt.Subsection.QA:
                self.qa.append(section)  # "##### 1. title" opens a question
            else:
                self.learned.extend(section.blocks)
        else:
            self.part = None  # another subsection ("참고 자료" ...): not a card source


class _Walker:
    """Feeds the document's sections in order, tracking which area or lecture they belong to."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.title = ""
        self.overview: dict[str, str] = {}
        self.weeks: list[RoadmapWeek] = []
        self.log: list[DailyLogEntry] = []
        self.lectures: list[Lecture] = []
        self.warnings: list[str] = []
        self.area: nt.Area | None = None
        self.area_level = 0
        self.lecture: _LectureDraft | None = None
        self.found_any = False

    def feed(self, section: Section) -> None:
        try:
            self._feed(section)
        except nt.NumberOutOfRange as err:
            line = section.heading.line + 1 if section.heading is not None else 1
            raise err.at(line) from None

    def _feed(self, section: Section) -> None:
        heading = section.heading
        if heading is None:
            return  # text before the first heading
        if self.lecture is not None:
            if heading.level > self.lecture.level:
                self.lecture.add(section)
                return
            self.close_lecture()
        if heading.level <= self.area_level:
            self.area, self.area_level = None, 0
        if heading.level == 1:
            self.title = self.title or heading.text
            return
        if self._start_lecture(section) or self._start_area(section):
            return
        if self.area is nt.Area.ROADMAP:
            self._add_week(section)
        elif self.area is nt.Area.LOG:
            self._add_log_entry(section)

    def _start_lecture(self, section: Section) -> bool:
        assert section.heading is not None
        found = nt.lecture_heading(section.heading.text)
        if found is None:
            return False
        number, title = found
        heading = section.heading
        self.lecture = _LectureDraft(number, title, heading.level, section.blocks, heading.line)
        self.found_any = True
        return True

    def _start_area(self, section: Section) -> bool:
        assert section.heading is not None
        area = nt.area_of(section.heading.text)
        if area is None:
            return False
        self.area, self.area_level = area, section.heading.level
        if area is nt.Area.OVERVIEW:
            self._add_overview(section.blocks)
        else:
            self.found_any = True
        return True

    def close_lecture(self) -> None:
        draft, self.lecture = self.lecture, None
        if draft is None:
            return
        try:
            self._close(draft)
        except nt.NumberOutOfRange as err:
            raise err.at(draft.line + 1) from None

    def _close(self, draft: _LectureDraft) -> None:
        self.lectures.append(
            Lecture(
                number=draft.number,
                title=draft.title,
                keywords=keywords_of(draft.intro),
                learned=tuple(learned_points(self.lines, draft.learned)),
                qa=tuple(qa_pairs(self.lines, draft.qa)),
            )
        )

    def _list_items(self, blocks: list[Block]) -> list[str]:
        """Markdown of each top-level list item (and loose paragraph) under a heading."""
        texts: list[str] = []
        for block in blocks:
            if block.kind in _LIST_KINDS:
                texts.extend(item_markdown(self.lines, item) for item in block.children())
            elif block.kind == "paragraph_open":
                texts.append(blocks_markdown(self.lines, [block]))
        return [text for text in texts if text]

    def _add_overview(self, blocks: list[Block]) -> None:
        for text in self._list_items(blocks):
            labelled = nt.bold_label(text)
            if labelled is not None:
                self.overview.setdefault(*labelled)
        self._roadmap()  # read now, so a number out of range is reported at this heading

    def _add_week(self, section: Section) -> None:
        assert section.heading is not None
        found = nt.week_heading(section.heading.text)
        if found is None:
            self._warn(section, "roadmap heading without a week number skipped")
            return
        items: list[RoadmapItem] = []
        for text in self._list_items(section.blocks):
            done, rest = nt.checkbox(text)
            if rest:
                items.append(RoadmapItem(text=rest, done=bool(done), position=len(items)))
        self.weeks.append(RoadmapWeek(number=found[0], status=found[1], items=tuple(items)))

    def _add_log_entry(self, section: Section) -> None:
        assert section.heading is not None
        dates = nt.find_dates(section.heading.text)
        if not dates:
            self._warn(section, "daily-log heading without a date skipped")
            return
        items: list[LogItem] = []
        for text in self._list_items(section.blocks):
            assignments = nt.assignment_refs(text)
            items.append(
                LogItem(
                    text=text,
                    lectures=nt.lecture_refs(text),
                    assignment=assignments[0] if assignments else None,
                    position=len(items),
                    assignments=assignments,
                )
            )
        start, end = dates[0], dates[1] if len(dates) > 1 else dates[0]
        entry = DailyLogEntry(start=start, end=end, items=tuple(items), position=len(self.log))
        self.log.append(entry)

    def _warn(self, section: Section, what: str) -> None:
        assert section.heading is not None
        self.warnings.append(f"line {section.heading.line + 1}: {what}: {section.heading.text!r}")

    def _roadmap(self) -> Roadmap:
        start: date | None = None
        weeks_planned = None
        for label, value in self.overview.items():
            if start is None and nt.is_start_label(label):
                start = next(iter(nt.find_dates(value)), None)
            if weeks_planned is None and nt.is_goal_label(label):
                weeks_planned = nt.weeks_in(value)
        return Roadmap(start=start, weeks_planned=weeks_planned, weeks=tuple(self.weeks))

    def result(self) -> ParsedNotes:
        return ParsedNotes(
            title=self.title,
            overview=dict(self.overview),
            roadmap=self._roadmap(),
            daily_log=tuple(self.log),
            lectures=tuple(self.lectures),
            warnings=tuple(self.warnings),
        )
