"""Quiz: pick lectures or a roadmap week and a number of questions; four options (the other
three are answers of cards of the same lecture and kind); keys 1-4; a score and a review of the
mistakes at the end; wrong answers optionally back to relearning."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain.errors import StudyappError
from studyapp.gui.context import AppContext
from studyapp.gui.dialogs.errors import show_error
from studyapp.gui.rich_text import render
from studyapp.gui.widgets.markdown_view import MarkdownView
from studyapp.services import quiz

RIGHT, WRONG = "#2e8b57", "#c0392b"


class OptionButton(QFrame):
    """One option: its answer as rich text, clickable, keyed 1-4."""

    clicked = Signal()

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"option{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QHBoxLayout(self)
        self.key = QLabel(f"<b>{number}</b>")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.key)
        layout.addWidget(self.text, 1)

    def set_markdown(self, markdown: str, size: int, color: str, dark: bool) -> None:
        self.text.setText(render(markdown, point_size=size, color=color, dark=dark).html)
        self.setStyleSheet("")

    def mark(self, color: str) -> None:
        self.setStyleSheet(f"OptionButton {{ border: 2px solid {color}; }}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)


class QuizView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("quizView")
        self.quiz: quiz.Quiz | None = None
        self.index = 0
        self.chosen: int | None = None
        self.timer = QElapsedTimer()
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.pages.addWidget(self._setup_page())
        self.pages.addWidget(self._question_page())
        self.pages.addWidget(self._results_page())
        for n in range(1, 5):
            shortcut = QShortcut(QKeySequence(str(n)), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=n: self.choose(n - 1))
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._on_enter)
        self.on_shown()

    # -- pages ---------------------------------------------------------------------------------

    def _setup_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.deck = QComboBox()
        self.deck.setObjectName("quizDeck")
        self.deck.currentIndexChanged.connect(self._on_deck_changed)
        form.addRow(self.tr("Deck"), self.deck)
        self.by_lecture = QRadioButton(self.tr("Lectures"))
        self.by_week = QRadioButton(self.tr("Roadmap week"))
        self.by_lecture.setChecked(True)
        group = QButtonGroup(page)
        group.addButton(self.by_lecture)
        group.addButton(self.by_week)
        row = QHBoxLayout()
        row.addWidget(self.by_lecture)
        row.addWidget(self.by_week)
        form.addRow(self.tr("Questions from"), row)
        self.lectures = QListWidget()
        self.lectures.setObjectName("quizLectures")
        form.addRow(self.tr("Lectures"), self.lectures)
        self.week = QComboBox()
        self.week.setObjectName("quizWeek")
        form.addRow(self.tr("Week"), self.week)
        self.count = QSpinBox()
        self.count.setObjectName("quizCount")
        self.count.setRange(1, 200)
        self.count.setValue(10)
        form.addRow(self.tr("Number of questions"), self.count)
        self.relearn = QCheckBox(self.tr("Send wrong answers back to relearning"))
        self.relearn.setObjectName("quizRelearn")
        form.addRow("", self.relearn)
        start = QPushButton(self.tr("Start quiz"))
        start.setObjectName("startQuiz")
        start.clicked.connect(self.start)
        form.addRow("", start)
        self.history = QLabel()
        self.history.setObjectName("quizHistory")
        self.history.setWordWrap(True)
        form.addRow(self.tr("Past quizzes"), self.history)
        return page

    def _question_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.position = QLabel()
        self.position.setObjectName("quizPosition")
        layout.addWidget(self.position)
        self.question = MarkdownView()
        self.question.setObjectName("quizQuestion")
        layout.addWidget(self.question, 1)
        self.options = [OptionButton(n) for n in range(1, 5)]
        for i, option in enumerate(self.options):
            option.clicked.connect(lambda i=i: self.choose(i))
            layout.addWidget(option)
        self.feedback = QLabel()
        self.feedback.setObjectName("quizFeedback")
        layout.addWidget(self.feedback)
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setObjectName("quizNext")
        self.next_button.clicked.connect(self.next_question)
        layout.addWidget(self.next_button)
        return page

    def _results_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.score = QLabel()
        self.score.setObjectName("quizScore")
        layout.addWidget(self.score)
        self.review = MarkdownView()
        self.review.setObjectName("quizMistakes")
        layout.addWidget(self.review, 1)
        back = QPushButton(self.tr("New quiz"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        layout.addWidget(back)
        return page

    # -- setup ---------------------------------------------------------------------------------

    def on_shown(self) -> None:
        if self.pages.currentIndex() != 0:
            return
        from studyapp.db.decks import deck_ids

        with self.ctx.collection.connection() as conn:
            names = list(deck_ids(conn).values())
        self.deck.blockSignals(True)
        self.deck.clear()
        self.deck.addItems(names)
        self.deck.blockSignals(False)
        self._on_deck_changed()
        tz = self.ctx.collection.tz
        lines = [
            f"{r.started_at.astimezone(tz):%Y-%m-%d %H:%M}: {r.correct}/{r.questions}"
            for r in quiz.history(self.ctx.collection)[:5]
        ]
        self.history.setText("\n".join(lines) or self.tr("none yet"))

    def _on_deck_changed(self, *_args: object) -> None:
        deck = self.deck.currentText()
        self.lectures.clear()
        self.week.clear()
        if not deck:
            return
        with self.ctx.collection.connection() as conn:
            lectures = conn.execute(
                "SELECT DISTINCT l.number, l.title FROM lectures l "
                "JOIN decks d ON d.id = l.deck_id JOIN cards c ON c.lecture_id = l.id "
                "WHERE d.name = ? ORDER BY l.number",
                (deck,),
            ).fetchall()
            weeks = conn.execute(
                "SELECT w.number FROM roadmap_weeks w JOIN decks d ON d.id = w.deck_id "
                "WHERE d.name = ? ORDER BY w.number",
                (deck,),
            ).fetchall()
        for number, title in lectures:
            item = QListWidgetItem(f"{number}. {title}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, number)
            self.lectures.addItem(item)
        for (number,) in weeks:
            self.week.addItem(self.tr("Week %1").replace("%1", str(number)), number)
        self.by_week.setEnabled(bool(weeks))

    def _scope(self) -> tuple[int, ...]:
        if self.by_week.isChecked():
            return quiz.week_lectures(
                self.ctx.collection, self.deck.currentText(), int(self.week.currentData())
            )
        checked = [self.lectures.item(i) for i in range(self.lectures.count())]
        return tuple(
            int(i.data(Qt.ItemDataRole.UserRole))
            for i in checked
            if i.checkState() == Qt.CheckState.Checked
        )

    def start(self) -> None:
        try:
            self.quiz = quiz.start_quiz(
                self.ctx.collection,
                self.deck.currentText() or None,
                self._scope(),
                self.count.value(),
            )
        except StudyappError as err:
            show_error(self, err)
            return
        self.index = 0
        self.pages.setCurrentIndex(1)
        self._show_question()

    # -- questions -----------------------------------------------------------------------------

    def _show_question(self) -> None:
        assert self.quiz is not None
        q = self.quiz.questions[self.index]
        size, color, dark = self.ctx.font_size, self.ctx.text_color, self.ctx.theme == "dark"
        self.position.setText(
            self.tr("Question %1 of %2 · lecture %3")
            .replace("%1", str(self.index + 1))
            .replace("%2", str(len(self.quiz.questions)))
            .replace("%3", str(q.lecture))
        )
        self.question.set_markdown(q.question, point_size=size + 2, color=color, dark=dark)
        for option, text in zip(self.options, q.options, strict=False):
            option.set_markdown(text, size, color, dark)
            option.show()
        for option in self.options[len(q.options) :]:
            option.hide()
        self.chosen = None
        self.feedback.setText(self.tr("Choose with 1-4."))
        self.next_button.setEnabled(False)
        self.timer.start()

    def choose(self, index: int) -> None:
        if self.quiz is None or self.pages.currentIndex() != 1 or self.chosen is not None:
            return
        q = self.quiz.questions[self.index]
        if index >= len(q.options):
            return
        self.chosen = index
        try:
            result = quiz.answer(
                self.ctx.collection,
                self.quiz,
                q,
                index,
                int(self.timer.elapsed()),
                relearn_wrong=self.relearn.isChecked(),
            )
        except StudyappError as err:
            show_error(self, err)
            return
        self.options[q.correct].mark(RIGHT)
        if not result.correct:
            self.options[index].mark(WRONG)
        text = (
            self.tr("Right!")
            if result.correct
            else self.tr("Not quite: the right answer is %1.").replace("%1", str(q.correct + 1))
        )
        if result.relearned:
            text += " " + self.tr("The card goes back to relearning.")
        self.feedback.setText(text)
        self.ctx.bus.announce(result.changes)
        self.next_button.setEnabled(True)
        self.next_button.setFocus()

    def _on_enter(self) -> None:
        if self.pages.currentIndex() == 1 and self.chosen is not None:
            self.next_question()

    def next_question(self) -> None:
        assert self.quiz is not None
        self.index += 1
        if self.index < len(self.quiz.questions):
            self._show_question()
            return
        record = quiz.finish(self.ctx.collection, self.quiz)
        self.score.setText(
            self.tr("Score: %1 of %2 (%3%)")
            .replace("%1", str(record.correct))
            .replace("%2", str(record.questions))
            .replace("%3", f"{record.score * 100:.0f}")
        )
        lines = []
        yours, right = self.tr("Your answer"), self.tr("Right answer")
        for q, chosen in quiz.mistakes(self.ctx.collection, self.quiz):
            lines += [
                f"**{q.question.strip()}**",
                "",
                f"- {yours}: {q.options[chosen]}",
                f"- {right}: {q.options[q.correct]}",
                "",
                "---",
                "",
            ]
        text = "\n".join(lines) or self.tr("No mistakes. Excellent!")
        self.review.set_markdown(
            text,
            point_size=self.ctx.font_size,
            color=self.ctx.text_color,
            dark=self.ctx.theme == "dark",
        )
        self.pages.setCurrentIndex(2)
