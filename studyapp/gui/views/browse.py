"""Browse: every card in a lazy, sortable table, the search language shared with
`studyapp cards --search`, and what a learner does to cards (edit, suspend, flag, forget, set
due date, card info)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studyapp.domain.changes import Changes
from studyapp.domain.errors import StudyappError
from studyapp.gui.context import AppContext
from studyapp.gui.dialogs.errors import show_error
from studyapp.gui.labels import flag_names
from studyapp.gui.widgets.markdown_view import MarkdownView
from studyapp.services import card_ops
from studyapp.services.cards import CardInfo, rows_for, search_ids

PAGE = 200
# The columns by name, for the preferences (BrowseView.columns gives their headers).
COLUMN_IDS = (
    "question", "deck", "lecture", "kind", "due", "interval", "stability", "difficulty",
    "retrievability", "lapses", "reviews",
)  # fmt: skip
# One deck is the usual case, and difficulty, lapses and review counts are for a closer look:
# the question keeps room to be read. The header's right-click menu shows them.
DEFAULT_HIDDEN = frozenset({"deck", "difficulty", "lapses", "reviews"})
HIDDEN_PREF = "browse/hidden_columns"
# The widest value a column shows, so a column sized on a collection of new cards still fits
# the due dates and intervals that reviews bring.
WIDEST = {"due": "2026-12-31", "interval": "3650d", "stability": "999.9", "retrievability": "100%"}
AnyIndex = QModelIndex | QPersistentModelIndex


class CardTableModel(QAbstractTableModel):
    """Ids of every match at once (cheap), card rows fetched a page at a time as shown."""

    def __init__(
        self, ctx: AppContext, columns: list[tuple[str, str | None]], kinds: dict[str, str]
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.columns, self.kinds = columns, kinds
        self.ids: list[int] = []
        self.cache: dict[int, CardInfo] = {}
        self.shown = 0
        self.query, self.sort_key, self.descending = "", "order", False

    def search(self, query: str) -> None:
        ids = search_ids(self.ctx.collection, query, self.sort_key, self.descending)
        self.beginResetModel()
        self.query, self.ids, self.cache = query, ids, {}
        self.shown = min(PAGE, len(ids))
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.shown

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.columns)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and self.shown < len(self.ids)

    def fetchMore(self, parent: AnyIndex) -> None:
        more = min(PAGE, len(self.ids) - self.shown)
        self.beginInsertRows(QModelIndex(), self.shown, self.shown + more - 1)
        self.shown += more
        self.endInsertRows()

    def card(self, row: int) -> CardInfo | None:
        card_id = self.ids[row]
        if card_id not in self.cache:
            start = row - row % PAGE
            for info in rows_for(self.ctx.collection, self.ids[start : start + PAGE]):
                self.cache[info.id] = info
        return self.cache.get(card_id)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info = self.card(index.row())
        if info is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(info, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and (info.suspended or info.buried):
            return Qt.GlobalColor.gray
        return None

    def _text(self, c: CardInfo, column: int) -> str:
        first = c.question.splitlines()[0] if c.question else ""
        due = "" if c.is_new else c.due.astimezone(self.ctx.collection.tz).strftime("%Y-%m-%d")
        values = [
            first[:120],
            c.deck,
            str(c.lecture),
            self.kinds[c.kind.value],
            due,
            f"{c.interval_days:.0f}d" if c.interval_days else "",
            f"{c.stability:.1f}" if c.stability else "",
            f"{c.difficulty:.1f}" if c.difficulty else "",
            f"{c.retrievability:.0%}" if c.retrievability is not None else "",
            str(c.lapses),
            str(c.reviews),
        ]
        return values[column]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column][1] if 0 <= column < len(self.columns) else "order"
        if key is None:
            return
        self.sort_key, self.descending = key, order == Qt.SortOrder.DescendingOrder
        self.search(self.query)

    def invalidate(self, card_ids: frozenset[int] | None) -> None:
        if card_ids is None:
            self.cache.clear()
        else:
            for card_id in card_ids:
                self.cache.pop(card_id, None)
        if self.shown:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.shown - 1, len(self.columns) - 1)
            )


class BrowseView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("browseView")
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(
            self.tr(
                "Search: softmax  deck:CS231n  lecture:5  kind:qa  "
                'is:due  prop:s>10  -is:suspended  "a phrase"'
            )
        )
        self.search.returnPressed.connect(self.run_search)
        bar.addWidget(self.search, 1)
        self.count = QLabel()
        self.count.setObjectName("matchCount")
        bar.addWidget(self.count)
        layout.addLayout(bar)
        self.error = QLabel()
        self.error.setObjectName("searchError")
        self.error.hide()
        layout.addWidget(self.error)
        self.model = CardTableModel(
            ctx, self.columns(), {"qa": self.tr("Q&A"), "learned": self.tr("learned")}
        )
        self.table = QTableView()
        self.table.setObjectName("cardTable")
        self.table.setModel(self.model)
        # No column sorted at first: the cards stay in the notes' order, as they were written.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
        self.table.verticalHeader().setVisible(False)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(self.edit)
        self.preview = MarkdownView()
        self.preview.setObjectName("cardPreview")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.preview, 1)
        actions = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("edit", self.tr("Edit"), self.edit),
            ("suspend", self.tr("Suspend"), self.toggle_suspend),
            ("flag", self.tr("Flag"), self.flag_menu),
            ("forget", self.tr("Forget"), self.forget),
            ("due", self.tr("Set due date…"), self.set_due),
            ("info", self.tr("Info"), self.info),
        ):
            button = QPushButton(text)
            button.setObjectName(f"browse_{name}")
            button.clicked.connect(slot)
            actions.addWidget(button)
            self.buttons[name] = button
        actions.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setSizes([800, 400])
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)  # below both panes, so the preview can be narrow
        shortcut = QShortcut(QKeySequence("Ctrl+F"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.search.setFocus)
        ctx.bus.changed.connect(self._on_changed)
        self.run_search()
        hidden = self.hidden_columns()
        for column in range(1, len(COLUMN_IDS)):
            self.table.setColumnHidden(column, COLUMN_IDS[column] in hidden)
            if COLUMN_IDS[column] not in hidden:
                self._fit_column(column)  # a hidden one is fitted when it is shown

    def columns(self) -> list[tuple[str, str | None]]:
        """(header, sort key) per column, in COLUMN_IDS' order; None: not sortable."""
        return [
            (self.tr("Question"), "question"),
            (self.tr("Deck"), "deck"),
            (self.tr("Lecture"), "lecture"),
            (self.tr("Kind"), None),
            (self.tr("Due"), "due"),
            (self.tr("Interval"), "interval"),
            (self.tr("Stability"), "stability"),
            (self.tr("Difficulty"), "difficulty"),
            (self.tr("Retrievability"), "retrievability"),
            (self.tr("Lapses"), "lapses"),
            (self.tr("Reviews"), "reps"),
        ]

    def hidden_columns(self) -> set[str]:
        saved = self.ctx.prefs.value(HIDDEN_PREF)
        if saved is None:
            return set(DEFAULT_HIDDEN)
        return {c for c in str(saved).split(",") if c in COLUMN_IDS}

    def column_menu(self) -> QMenu:
        """Right-click on the header, as in Anki: every column but the question, ticked when
        shown; the choice is kept in the preferences."""
        menu = QMenu(self)
        hidden = self.hidden_columns()
        for column, (header, _) in enumerate(self.columns()):
            if column == 0:
                continue
            action = menu.addAction(header)
            action.setCheckable(True)
            action.setChecked(COLUMN_IDS[column] not in hidden)
            action.toggled.connect(lambda shown, c=column: self.set_column_shown(c, shown))
        return menu

    def set_column_shown(self, column: int, shown: bool) -> None:
        hidden = self.hidden_columns() - {COLUMN_IDS[column]}
        if not shown:
            hidden.add(COLUMN_IDS[column])
        self.ctx.prefs.setValue(HIDDEN_PREF, ",".join(c for c in COLUMN_IDS if c in hidden))
        self.table.setColumnHidden(column, not shown)
        if shown:
            self._fit_column(column)

    def _fit_column(self, column: int) -> None:
        self.table.resizeColumnToContents(column)  # header and the rows on screen: cheap
        widest = WIDEST.get(COLUMN_IDS[column])
        if widest:
            needed = self.table.fontMetrics().horizontalAdvance(widest) + 16
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), needed))

    def _show_column_menu(self, point: QPoint) -> None:
        self.column_menu().exec(self.table.horizontalHeader().mapToGlobal(point))

    def on_shown(self) -> None:
        self.search.setFocus()

    def set_query(self, query: str) -> None:
        self.search.setText(query)
        self.run_search()

    def run_search(self) -> None:
        try:
            self.model.search(self.search.text())
        except StudyappError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        self.error.hide()
        self.count.setText(self.tr("%n card(s)", "", len(self.model.ids)))
        self._update_side()

    # -- selection -----------------------------------------------------------------------------

    def selected(self) -> list[CardInfo]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [c for r in rows if (c := self.model.card(r)) is not None]

    def _on_table_selection_changed(self, *_args: object) -> None:
        self._update_side()

    def _update_side(self) -> None:
        cards = self.selected()
        for button in self.buttons.values():
            button.setEnabled(bool(cards) and self.ctx.readonly_reason is None)
        self.buttons["info"].setEnabled(len(cards) == 1)
        self.buttons["edit"].setEnabled(len(cards) == 1 and self.ctx.readonly_reason is None)
        if len(cards) == 1:
            c = cards[0]
            self.buttons["suspend"].setText(
                self.tr("Unsuspend") if c.suspended else self.tr("Suspend")
            )
            self.preview.set_markdown(
                f"{c.question}\n\n---\n\n{c.answer}",
                point_size=self.ctx.font_size,
                color=self.ctx.text_color,
                dark=self.ctx.theme == "dark",
            )
        else:
            self.preview.set_markdown(
                "",
                point_size=self.ctx.font_size,
                color=self.ctx.text_color,
                dark=self.ctx.theme == "dark",
            )

    # -- actions -------------------------------------------------------------------------------

    def _apply(self, operation: Any, *args: Any) -> None:
        try:
            changes = operation(self.ctx.collection, *args)
        except StudyappError as err:
            show_error(self, err)
            return
        self.ctx.bus.announce(changes)

    def edit(self) -> None:
        from studyapp.gui.dialogs.edit_card import EditCardDialog

        cards = self.selected()
        if len(cards) != 1 or self.ctx.readonly_reason:
            return
        dialog = EditCardDialog(cards[0].question, cards[0].answer, self)
        if dialog.exec():
            self._apply(card_ops.edit_card, cards[0].id, *dialog.values())

    def toggle_suspend(self) -> None:
        cards = self.selected()
        if cards:
            suspend = not all(c.suspended for c in cards)
            self._apply(card_ops.set_suspended, [c.id for c in cards], suspend)

    def flag_menu(self) -> None:
        menu = QMenu(self)
        for flag, name in enumerate(flag_names()):
            action = menu.addAction(name)
            action.triggered.connect(
                lambda _=False, f=flag: self._apply(
                    card_ops.set_flag, [c.id for c in self.selected()], f
                )
            )
        menu.exec(self.buttons["flag"].mapToGlobal(self.buttons["flag"].rect().bottomLeft()))

    def forget(self) -> None:
        cards = self.selected()
        if not cards:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Forget cards"),
            self.tr("Make %n card(s) new again? Their review history is kept.", "", len(cards)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._apply(card_ops.forget, [c.id for c in cards])

    def set_due(self) -> None:
        cards = self.selected()
        if not cards:
            return
        days, ok = QInputDialog.getInt(
            self, self.tr("Set due date"), self.tr("Due in how many days (0 = today)?"), 0, 0, 36500
        )
        if ok:
            self._apply(card_ops.set_due_date, [c.id for c in cards], days)

    def info(self) -> None:
        from studyapp.gui.dialogs.card_info import CardInfoDialog

        cards = self.selected()
        if len(cards) == 1:
            CardInfoDialog(self.ctx, cards[0].id, self).exec()

    def _on_changed(self, changes: Changes) -> None:
        if changes.all_cards or changes.decks:
            self.run_search()
        elif changes.cards:
            self.model.invalidate(changes.cards)
            self._update_side()
