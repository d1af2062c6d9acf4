"""`studyapp review`: a review session in the terminal, also scriptable through a pipe.

Commands, one per line: an empty line reveals the answer, 1-4 rate (Again, Hard, Good, Easy),
`u` undoes the last answer, `q` quits. Every rating is committed as it is given, so input that
ends without `q` loses nothing. Text from the notes is printed with its control codes escaped.
"""

from __future__ import annotations

import time
from typing import TextIO

from studyapp.cli.output import clean
from studyapp.db.collection import Collection
from studyapp.domain.scheduling import Rating
from studyapp.domain.views import CardView
from studyapp.scheduler.fsrs_scheduler import format_interval
from studyapp.services.study import StudySession

RULE = "─" * 60


def run_review(col: Collection, deck: str | None, stdin: TextIO, out: TextIO) -> int:
    with StudySession(col, deck) as session:
        answered = 0
        while (card := session.next_card()) is not None:
            action = _show_card(session, card, stdin, out)
            if action == "quit":
                break
            if action == "answered":
                answered += 1
            elif action == "undone":
                answered -= 1
        else:
            _done_message(session, out)
    out.write(f"{answered} answers saved.\n")
    return 0


def _show_card(session: StudySession, card: CardView, stdin: TextIO, out: TextIO) -> str:
    counts = session.counts()
    label = "new" if card.is_new else card.state.name.lower()
    header = f"[{card.deck} · L{card.lecture} {card.lecture_title} · {card.kind} · {label}]"
    out.write(
        f"\n{RULE}\n{clean(header)}"
        f"   learning {counts.learning} · review {counts.review} · new {counts.new}\n\n"
    )
    out.write(
        clean(card.question.strip()) + "\n\n(Enter: show answer · 1-4: rate · u: undo · q: quit)\n"
    )
    out.flush()
    started = time.monotonic()
    revealed = False
    while True:
        line = stdin.readline()
        if line == "":  # end of input: every answer so far is already saved
            return "quit"
        command = line.strip().lower()
        if command == "q":
            return "quit"
        if command == "u":
            if session.undo() is None:
                out.write("Nothing to undo.\n")
                continue
            out.write("Undone: the last card is back.\n")
            return "undone"
        if command in {"1", "2", "3", "4"}:
            if not revealed:
                _reveal(session, card, out)
            elapsed = int((time.monotonic() - started) * 1000)
            result = session.answer(Rating(int(command)), elapsed)
            out.write(
                f"→ {result.rating.name.title()}: next in {format_interval(result.interval)}\n"
            )
            return "answered"
        if command == "" and not revealed:
            _reveal(session, card, out)
            revealed = True
            continue
        out.write("Enter reveals, 1-4 rate, u undoes, q quits.\n")


def _reveal(session: StudySession, card: CardView, out: TextIO) -> None:
    out.write(f"{RULE}\n{clean(card.answer.strip())}\n\n")
    intervals = session.intervals()
    buttons = "   ".join(
        f"{int(r)} {r.name.title()} ({format_interval(intervals[r])})" for r in Rating
    )
    out.write(buttons + "\n")
    out.flush()


def _done_message(session: StudySession, out: TextIO) -> None:
    waiting = session.next_due_learning()
    if waiting is not None:
        local = waiting.astimezone().strftime("%H:%M")
        out.write(f"\nNo more cards right now; a learning card is due again at {local}.\n")
    else:
        out.write("\nCongratulations! You have finished this deck for today.\n")
