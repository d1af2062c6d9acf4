"""Card info, as Anki's: state, memory (stability, difficulty, retrievability), due date and
every review."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui.context import AppContext
from studyapp.gui.labels import flag_names, rating_name, state_name
from studyapp.scheduler.fsrs_scheduler import format_interval
from studyapp.services.card_ops import card_info


class CardInfoDialog(QDialog):
    def __init__(self, ctx: AppContext, card_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardInfoDialog")
        self.setWindowTitle(self.tr("Card info"))
        info = card_info(ctx.collection, card_id)
        tz = ctx.collection.tz
        layout = QVBoxLayout(self)
        form = QFormLayout()

        days = self.tr("days")

        def add(label: str, value: str) -> None:
            form.addRow(label, QLabel(value))

        add(self.tr("Question"), info.question.splitlines()[0][:120] if info.question else "")
        add(self.tr("Deck"), f"{info.deck} · L{info.lecture}")
        add(self.tr("State"), state_name(info.state, info.is_new))
        add(self.tr("Due"), info.due.astimezone(tz).strftime("%Y-%m-%d %H:%M"))
        add(
            self.tr("Stability"),
            f"{info.stability:.2f} {days}" if info.stability else "—",
        )
        add(self.tr("Difficulty"), f"{info.difficulty:.2f} / 10" if info.difficulty else "—")
        add(
            self.tr("Retrievability"),
            f"{info.retrievability:.1%}" if info.retrievability is not None else "—",
        )
        add(self.tr("Reviews / lapses"), f"{info.reps} / {info.lapses}")
        add(self.tr("Added"), info.added.astimezone(tz).strftime("%Y-%m-%d"))
        add(self.tr("Flag, tags"), f"{flag_names()[info.flag]}; {', '.join(info.tags) or '—'}")
        if info.suspended:
            add(self.tr("Suspended"), self.tr("yes"))
        add(self.tr("Edits"), str(info.edits))
        layout.addLayout(form)
        table = QTableWidget(len(info.reviews), 5)
        table.setObjectName("reviewHistory")
        table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Rating"),
                self.tr("State"),
                self.tr("Interval"),
                self.tr("Time"),
            ]
        )
        for row, entry in enumerate(reversed(info.reviews)):
            cells = (
                entry.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                rating_name(entry.rating),
                state_name(entry.state_before),
                format_interval(entry.interval),
                f"{entry.duration_ms / 1000:.1f} s" if entry.duration_ms else "—",
            )
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(640, 520)
