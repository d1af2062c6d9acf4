"""A grading's report as the learner reads it: the verdict, each check with ✓/✗ (skipped ones
greyed) and its diagnosis, the sample models' block, the hints, and what the code printed;
and the hint button under the statement (HintBox).

Everything that comes from the learner's code or the grader is escaped: a diagnosis may quote
the learner's output, which must never be read as HTML."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QWidget

from studyapp.domain.grading import CheckResult, GradeReport, RunVerdict

RELATED_LINK = "studyapp:related-cards"
OUTPUT_SHOWN = 2000  # characters of the learner's output shown; the rest is counted
_COLORS = {
    "light": {
        "pass": "#1e7e34",
        "fail": "#c0392b",
        "dim": "#80868b",
        "code": "#f3f3f3",
        "text": "#202124",
    },
    "dark": {
        "pass": "#6fd39a",
        "fail": "#ff7b6b",
        "dim": "#9aa0a6",
        "code": "#25272a",
        "text": "#e8eaed",
    },
}


class GradeResults(QTextBrowser):
    related_requested = Signal()  # the learner followed the link to the related cards

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradeResults")
        self.setOpenLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.report: GradeReport | None = None

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.toString() == RELATED_LINK:
            self.related_requested.emit()

    def show_message(self, text: str) -> None:
        self.report = None
        self.setHtml(f"<p>{escape(text)}</p>")

    def show_report(
        self,
        report: GradeReport,
        *,
        hints: Sequence[str],
        related: str,
        dark: bool,
    ) -> None:
        """`hints` in the learner's language; `related` the link's text ("" for none)."""
        self.report = report
        colors = _COLORS["dark" if dark else "light"]
        parts = [self._verdict(report, colors)]
        plain = [c for c in report.checks if not c.name.startswith("model:")]
        models = [c for c in report.checks if c.name.startswith("model:")]
        parts.append(self._table(plain, colors))
        if models:
            heading = self.tr("In the sample models")
            parts.append(f"<h4>{escape(heading)}</h4>")
            parts.append(self._table(models, colors))
        if related and any(not c.passed and not c.skipped for c in report.checks):
            parts.append(f"<p><a href='{RELATED_LINK}'>{escape(related)}</a></p>")
        if hints and not report.passed and report.verdict is not RunVerdict.CANCELLED:
            items = "".join(f"<li>{escape(h)}</li>" for h in hints)
            heading = self.tr("Hints")
            parts.append(f"<h4>{escape(heading)}</h4><ul>{items}</ul>")
        parts.append(self._output(report, colors))
        self.setHtml("".join(parts))

    def _verdict(self, report: GradeReport, colors: dict[str, str]) -> str:
        failed = sum(1 for c in report.checks if not c.passed)
        texts = {
            RunVerdict.PASSED: self.tr("Passed: every check passed."),
            RunVerdict.FAILED: self.tr("Not yet: %1 of %2 checks failed.")
            .replace("%1", str(failed))
            .replace("%2", str(len(report.checks))),
            RunVerdict.NOT_LOADED: self.tr("Your file did not load, so no check ran."),
            RunVerdict.TIMEOUT: self.tr("Stopped: your code ran past the time limit."),
            RunVerdict.MEMORY: self.tr("Stopped: your code ran out of memory."),
            RunVerdict.CRASHED: self.tr("Stopped: your code crashed the sandbox."),
            RunVerdict.EXITED: self.tr("Stopped: your code ended the sandbox's process."),
            RunVerdict.CANCELLED: self.tr(
                "Cancelled: the grading was stopped and nothing was stored."
            ),
        }
        if report.passed:
            color = colors["pass"]
        else:
            color = colors["dim" if report.verdict is RunVerdict.CANCELLED else "fail"]
        seconds = self.tr("%1 s").replace("%1", f"{report.duration_s:.1f}")
        sandbox = f" · {escape(report.sandbox)}" if report.sandbox else ""
        return (
            f"<h3 id='verdict' style='color:{color}'>{escape(texts[report.verdict])}</h3>"
            f"<p style='color:{colors['dim']}'>{escape(seconds)}{sandbox}</p>"
        )

    def _table(self, checks: list[CheckResult], colors: dict[str, str]) -> str:
        rows = []
        for check in checks:
            if check.skipped:
                mark, color = "–", colors["dim"]
            else:
                mark, color = ("✓", colors["pass"]) if check.passed else ("✗", colors["fail"])
            name = self.label(check.name)
            text_color = colors["dim" if check.skipped else "text"]
            body = f"<b style='color:{text_color}'>{escape(name)}</b>"
            if check.message:
                body += f"<br><span style='color:{text_color}'>{escape(check.message)}</span>"
            body += self._details(check.details, colors)
            rows.append(
                f"<tr><td style='color:{color}; padding-right:8px'><b>{mark}</b></td>"
                f"<td>{body}</td></tr>"
            )
        return f"<table cellspacing='2'>{''.join(rows)}</table>"

    def _details(self, details: Sequence[str], colors: dict[str, str]) -> str:
        sides = [d for d in details if d.startswith(("reference:", "yours:"))]
        if len(sides) == 2:  # a character model's text: the two lines aligned, one above the other
            pre = escape("\n".join(sides))
            others = [d for d in details if d not in sides]
            lines = "".join(f"<br>{escape(d)}" for d in others)
            return (
                f"<span style='color:{colors['dim']}'>{lines}</span>"
                f"<pre style='background:{colors['code']}'>{pre}</pre>"
            )
        return "".join(
            f"<br><span style='color:{colors['dim']}'>{escape(d)}</span>" for d in details
        )

    def _output(self, report: GradeReport, colors: dict[str, str]) -> str:
        if not report.output and not report.output_dropped:
            return ""
        shown = report.output[:OUTPUT_SHOWN]
        dropped = report.output_dropped + len(report.output) - len(shown)
        heading = self.tr("What your code printed")
        text = f"<h4>{escape(heading)}</h4>"
        text += f"<pre style='background:{colors['code']}'>{escape(shown)}</pre>"
        if dropped:
            more = self.tr("… and %1 more characters, not shown.").replace("%1", f"{dropped:,}")
            text += f"<p style='color:{colors['dim']}'>{escape(more)}</p>"
        return text

    def label(self, name: str) -> str:
        """A check's name for the learner, a model-level one included."""
        return self.model_label(name) if str(name).startswith("model:") else self.check_label(name)

    def check_label(self, name: str) -> str:
        labels = {
            "loads": self.tr("the file loads"),
            "forward": self.tr("forward"),
            "backward": self.tr("backward"),
            "gradient check": self.tr("gradient check"),
            "edge cases": self.tr("edge cases"),
            "inputs unchanged": self.tr("inputs unchanged"),
            "same seed, same result": self.tr("same seed, same result"),
            "speed": self.tr("speed"),
            "no loops": self.tr("no loops"),
            "running statistics": self.tr("running statistics"),
            "sanity": self.tr("sanity"),
            "dropout properties": self.tr("dropout properties"),
        }
        return labels.get(str(name), str(name))

    def model_label(self, name: str) -> str:
        """`model:<model>:<check>` as "mlp2 · held-out data"."""
        _, model, kind = [*str(name).split(":"), "", ""][:3]
        kinds = {
            "heldout": self.tr("held-out data"),
            "generate": self.tr("generated text"),
            "overfit": self.tr("overfits 50 examples"),
            "initial_loss": self.tr("initial loss"),
        }
        return f"{model} · {kinds.get(kind, kind)}"


