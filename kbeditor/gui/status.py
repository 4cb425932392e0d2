"""The status bar's permanent fields: position, words, reading grade, problem counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

# Reading grade a writer should aim for, by front-matter audience (KB-STYLE.md section 5).
GRADE_TARGETS = {"end-user": 8.0, "it-staff": 11.0, "developer": 12.0}


class StatusFields:
    """Owns the labels; the window feeds it the current editor's state."""

    def __init__(self, bar: QStatusBar, parent: QWidget) -> None:
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

    def show_position(self, line: int, column: int) -> None:
        self.position.setText(f"Ln {line}, Col {column}")

    def show_analysis(
        self, words: int, grade: float | None, audience: str, diagnostics: Sequence[Any]
    ) -> None:
        self.words.setText(f"{words:,} words")
        target = GRADE_TARGETS.get(audience, 8.0)
        if grade is None:
            self.grade.setText("Grade –")
            self.grade.setToolTip("Too little text for a reading grade")
        else:
            flag = " ▲" if grade > target else ""
            self.grade.setText(f"Grade {grade:.1f}{flag}")
            self.grade.setToolTip(
                f"Flesch-Kincaid reading grade {grade:.1f}; aim for {target:.0f} or lower for {audience} readers"
            )
        errors = sum(1 for d in diagnostics if d.severity == "error")
        warnings = sum(1 for d in diagnostics if d.severity == "warning")
        suggestions = sum(1 for d in diagnostics if d.severity == "suggestion")
        self.counts.setText(f"{errors} errors  {warnings} warnings  {suggestions} suggestions")

    def clear(self) -> None:
        for label in (self.position, self.words, self.grade, self.counts):
            label.setText("")
