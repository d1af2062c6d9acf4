"""The Korean translation: complete for every string the GUI shows, its placeholders kept, the
shipped .qm compiled from the shipped .ts, and the app really speaking Korean with it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from studyapp import paths

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "assets" / "translations" / "studyapp_ko.ts"
QM = REPO / "assets" / "translations" / "studyapp_ko.qm"
BIN = Path(sys.executable).parent
MESSAGE = re.compile(r"<message(?P<attrs>[^>]*)>(?P<body>.*?)</message>", re.S)


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else str(shutil.which(name) or name)


def _messages(text: str) -> list[tuple[str, str, str]]:
    """(context, source, translation body) of every message."""
    out = []
    for context in re.finditer(r"<context>\s*<name>(.*?)</name>(.*?)</context>", text, re.S):
        for m in MESSAGE.finditer(context.group(2)):
            source = re.search(r"<source>(.*?)</source>", m["body"], re.S)
            translation = re.search(r"<translation([^>]*)>(.*?)</translation>", m["body"], re.S)
            assert source is not None and translation is not None
            attrs = translation.group(1)
            out.append((context.group(1), source.group(1), attrs + "|" + translation.group(2)))
    return out


def test_every_string_in_the_gui_is_in_the_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (REPO / "studyapp" / "gui").rglob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-no-obsolete"],
                   check=True, capture_output=True)  # fmt: skip
    shipped = {(c, s) for c, s, _ in _messages(TS.read_text(encoding="utf-8"))}
    current = _messages(fresh.read_text(encoding="utf-8"))
    missing = [(c, s) for c, s, _ in current if (c, s) not in shipped]
    assert not missing, f"run pyside6-lupdate (CONTRIBUTING.md) and translate: {missing[:5]}"
    assert "" not in {c for c, _, _ in current}, "a tr() outside a class has no context at run time"


def test_no_string_hides_from_lupdate_inside_an_f_string() -> None:
    """lupdate does not look inside f-strings: a tr() there is shown untranslated forever."""
    hidden = re.compile(r"\{(?:self\.tr|QCoreApplication\.translate)\(")
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in sorted((REPO / "studyapp" / "gui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hidden.search(line)
    ]
    assert not found, f"take the tr() out of the f-string: {found}"


def test_nothing_is_unfinished_and_placeholders_are_kept() -> None:
    for context, source, translation in _messages(TS.read_text(encoding="utf-8")):
        attrs, _, text = translation.partition("|")
        assert "unfinished" not in attrs and text.strip(), (context, source)
        for placeholder in ("%1", "%2", "%3", "%n"):
            assert source.count(placeholder) == text.count(placeholder), (context, source, text)


def test_the_shipped_qm_is_compiled_from_the_shipped_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "ko.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(compiled)],
                   check=True, capture_output=True)  # fmt: skip
    assert compiled.read_bytes() == QM.read_bytes(), "run pyside6-lrelease (CONTRIBUTING.md)"


def test_the_app_speaks_korean_with_it(qtbot: Any, ctx: Any) -> None:
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from studyapp.gui import i18n
    from studyapp.gui.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert paths.bundled("assets/translations/studyapp_ko.qm").is_file()
    i18n.install(app, "ko")
    try:
        ctx.language = "ko"
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert titles[:2] == ["홈", "복습"] and "설정" in titles
        window.show_view("review")
        assert window.review.show_answer.text() == "답 보기"
        window.close()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        button = close.button(QDialogButtonBox.StandardButton.Close)
        assert button is not None and button.text() == "닫기"  # Qt's own strings too
    finally:
        i18n.install(app, "en")
    assert MainWindow(ctx).tabs.tabText(1) == "Review"
