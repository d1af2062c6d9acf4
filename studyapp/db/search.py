"""The card search language, in Anki's spirit, compiled to SQL. Shared by the browser and
`studyapp cards --search`.

    softmax                      free text in question, answer or title (quotes for phrases)
    deck:CS231n  deck:CS*        a deck (glob)
    lecture:5  lecture:3-5       a lecture number or range
    kind:qa  kind:learned
    is:due is:new is:learn is:review is:suspended is:buried is:leech is:flagged is:missing
    flag:1                       red (1), orange, green, blue (4); flag:0 none
    tag:leech
    rated:7   rated:7:1          answered in the last 7 study days (with that rating)
    prop:s>10  prop:d<5  prop:r<0.8  prop:ivl>=30  prop:lapses>2  prop:reps<3
    -term                        negation;  a or b;  ( ... ) grouping;  terms are ANDed

A query the language cannot read is a SearchError with a one-line message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studyapp.db.epoch import to_epoch_ms
from studyapp.domain.errors import StudyappError
from studyapp.domain.scheduling import State

DEFAULT_W20 = 0.1542  # FSRS-6's default decay parameter (fsrs.DEFAULT_PARAMETERS[20])
_TOKEN = re.compile(r'\s*(-?"[^"]*"|\(|\)|-?[^\s()"]+)')
_PROP = re.compile(r"^(s|d|r|ivl|lapses|reps|due)(<=|>=|!=|=|<|>)(-?\d+(?:\.\d+)?)$", re.I)


class SearchError(StudyappError):
    """A search the language cannot read."""


def retrievability_sql(now_ms: int) -> str:
    """FSRS-6 retrievability of `c` (cards) joined with `dc` (deck_config), in SQL:
    R = (1 + factor * t / S) ** decay, decay = -w20, factor = 0.9 ** (1 / decay) - 1."""
    w20 = f"coalesce(json_extract(dc.fsrs_params, '$[20]'), {DEFAULT_W20})"
    t = f"(max({now_ms} - c.last_review, 0) / 86400000.0)"
    factor = f"(pow(0.9, 1.0 / -{w20}) - 1)"
    return (
        f"CASE WHEN c.reps = 0 OR c.stability IS NULL OR c.last_review IS NULL THEN NULL "
        f"ELSE pow(1 + {factor} * {t} / c.stability, -{w20}) END"
    )


@dataclass(frozen=True)
class Compiled:
    where: str  # over cards c, decks d, lectures l, deck_config dc
    params: list[Any]


@dataclass
class _Parser:
    tokens: list[str]
    now: datetime
    day_start_ms: int
    params: list[Any]
    pos: int = 0

    def parse(self) -> str:
        sql = self.expr()
        if self.pos < len(self.tokens):
            raise SearchError(f"unexpected {self.tokens[self.pos]!r} in the search")
        return sql

    def expr(self) -> str:
        parts = [self.conjunction()]
        while self.peek() is not None and self.peek().lower() == "or":  # type: ignore[union-attr]
            self.pos += 1
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def conjunction(self) -> str:
        parts = []
        while (token := self.peek()) is not None and token != ")" and token.lower() != "or":
            parts.append(self.atom())
        if not parts:
            raise SearchError("an empty part in the search (a dangling 'or' or '()')")
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def atom(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        if token in ("(", "-("):
            inner = self.expr()
            if self.peek() != ")":
                raise SearchError("a '(' without its ')' in the search")
            self.pos += 1
            return f"NOT {inner}" if token == "-(" else inner
        if token == ")":
            raise SearchError("a ')' without its '(' in the search")
        negate = token.startswith("-") and len(token) > 1
        term = self.term(token[1:] if negate else token)
        return f"NOT ({term})" if negate else term

    def bind(self, value: Any) -> str:
        self.params.append(value)
        return "?"

    def term(self, token: str) -> str:
        if token.startswith('"'):
            return self.text(token.strip('"'))
        field, sep, value = token.partition(":")
        if not sep or not value:
            return self.text(token)
        handler = getattr(self, f"field_{field.lower()}", None)
        if handler is None:
            raise SearchError(
                f"unknown search field {field!r} (fields: deck, lecture, kind, is, flag, tag, "
                "rated, prop)"
            )
        return str(handler(value))

    def text(self, words: str) -> str:
        pattern = "%" + unicodedata.normalize("NFC", words).replace("%", r"\%") + "%"
        p = self.bind(pattern)
        q, a = self.bind(pattern), self.bind(pattern)
        return (
            f"(c.question LIKE {p} ESCAPE '\\' OR c.answer LIKE {q} ESCAPE '\\' "
            f"OR c.title LIKE {a} ESCAPE '\\')"
        )

    def field_deck(self, value: str) -> str:
        return f"d.name GLOB {self.bind(value)}"

    def field_lecture(self, value: str) -> str:
        low, _, high = value.partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise SearchError(f"lecture:{value}: use a number or a range such as lecture:3-5")
        if high:
            return f"l.number BETWEEN {self.bind(int(low))} AND {self.bind(int(high))}"
        return f"l.number = {self.bind(int(low))}"

    def field_kind(self, value: str) -> str:
        if value.lower() not in ("qa", "learned"):
            raise SearchError(f"kind:{value}: use kind:qa or kind:learned")
        return f"c.kind = {self.bind(value.lower())}"

    def field_is(self, value: str) -> str:
        buried = f"(c.buried_until IS NOT NULL AND c.buried_until > {self.day_start_ms})"
        due_end = to_epoch_ms(self.now)
        conditions = {
            "new": "c.reps = 0",
            "learn": f"c.reps > 0 AND c.fsrs_state IN ({State.LEARNING}, {State.RELEARNING})",
            "review": f"c.fsrs_state = {State.REVIEW}",
            "due": f"c.reps > 0 AND c.due <= {due_end} AND NOT c.suspended",
            "suspended": "c.suspended",
            "buried": buried,
            "leech": "EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = 'leech')",
            "flagged": "c.flag > 0",
            "missing": "c.missing",
        }
        if value.lower() not in conditions:
            raise SearchError(f"is:{value}: use one of {', '.join(conditions)}")
        return conditions[value.lower()]

    def field_flag(self, value: str) -> str:
        if value not in {"0", "1", "2", "3", "4"}:
            raise SearchError(f"flag:{value}: use 0 (none) to 4 (blue)")
        return f"c.flag = {self.bind(int(value))}"

    def field_tag(self, value: str) -> str:
        return f"EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value GLOB {self.bind(value)})"

    def field_rated(self, value: str) -> str:
        days, _, rating = value.partition(":")
        if not days.isdigit() or not 1 <= int(days) <= 36500 or (rating and rating not in "1234"):
            raise SearchError(f"rated:{value}: use rated:N or rated:N:R (N days, rating 1-4)")
        since = self.bind(self.day_start_ms - (int(days) - 1) * 86_400_000)  # bound in order
        extra = f" AND r.rating = {self.bind(int(rating))}" if rating else ""
        return (
            "EXISTS (SELECT 1 FROM review_log r WHERE r.card_id = c.id AND "
            f"r.reviewed_at >= {since}{extra})"
        )

    def field_prop(self, value: str) -> str:
        match = _PROP.match(value)
        if match is None:
            raise SearchError(
                f"prop:{value}: use e.g. prop:s>10, prop:d<5, prop:r<0.8, prop:ivl>=7"
            )
        prop, op, number = match[1].lower(), match[2], float(match[3])
        now = to_epoch_ms(self.now)
        column = {
            "s": "c.stability",
            "d": "c.difficulty",
            "r": retrievability_sql(now),
            "ivl": "((c.due - c.last_review) / 86400000.0)",
            "lapses": "c.lapses",
            "reps": "c.reps",
            # Whole study days from today (0 today, -1 overdue since yesterday), as Anki's.
            "due": f"(CAST((c.due - {self.day_start_ms}) / 86400000.0 + 1e6 AS INTEGER) - 1e6)",
        }[prop]
        scheduled = "c.reps > 0 AND " if prop == "due" else ""  # new cards have no due day
        return f"({scheduled}{column} {'<>' if op == '!=' else op} {self.bind(number)})"


def compile_search(query: str, now: datetime, day_start: datetime) -> Compiled:
    """The SQL condition for `query` ("" matches every card)."""
    text = query.strip()
    if not text:
        return Compiled("1", [])
    if text.count('"') % 2:
        raise SearchError('an unclosed " in the search')
    tokens = [t.strip() for t in _TOKEN.findall(text) if t.strip()]
    merged: list[str] = []
    for token in tokens:  # "-(" as one token, so negation applies to a group
        if token == "(" and merged and merged[-1] == "-":
            merged[-1] = "-("
        else:
            merged.append(token)
    params: list[Any] = []
    where = _Parser(merged, now, to_epoch_ms(day_start), params).parse()
    return Compiled(where, params)


FROM = (
    "FROM cards c JOIN decks d ON d.id = c.deck_id JOIN lectures l ON l.id = c.lecture_id "
    "LEFT JOIN deck_config dc ON dc.deck_id = c.deck_id"
)
