"""A read-only rich-text view of card Markdown, with formulas drawn as images."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from studyapp.gui.rich_text import render


class MarkdownView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self.setReadOnly(True)
        self._source = ""

    def set_markdown(self, text: str, *, point_size: int, color: str, dark: bool) -> None:
        self._source = text
        rendered = render(text, point_size=point_size, color=color, dark=dark)
        document = self.document()
        for key, png in rendered.images.items():
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(key),
                                 QImage.fromData(png))  # fmt: skip
        font = self.font()
        font.setPointSize(point_size)
        document.setDefaultFont(font)
        self.setHtml(rendered.html)

    @property
    def source_text(self) -> str:
        return self._source
