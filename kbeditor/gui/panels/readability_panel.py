"""The readability panel: grade against the audience's target, ease, counts, hard sentences.

Figures come from :mod:`kbeditor.readability_summary`, computed once per
lint on the analysis thread right after the lint (whose grade it reuses) and
delivered with the lint results: the panel, the status bar and the
KB.ArticleGrade alert show one grade against one target, the target of the
rules in force for the article's audience. The panel computes nothing on the
UI thread. The toggle marks hard and very hard sentences in the editor as
Hemingway Editor does, each with its grade on hover; the list below repeats
them for keyboard users.
"""

from __future__ import annotations

import html
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

from kbeditor.gui import theme
from kbeditor.gui.panels.context import PanelContext, load_setting, save_setting
from kbeditor.readability_summary import (
    FORMULA_NAMES,
    ReadabilitySummary,
    format_grade,
    format_target,
)

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
        self._path: Path | None = None
        self.summary: ReadabilitySummary | None = None
        self._build()
        window = context.window
        window.analysis_shown.connect(self.show_analysis)
        window.current_article_changed.connect(self._article_changed)
        self.toggle.toggled.connect(self._toggled)
        self.hard_list.itemActivated.connect(self._jump)
        tab = window.current_tab()
        if tab is not None and tab.analysis is not None:
            self.show_analysis(tab.analysis)

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
        self.toggle = QCheckBox("Highlight hard &sentences", self)
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

    # -- showing ----------------------------------------------------------------------
    def show_analysis(self, analysis: Any) -> None:
        """Show the reading figures of the current article's latest analysis (None: no article)."""
        if analysis is None or analysis.reading is None:
            self._path = None if analysis is None else analysis.article.path
            self._clear("–" if analysis is None else "Not available: linting is off.")
            return
        self._path = analysis.article.path
        self._show(analysis.text, analysis.article, analysis.reading)

    def _article_changed(self, path: object) -> None:
        tab = self.context.window.current_tab()
        if tab is None or tab.analysis is None:
            self._path = Path(str(path)) if path is not None else None
            self._clear("–")

    def _clear(self, grade: str) -> None:
        self.summary = None
        self.grade.setText(grade)
        self.grade.setToolTip("")
        for label in (self.ease, self.words, self.sentences, self.time, self.hard):
            label.setText("–")
        self.hard_list.clear()
        self._apply_highlights()

    def _show(self, text: str, article: Any, summary: ReadabilitySummary) -> None:
        self.summary = summary
        self._show_grade(summary)
        self.ease.setText(f"{summary.reading_ease:.0f} ({ease_words(summary.reading_ease)})")
        self.words.setText(f"{summary.words:,}")
        self.sentences.setText(f"{summary.sentences:,}")
        self.time.setText(f"about {summary.reading_minutes} min" if summary.words else "–")
        self.hard.setText(_hard_counts(summary))
        self.hard_list.clear()
        for s in summary.hard:
            line, _ = article.line_col(s.start)
            preview = " ".join(text[s.start : s.end].split())
            if len(preview) > 90:
                preview = preview[:87] + "…"
            item = QListWidgetItem(
                f"Line {line}, grade {format_grade(s.grade)} ({s.level}): {preview}"
            )
            item.setData(Qt.ItemDataRole.UserRole, line)
            item.setData(Qt.ItemDataRole.ToolTipRole, s.tooltip)  # setToolTip leaks in PySide6 6.11
            self.hard_list.addItem(item)
        self._apply_highlights()
        self.updated.emit(summary)

    def _show_grade(self, summary: ReadabilitySummary) -> None:
        """The grade in the colour of its verdict, and the verdict in words."""
        if summary.grade is None:
            self.grade.setText("– (no prose to grade yet)")
            self.grade.setAccessibleDescription("No prose to grade yet")
            return
        colours = theme.current()
        if not summary.judged:
            colour = colours.muted
        else:
            colour = colours.error if summary.above_target else colours.ok
        shown = format_grade(summary.grade)
        self.grade.setText(
            f'<span style="color:{colour}"><b>{shown}</b></span> {html.escape(summary.verdict)}'
        )
        name = FORMULA_NAMES.get(summary.formula, summary.formula)
        rule = f" (rule {summary.target.rule})" if summary.target else ""
        self.grade.setToolTip(f"{name} grade of the article's prose sentences{rule}.")
        self.grade.setAccessibleDescription(f"Grade {shown}. {summary.verdict}")

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


def _hard_counts(summary: ReadabilitySummary) -> str:
    """``2 hard (grade 12+), 1 very hard (grade 16+)``: counts with the thresholds in force."""
    if not summary.bands:
        return "not checked: no sentence-readability rule is on"
    parts = []
    for band in summary.bands:
        count = summary.hard_count if band.level == "hard" else summary.very_hard_count
        parts.append(f"{count} {band.level} (grade {format_target(band.grade)}+)")
    return ", ".join(parts)
