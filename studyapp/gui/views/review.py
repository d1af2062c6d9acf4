"""Review, as in Anki: the question, Space or Enter shows the answer, 1-4 rate (each button
shows the interval that answer schedules), Ctrl+Z undoes, E edits, - buries, @ or S
suspends, Ctrl+1-4 flag, I shows card info, Esc ends with a summary."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain.errors import StudyappError
from studyapp.domain.scheduling import Rating
from studyapp.domain.views import CardView
from studyapp.gui.context import AppContext
from studyapp.gui.dialogs.errors import show_error
from studyapp.gui.labels import rating_name, state_name
from studyapp.gui.theme import COUNT_COLORS
from studyapp.gui.widgets.markdown_view import MarkdownView
from studyapp.scheduler.fsrs_scheduler import format_interval
from studyapp.services.study import StudySession

FLAG_NAMES = {0: "", 1: "🟥", 2: "🟧", 3: "🟩", 4: "🟦"}


class ReviewView(QWidget):
    finished = Signal()  # back to home

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reviewView")
        self.session: StudySession | None = None
        self.card: CardView | None = None
        self.revealed = False
        self.timer = QElapsedTimer()
        self.stats = {"cards": 0, "again": 0, "ms": 0}
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setObjectName("cardHeader")
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.counts)
        layout.addLayout(top)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.text = MarkdownView()
        self.text.setObjectName("cardText")
        layout.addWidget(self.text, 1)
        self.bottom = QStackedWidget()
        self.show_answer = QPushButton(self.tr("Show answer"))
        self.show_answer.setObjectName("showAnswer")
        self.show_answer.clicked.connect(self.reveal)
        self.bottom.addWidget(self.show_answer)
        answers = QWidget()
        row = QHBoxLayout(answers)
        self.buttons: dict[Rating, QPushButton] = {}
        for rating in Rating:
            button = QPushButton()
            button.setObjectName(f"answer{int(rating)}")
            button.clicked.connect(lambda _=False, r=rating: self.answer(r))
            row.addWidget(button)
            self.buttons[rating] = button
        self.bottom.addWidget(answers)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        done = QPushButton(self.tr("Back to home"))
        done.clicked.connect(self.finished)
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        summary_layout.addWidget(self.summary)
        summary_layout.addWidget(done)
        self.bottom.addWidget(summary_page)
        layout.addWidget(self.bottom)
        self._shortcuts()

    # -- keyboard ------------------------------------------------------------------------------

    def _shortcuts(self) -> None:
        bindings = [
            ("Space", self._on_space),
            ("Return", self._on_space),
            ("Enter", self._on_space),
            ("Ctrl+Z", self.undo),
            ("E", self.edit),
            ("-", self.bury),
            ("@", self.suspend),
            ("S", self.suspend),
            ("I", self.card_info),
            ("Escape", self.end),
        ]
        bindings += [(str(int(r)), partial(self._on_rating_key, r)) for r in Rating]
        bindings += [(f"Ctrl+{n}", partial(self.flag, n)) for n in range(5)]
        for key, slot in bindings:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _on_rating_key(self, rating: Rating) -> None:
        if self.revealed:
            self.answer(rating)

    def _on_space(self) -> None:
        if self.card is None:
            return
        if self.revealed:
            self.answer(Rating.GOOD)  # as Anki: Space on the answer side is Good
        else:
            self.reveal()

    # -- session -------------------------------------------------------------------------------

    def start(self, deck: str | None) -> None:
        self.close_session()
        self.stats = {"cards": 0, "again": 0, "ms": 0}
        try:
            self.session = StudySession(self.ctx.collection, deck)
        except StudyappError as err:
            show_error(self, err)
            return
        self.next()

    def close_session(self) -> None:
        if self.session is not None:
            self.session.close()
        self.session, self.card = None, None

    def next(self) -> None:
        assert self.session is not None
        self.card = self.session.next_card()
        self.revealed = False
        if self.card is None:
            self._finish()
            return
        self.timer.start()
        self._show(self.card.question)
        self.bottom.setCurrentIndex(0)
        self.show_answer.setFocus()

    def _show(self, markdown: str) -> None:
        card = self.card
        assert card is not None and self.session is not None
        dark = self.ctx.theme == "dark"
        self.text.set_markdown(
            markdown, point_size=self.ctx.font_size + 3, color=self.ctx.text_color, dark=dark
        )
        kind = self.tr("Q&A") if card.kind.value == "qa" else self.tr("learned")
        state = state_name(card.state, card.is_new)
        flag = FLAG_NAMES.get(card.flag, "")
        self.header.setText(
            f"{flag} {card.deck} · L{card.lecture} {card.lecture_title} · {kind} · {state}".strip()
        )
        counts = self.session.counts()
        new, learning, review = COUNT_COLORS[self.ctx.theme]
        self.counts.setText(
            f"<span style='color:{new}'>{counts.new}</span> + "
            f"<span style='color:{learning}'>{counts.learning}</span> + "
            f"<span style='color:{review}'>{counts.review}</span>"
        )

    def reveal(self) -> None:
        if self.card is None or self.session is None or self.revealed:
            return
        self.revealed = True
        self._redisplay()
        for rating, interval in self.session.intervals().items():
            self.buttons[rating].setText(f"{rating_name(rating)}\n{format_interval(interval)}")
        self.bottom.setCurrentIndex(1)
        self.buttons[Rating.GOOD].setFocus()

    def answer(self, rating: Rating) -> None:
        if self.card is None or self.session is None or not self.revealed:
            return
        if self.ctx.readonly_reason:
            show_error(self, StudyappError(self.ctx.readonly_reason))
            return
        elapsed = int(self.timer.elapsed())
        try:
            result = self.session.answer(rating, elapsed)
        except StudyappError as err:
            show_error(self, err)
            return
        self.stats["cards"] += 1
        self.stats["again"] += int(rating == Rating.AGAIN)
        self.stats["ms"] += min(elapsed, 60_000)
        self._notify(
            self.tr(
                "This card has lapsed 8 times: it is a leech, tagged and suspended. "
                "Rewrite it in your notes, or unsuspend it in Browse."
            )
            if result.leech
            else ""
        )
        self.ctx.bus.announce(result.changes)
        self.next()

    def _notify(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _finish(self) -> None:
        cards = self.stats["cards"]
        minutes = self.stats["ms"] / 60_000
        again = self.stats["again"] / cards if cards else 0.0
        waiting = self.session.next_due_learning() if self.session else None
        lines = [self.tr("Congratulations! You have finished for now.")]
        if cards:
            lines.append(
                self.tr("%1 cards in %2 minutes; again-rate %3%")
                .replace("%1", str(cards))
                .replace("%2", f"{minutes:.1f}")
                .replace("%3", f"{again * 100:.0f}")
            )
        if waiting is not None:
            local = waiting.astimezone(self.ctx.collection.tz).strftime("%H:%M")
            lines.append(self.tr("A learning card is due again at %1.").replace("%1", local))
        self.summary.setText("\n".join(lines))
        self.text.set_markdown(
            "",
            point_size=self.ctx.font_size,
            color=self.ctx.text_color,
            dark=self.ctx.theme == "dark",
        )
        self.header.setText("")
        self.counts.setText("")
        self.bottom.setCurrentIndex(2)

    # -- card actions --------------------------------------------------------------------------

    def undo(self) -> None:
        if self.session is None or not self.session.can_undo:
            return
        card = self.session.undo()
        if card is not None:
            self.ctx.bus.announce(self._changes(card.id))
            self.card, self.revealed = card, False
            self.timer.start()
            self._show(card.question)
            self.bottom.setCurrentIndex(0)

    def _changes(self, card_id: int):  # type: ignore[no-untyped-def]
        from studyapp.domain.changes import Changes

        return Changes(cards=frozenset({card_id}), review_log=True, study_queues=True)

    def _act(self, action: str, *args: object) -> None:
        if self.session is None or self.card is None:
            return
        try:
            changes = getattr(self.session, action)(*args)
        except StudyappError as err:
            show_error(self, err)
            return
        self.ctx.bus.announce(changes)

    def bury(self) -> None:
        self._act("bury_current")
        self._notify(self.tr("Buried until tomorrow."))
        self.next()

    def suspend(self) -> None:
        self._act("suspend_current")
        self._notify(self.tr("Suspended: find it in Browse (is:suspended) to bring it back."))
        self.next()

    def flag(self, flag: int) -> None:
        self._act("flag_current", flag)
        self._redisplay()

    def _redisplay(self) -> None:
        """The card on screen again (same side), after it changed (flag, edit)."""
        if self.session is None or self.card is None:
            return
        self.card = self.session.next_card()  # the same card, as it is now stored
        if self.card is not None:
            text = self.card.question
            if self.revealed:
                text += f"\n\n---\n\n{self.card.answer}"
            self._show(text)

    def edit(self) -> None:
        from studyapp.gui.dialogs.edit_card import EditCardDialog

        if self.card is None or self.session is None:
            return
        dialog = EditCardDialog(self.card.question, self.card.answer, self)
        if dialog.exec():
            self._act("edit_current", *dialog.values())
            self._redisplay()

    def card_info(self) -> None:
        from studyapp.gui.dialogs.card_info import CardInfoDialog

        if self.card is not None:
            CardInfoDialog(self.ctx, self.card.id, self).exec()

    def end(self) -> None:
        if self.bottom.currentIndex() == 2 or self.card is None:
            self.finished.emit()
            return
        self._finish()
