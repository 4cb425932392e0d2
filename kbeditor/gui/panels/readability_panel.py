"""The readability panel: grade against the audience's target, ease, counts, hard sentences.

Figures come from :mod:`kbeditor.readability_summary`, computed on the
analysis lane after each pause in typing (the first syllable count loads a
dictionary, which must never freeze the editor). The toggle marks hard and
very hard sentences in the editor as Hemingway Editor does, each with its
grade on hover; the list below repeats them for keyboard users.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kbeditor.article import parse_article
from kbeditor.gui import theme
from kbeditor.gui.panels.context import PanelContext, describe_error, load_setting, save_setting
from kbeditor.readability_summary import ReadabilitySummary, summarise

# Editor highlight kind per sentence level: hard sentences yellow, very hard ones red (theme.py).
HIGHLIGHT_KINDS = {"hard": "hard-sentences", "very hard": "very-hard-sentences"}


def ease_words(score: float) -> str:
    """Flesch's own names for the bands of the reading-ease score."""
    bands = (
        (90, "very easy"),
        (80, "easy"),
        (70, "fairly easy"),
        (60, "plain English"),
        (50, "fairly hard"),
        (30, "hard"),
    )
    return next((name for floor, name in bands if score >= floor), "very hard")


class ReadabilityPanel(QWidget):
    """Reading figures for the open article and the hard-sentence toggle.

    Signals:
        updated(object): new figures are shown (the ReadabilitySummary).
    """

    updated = Signal(object)

    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readabilityPanel")
        self.context = context
        self._revision = 0
        self._path: Path | None = None
        self._text = ""
        self.summary: ReadabilitySummary | None = None
        self._build()
        window = context.window
        window.text_changed_debounced.connect(self.text_changed)
        window.current_article_changed.connect(
            lambda path: self.text_changed(path, window.current_text())
        )
        context.analysis_lane.done.connect(self._done)
        context.analysis_lane.failed.connect(self._failed)
        self.toggle.toggled.connect(self._toggled)
        self.hard_list.itemActivated.connect(self._jump)
        if window.current_path() is not None or window.current_text():
            self.text_changed(window.current_path(), window.current_text())

    def _build(self) -> None:
        self.grade = QLabel("–", self)
        self.ease = QLabel("–", self)
        self.words = QLabel("–", self)
        self.sentences = QLabel("–", self)
        self.time = QLabel("–", self)
        self.hard = QLabel("–", self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label in (
            ("Reading grade", self.grade),
            ("Reading ease", self.ease),
            ("Words", self.words),
            ("Sentences", self.sentences),
            ("Reading time", self.time),
            ("Hard sentences", self.hard),
        ):
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByKeyboard
                | Qt.TextInteractionFlag.TextSelectableByMouse
            )
            label.setAccessibleName(name)
            label.setWordWrap(True)
            form.addRow(f"{name}:", label)
        self.toggle = QCheckBox("&Highlight hard sentences", self)
        self.toggle.setToolTip(
            "Marks sentences that are hard (yellow) or very hard (red) to read in the editor; "
            "hover one to see its grade."
        )
        self.toggle.setChecked(load_setting("readability/highlight", False, bool))
        self.hard_list = QListWidget(self)
        self.hard_list.setAccessibleName("Hard sentences")
        self.hard_list.setToolTip("Enter or double-click jumps to the sentence.")
        self.hard_list.setWordWrap(True)
        self.hard_list.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addWidget(self.toggle)
        layout.addWidget(self.hard_list, 1)

    # -- computing -------------------------------------------------------------------
    def text_changed(self, path: object, text: str) -> None:
        """Recompute the figures for ``text`` in the background."""
        self._path = Path(str(path)) if path is not None else None
        self._text = text
        path_now = self._path

        def job() -> tuple[str, Any, ReadabilitySummary]:
            article = parse_article(text, path_now)
            return text, article, summarise(article)

        self._revision = self.context.analysis_lane.submit("readability", job)

    def _done(self, key: str, revision: int, result: object) -> None:
        if key != "readability" or revision != self._revision:
            return
        text, article, summary = result  # type: ignore[misc]
        self._show(text, article, summary)

    def _failed(self, key: str, revision: int, error: object) -> None:
        if key == "readability" and revision == self._revision:
            self.grade.setText(f"Could not compute: {describe_error(error)}")

    def _show(self, text: str, article: Any, summary: ReadabilitySummary) -> None:
        self.summary = summary
        over = not summary.on_target
        colour = theme.current().error if over else theme.current().ok
        verdict = "above" if over else "within"
        self.grade.setText(
            f'<span style="color:{colour}"><b>{summary.grade:.1f}</b></span> '
            f"({verdict} the target of {summary.target:.0f} for {summary.audience})"
        )
        self.grade.setAccessibleDescription(
            f"Grade {summary.grade:.1f}, {verdict} the target of {summary.target:.0f}"
        )
        self.ease.setText(f"{summary.reading_ease:.0f} ({ease_words(summary.reading_ease)})")
        self.words.setText(f"{summary.words:,}")
        self.sentences.setText(f"{summary.sentences:,}")
        self.time.setText(f"about {summary.reading_minutes} min" if summary.words else "–")
        self.hard.setText(f"{summary.hard_count} hard, {summary.very_hard_count} very hard")
        self.hard_list.clear()
        for s in summary.hard:
            line, _ = article.line_col(s.start)
            preview = " ".join(text[s.start : s.end].split())
            if len(preview) > 90:
                preview = preview[:87] + "…"
            item = QListWidgetItem(f"Line {line}, grade {s.grade:.0f} ({s.level}): {preview}")
            item.setData(Qt.ItemDataRole.UserRole, line)
            item.setData(Qt.ItemDataRole.ToolTipRole, s.tooltip)  # setToolTip leaks in PySide6 6.11
            self.hard_list.addItem(item)
        self._apply_highlights()
        self.updated.emit(summary)

    # -- highlighting ------------------------------------------------------------------
    def _toggled(self, on: bool) -> None:
        save_setting("readability/highlight", on)
        self._apply_highlights()

    def ranges(self, level: str | None = None) -> list[tuple[int, int, str]]:
        """The ranges handed to the editor: (start, end, tooltip) per hard sentence of ``level``."""
        if not self.toggle.isChecked() or self.summary is None:
            return []
        return [
            (s.start, s.end, s.tooltip)
            for s in self.summary.hard
            if level is None or s.level == level
        ]

    def _apply_highlights(self) -> None:
        for level, kind in HIGHLIGHT_KINDS.items():
            self.context.window.highlight_ranges(kind, self.ranges(level))

    def _jump(self, item: QListWidgetItem) -> None:
        if self._path is not None:
            self.context.window.open_article(self._path, line=item.data(Qt.ItemDataRole.UserRole))