class HintBox(QWidget):
    """An exercise's hints, revealed one at a time on request, or all after a failed run;
    the revealed ones are shown under the statement (`markdown`), where they scroll with it."""

    changed = Signal(bool)  # True when the learner asked for the hint

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hints: tuple[str, ...] = ()
        self.shown = 0
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton()
        self.button.setObjectName("showHint")
        self.button.clicked.connect(lambda: self._reveal(self.shown + 1, asked=True))
        row.addStretch(1)
        row.addWidget(self.button)

    def set_hints(self, hints: tuple[str, ...]) -> None:
        self.hints = hints
        self._reveal(0)

    def reveal_all(self) -> None:
        if self.shown < len(self.hints):
            self._reveal(len(self.hints))

    def _reveal(self, count: int, *, asked: bool = False) -> None:
        self.shown = min(count, len(self.hints))
        self.button.setEnabled(self.shown < len(self.hints))
        self.button.setText(
            self.tr("Show a hint (%1 of %2)")
            .replace("%1", str(min(self.shown + 1, len(self.hints))))
            .replace("%2", str(len(self.hints)))
        )
        self.changed.emit(asked)

    def markdown(self) -> str:
        """The revealed hints as Markdown, their text escaped (a hint's `d1 * ... * dk` is no
        emphasis); "" when none is revealed."""
        if not self.shown:
            return ""
        lines: list[str] = []
        for number, hint in enumerate(self.hints[: self.shown], start=1):
            label = self.tr("Hint %1:").replace("%1", str(number))
            lines.append(f"**{_escape_markdown(label)}** {_escape_markdown(hint)}")
        return "\n\n".join(lines)


def _escape_markdown(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)
