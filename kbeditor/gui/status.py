"""The status bar's permanent fields: the workspace check's progress, position, words, reading grade, problem counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from kbeditor.readability_summary import FORMULA_NAMES, ReadabilitySummary, format_grade


class StatusFields:
    """Owns the labels; the window feeds it the current editor's state."""

    def __init__(self, bar: QStatusBar, parent: QWidget) -> None:
        self.check = QLabel(parent)  # "Checking 1,234 of 12,000…" while the workspace check runs
        self.check.setObjectName("statusCheck")
        self.check.setContentsMargins(8, 0, 8, 0)
        self.check.hide()
        bar.addPermanentWidget(self.check)
        self.position = QLabel(parent)
        self.words = QLabel(parent)
        self.grade = QLabel(parent)
        self.counts = QLabel(parent)
        for name, label in (
            ("statusPosition", self.position),
            ("statusWords", self.words),
            ("statusGrade", self.grade),
            ("statusCounts", self.counts),
        ):
            label.setObjectName(name)
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def show_check(self, checked: int, total: int) -> None:
        """The workspace check's progress; gone once every article is checked."""
        if checked >= total:
            self.check_finished()
            return
        self.check.setText(f"Checking {checked:,} of {total:,}…")
        self.check.show()

    def check_finished(self) -> None:
        self.check.hide()
        self.check.setText("")

    def show_position(self, line: int, column: int) -> None:
        self.position.setText(f"Ln {line}, Col {column}")

    def show_analysis(
        self, words: int, reading: ReadabilitySummary | None, diagnostics: Sequence[Any]
    ) -> None:
        """Show figures computed on the analysis thread (nothing is recomputed here)."""
        self.words.setText(f"{words:,} words")
        self.show_grade(reading)
        errors = sum(1 for d in diagnostics if d.severity == "error")
        warnings = sum(1 for d in diagnostics if d.severity == "warning")
        suggestions = sum(1 for d in diagnostics if d.severity == "suggestion")
        self.counts.setText(f"{errors} errors  {warnings} warnings  {suggestions} suggestions")

    def show_grade(self, reading: ReadabilitySummary | None) -> None:
        """The grade the readability panel and KB.ArticleGrade show; ▲ exactly when the rule alerts."""
        if reading is None or reading.grade is None:
            self.grade.setText("Grade –")
            self.grade.setToolTip("No prose to grade yet" if reading else "No reading grade")
            return
        flag = " ▲" if reading.above_target else ""
        self.grade.setText(f"Grade {format_grade(reading.grade)}{flag}")
        name = FORMULA_NAMES.get(reading.formula, reading.formula)
        self.grade.setToolTip(
            f"{name} reading grade {format_grade(reading.grade)}. {reading.verdict}"
        )

    def clear(self) -> None:
        for label in (self.position, self.words, self.grade, self.counts):
            label.setText("")
