"""Find and replace in the current editor, with a regular-expression option.

Matching uses Python's ``re`` on the editor's text, so the syntax is the one
the rest of the project documents; match offsets go through the editor's
position conversion. "Replace all" is one undo step.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from kbeditor.gui.editor import MarkdownEditor
from kbeditor.gui.positions import utf16_map

MAX_HIGHLIGHTS = 2000


class FindBar(QWidget):
    """A bar under the editors. Signals: ``closed()``."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.editor: MarkdownEditor | None = None
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText("Find")
        self.find_edit.setObjectName("findText")
        self.replace_edit = QLineEdit(self)
        self.replace_edit.setPlaceholderText("Replace with")
        self.replace_edit.setObjectName("replaceText")
        self.regex = QCheckBox("Regex", self)
        self.case = QCheckBox("Match case", self)
        self.status = QLabel(self)
        self.status.setMinimumWidth(110)
        buttons = {
            "Previous": self.find_previous,
            "Next": self.find_next,
            "Replace": self.replace_one,
            "Replace all": self.replace_all,
        }
        self.buttons = {}
        for label, slot in buttons.items():
            button = QPushButton(label, self)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self.buttons[label] = button
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close (Esc)")
        close.clicked.connect(self.close_bar)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.addWidget(self.find_edit, 0, 0)
        grid.addWidget(self.buttons["Previous"], 0, 1)
        grid.addWidget(self.buttons["Next"], 0, 2)
        grid.addWidget(self.regex, 0, 3)
        grid.addWidget(self.case, 0, 4)
        grid.addWidget(self.status, 0, 5)
        grid.addWidget(close, 0, 6)
        grid.addWidget(self.replace_edit, 1, 0)
        grid.addWidget(self.buttons["Replace"], 1, 1)
        grid.addWidget(self.buttons["Replace all"], 1, 2)
        grid.setColumnStretch(0, 1)
        self.find_edit.textChanged.connect(self.update_matches)
        self.regex.toggled.connect(self.update_matches)
        self.case.toggled.connect(self.update_matches)
        self.find_edit.returnPressed.connect(self.find_next)
        self.replace_edit.returnPressed.connect(self.replace_one)
        self.hide()

    def open(self, editor: MarkdownEditor | None, *, replace: bool) -> None:
        self.set_editor(editor)
        self.replace_edit.setVisible(replace)
        self.buttons["Replace"].setVisible(replace)
        self.buttons["Replace all"].setVisible(replace)
        if editor is not None and editor.textCursor().hasSelection():
            chosen = editor.textCursor().selectedText()
            if "\u2029" not in chosen:
                self.find_edit.setText(chosen)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()
        self.update_matches()

    def set_editor(self, editor: MarkdownEditor | None) -> None:
        if self.editor is not None and self.editor is not editor:
            self.editor.set_highlights("find", [])
        self.editor = editor
        if self.isVisible():
            self.update_matches()

    def close_bar(self) -> None:
        if self.editor is not None:
            self.editor.set_highlights("find", [])
            self.editor.setFocus()
        self.hide()
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    # -- matching ---------------------------------------------------------------------
    def pattern(self) -> re.Pattern[str] | None:
        needle = self.find_edit.text()
        if not needle:
            return None
        flags = 0 if self.case.isChecked() else re.IGNORECASE
        try:
            return re.compile(needle if self.regex.isChecked() else re.escape(needle), flags)
        except re.error as exc:
            self.status.setText(f"Bad pattern: {exc.msg}")
            return None

    def matches(self) -> list[tuple[int, int]]:
        """Python ranges of every non-empty match in the current text."""
        pattern = self.pattern()
        if pattern is None or self.editor is None:
            return []
        return [m.span() for m in pattern.finditer(self.editor.text()) if m.end() > m.start()]

    def update_matches(self) -> None:
        if self.editor is None:
            return
        found = self.matches()
        self.editor.set_highlights("find", [(a, b, "") for a, b in found[:MAX_HIGHLIGHTS]])
        if self.find_edit.text() and self.pattern() is not None:
            self.status.setText("No matches" if not found else f"{len(found)} matches")
        elif not self.find_edit.text():
            self.status.setText("")

    def find_next(self) -> bool:
        return self._step(forward=True)

    def find_previous(self) -> bool:
        return self._step(forward=False)

    def _step(self, *, forward: bool) -> bool:
        if self.editor is None:
            return False
        found = self.matches()
        if not found:
            self.update_matches()
            return False
        positions = utf16_map(self.editor.text())
        cursor = self.editor.textCursor()
        here = positions.to_py(cursor.selectionEnd() if forward else cursor.selectionStart())
        if forward:
            target = next((m for m in found if m[0] >= here), found[0])
        else:
            target = next((m for m in reversed(found) if m[1] <= here), found[-1])
        self.editor.select_range(*target)
        self.status.setText(f"{found.index(target) + 1} of {len(found)}")
        return True

    def replace_one(self) -> None:
        """Replace the selected match (if the selection is one) and move to the next."""
        if self.editor is None:
            return
        pattern = self.pattern()
        if pattern is None:
            return
        text = self.editor.text()
        positions = utf16_map(text)
        cursor = self.editor.textCursor()
        start, end = (
            positions.to_py(cursor.selectionStart()),
            positions.to_py(cursor.selectionEnd()),
        )
        m = pattern.fullmatch(text, start, end) if end > start else None
        if m is not None:
            replacement = (
                m.expand(self.replace_edit.text())
                if self.regex.isChecked()
                else self.replace_edit.text()
            )
            self.editor.replace_range(start, end, replacement)
        self.find_next()
        self.update_matches()

    def replace_all(self) -> int:
        """Replace every match as one undo step; returns how many were replaced."""
        if self.editor is None:
            return 0
        pattern = self.pattern()
        if pattern is None:
            return 0
        text = self.editor.text()
        found = [m for m in pattern.finditer(text) if m.end() > m.start()]
        if not found:
            return 0
        cursor = self.editor.textCursor()
        cursor.beginEditBlock()
        for m in reversed(found):
            replacement = (
                m.expand(self.replace_edit.text())
                if self.regex.isChecked()
                else self.replace_edit.text()
            )
            cursor.setPosition(self.editor.cursor_for(m.start(), m.start(), text).position())
            end = self.editor.cursor_for(m.end(), m.end(), text).position()
            cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
            cursor.insertText(replacement)
        cursor.endEditBlock()
        self.status.setText(f"Replaced {len(found)}")
        self.update_matches()
        return len(found)
