"""The Markdown editor widget: highlighting, lint underlines, hover help, quick fixes.

Ranges handed in (diagnostics, highlights, selections) are Python offsets into
the text the editor held when they were computed; they are turned into
``QTextCursor`` objects at once, so Qt moves them along with later edits and
a hover or a fix always lands on the words that were flagged.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontDatabase,
    QHelpEvent,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from kbeditor.gui import theme
from kbeditor.gui.highlighter import MarkdownHighlighter
from kbeditor.gui.positions import Utf16Map, utf16_map
from kbeditor.gui.spelling_menu import is_spelling, spelling_actions, spelling_colour
from kbeditor.lint.edits import accept_candidate, fix_title

DEFAULT_POINT_SIZE = 11
LONG_SPAN = 60  # characters; longer findings are underlined with dots, not waves
SEVERITY_ORDER = {"error": 0, "warning": 1, "suggestion": 2}
_HIGHLIGHT_COLOURS = {
    "search": "highlight",
    "find": "find",
    "open": "highlight",
    "hard-sentences": "hard",
    "very-hard-sentences": "very_hard",
}


@dataclass(eq=False, slots=True)
class Mark:
    """A range in the editor that follows edits: a diagnostic or a named highlight."""

    cursor: QTextCursor
    data: Any
    tooltip: str = ""

    @property
    def start(self) -> int:
        return self.cursor.selectionStart()

    @property
    def end(self) -> int:
        return self.cursor.selectionEnd()

    def contains(self, position: int) -> bool:
        return self.start <= position <= self.end and self.end > self.start


def editor_text(editor: QPlainTextEdit) -> str:
    """The document text with ``\\n`` line ends and non-breaking spaces kept.

    ``toPlainText`` turns non-breaking spaces into spaces, which would shift
    nothing but would silently change the file on save; the raw text keeps
    them, and its paragraph separators map one-to-one to ``\\n``.
    """
    return editor.document().toRawText().replace("\u2029", "\n").replace("\u2028", "\n")


class MarkdownEditor(QPlainTextEdit):
    """A plain-text editor for one article.

    Signals:
        fix_requested(object): a diagnostic :class:`Mark` whose fix the writer chose.
        ignore_requested(object): a diagnostic to silence with an in-document control.
        accept_requested(object): a diagnostic whose matched term should be accepted.
        zoom_changed(int): the new point size.
    """

    fix_requested = Signal(object)
    ignore_requested = Signal(object)
    accept_requested = Signal(object)
    zoom_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editor")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSize(DEFAULT_POINT_SIZE)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        self.setFont(font)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.document().setDocumentMargin(14)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.highlighter = MarkdownHighlighter(self.document())
        self.diagnostic_marks: list[Mark] = []
        self._highlights: dict[str, list[Mark]] = {}
        theme.THEME.changed.connect(self._theme_changed)

    # -- text and positions ----------------------------------------------------------
    def text(self) -> str:
        return editor_text(self)

    def cursor_for(self, start: int, end: int, text: str | None = None) -> QTextCursor:
        """A cursor selecting the Python range ``[start, end)`` of ``text`` (default: current)."""
        positions = utf16_map(self.text() if text is None else text)
        cursor = QTextCursor(self.document())
        limit = self.document().characterCount() - 1
        cursor.setPosition(min(positions.to_qt(start), limit))
        cursor.setPosition(min(positions.to_qt(end), limit), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def python_position(self, qt_position: int) -> int:
        return utf16_map(self.text()).to_py(qt_position)

    def select_range(self, start: int, end: int) -> None:
        """Select a Python range and scroll it into view."""
        cursor = self.cursor_for(start, end)
        self.setTextCursor(cursor)
        self.centerCursor()

    def goto_line(self, line: int, column: int = 1) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            block = self.document().lastBlock()
        cursor = QTextCursor(block)
        prefix = block.text()[: max(0, column - 1)]
        cursor.movePosition(
            QTextCursor.MoveOperation.Right,
            QTextCursor.MoveMode.MoveAnchor,
            Utf16Map(prefix).to_qt(len(prefix)),
        )
        self.setTextCursor(cursor)
        self.centerCursor()

    def line_column(self) -> tuple[int, int]:
        """1-based line and column (in characters) of the cursor."""
        cursor = self.textCursor()
        block = cursor.block()
        column = Utf16Map(block.text()).to_py(cursor.positionInBlock())
        return block.blockNumber() + 1, column + 1

    def first_visible_line(self) -> int:
        return self.firstVisibleBlock().blockNumber() + 1

    # -- diagnostics and highlights ---------------------------------------------------
    def set_diagnostics(self, diagnostics: Sequence[Any], text: str) -> None:
        """Underline ``diagnostics`` (computed on ``text``, which must be the current text)."""
        positions = utf16_map(text)
        doc = self.document()
        limit = doc.characterCount() - 1
        marks = []
        for d in diagnostics:
            start = min(positions.to_qt(d.start), limit)
            end = min(positions.to_qt(max(d.end, d.start)), limit)
            cursor = QTextCursor(doc)
            cursor.setPosition(start)
            block_end = cursor.block().position() + cursor.block().length() - 1
            if end <= start:  # a point: underline the word there
                cursor.movePosition(
                    QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor
                )
                if not cursor.hasSelection():
                    cursor.setPosition(block_end, QTextCursor.MoveMode.KeepAnchor)
            else:  # whole sections would be a sea of squiggles: underline the first line
                cursor.setPosition(
                    min(end, block_end) if block_end > start else end,
                    QTextCursor.MoveMode.KeepAnchor,
                )
            marks.append(Mark(cursor, d))  # the tooltip is built on hover
        marks.sort(key=lambda m: SEVERITY_ORDER.get(m.data.severity, 3), reverse=True)
        self.diagnostic_marks = marks
        self._refresh_selections()

    def set_highlights(
        self, kind: str, ranges: Iterable[tuple[int, int, str]], text: str | None = None
    ) -> None:
        """Named background highlights; an empty ``ranges`` clears ``kind``."""
        items = list(ranges)
        if not items:
            self._highlights.pop(kind, None)
        else:
            current = self.text() if text is None else text
            self._highlights[kind] = [
                Mark(self.cursor_for(a, b, current), kind, tip) for a, b, tip in items
            ]
        self._refresh_selections()

    def highlight_kinds(self) -> dict[str, list[tuple[int, int]]]:
        return {k: [(m.start, m.end) for m in v] for k, v in self._highlights.items()}

    def marks_at(self, qt_position: int) -> list[Mark]:
        """Diagnostics covering a Qt position, most severe first."""
        found = [m for m in self.diagnostic_marks if m.contains(qt_position)]
        return sorted(found, key=lambda m: SEVERITY_ORDER.get(m.data.severity, 3))

    @staticmethod
    def highlight_colour(kind: str) -> str:
        """The background colour of a highlight kind in the current theme."""
        return str(getattr(theme.current(), _HIGHLIGHT_COLOURS.get(kind, "highlight")))

    def _refresh_selections(self) -> None:
        selections = []
        for kind, marks in self._highlights.items():
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(self.highlight_colour(kind)))
            for m in marks:
                selections.append(_selection(m.cursor, fmt))
        formats: dict[tuple[str, bool, bool], QTextCharFormat] = {}
        for m in self.diagnostic_marks:
            # Findings about a whole sentence or paragraph get a quieter dotted line, so the
            # wavy lines still point at the exact words to change.
            key = (m.data.severity, m.end - m.start > LONG_SPAN, is_spelling(m.data))
            found = formats.get(key)
            if found is None:
                found = formats[key] = _underline(*key)
            selections.append(_selection(m.cursor, found))
        self.setExtraSelections(selections)

    def _theme_changed(self, _dark: bool) -> None:
        self.highlighter.refresh()
        self._refresh_selections()

    # -- editing --------------------------------------------------------------------
    def apply_fixes(self, marks: Sequence[Mark]) -> int:
        """Apply the fixes of ``marks`` as one undo step, last first; overlapping ones are skipped."""
        chosen = [m for m in marks if getattr(m.data, "fix", None) is not None and m.end >= m.start]
        chosen.sort(key=lambda m: m.start, reverse=True)
        cursor = QTextCursor(self.document())
        applied, floor = 0, None
        cursor.beginEditBlock()
        try:
            for m in chosen:
                if floor is not None and m.end > floor:
                    continue
                cursor.setPosition(m.start)
                cursor.setPosition(m.end, QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(m.data.fix.replacement)
                floor = m.start
                applied += 1
        finally:
            cursor.endEditBlock()
        if applied:
            self.diagnostic_marks = [m for m in self.diagnostic_marks if m not in chosen]
            self._refresh_selections()
        return applied

    def replace_range(self, start: int, end: int, replacement: str) -> None:
        """Replace a Python range of the current text as one undo step."""
        cursor = self.cursor_for(start, end)
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()

    def wrap_selection(self, before: str, after: str | None = None) -> None:
        """Surround the selection with Markdown markers (Ctrl+B, Ctrl+I, Ctrl+K)."""
        cursor = self.textCursor()
        chosen = cursor.selectedText()
        cursor.beginEditBlock()
        cursor.insertText(f"{before}{chosen}{before if after is None else after}")
        cursor.endEditBlock()
        if not chosen:
            cursor.movePosition(
                QTextCursor.MoveOperation.Left, n=len(before if after is None else after)
            )
            self.setTextCursor(cursor)

    # -- zoom -------------------------------------------------------------------------
    def set_point_size(self, size: int) -> None:
        size = max(6, min(40, size))
        font = self.font()
        if font.pointSize() != size:
            font.setPointSize(size)
            self.setFont(font)
            self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
            self.zoom_changed.emit(size)

    def zoom(self, steps: int) -> None:
        self.set_point_size(self.font().pointSize() + steps)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    # -- hover and menus --------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_at(self, viewport_pos: QPoint) -> str:
        """The tooltip for a point in the viewport: diagnostics there, then highlights."""
        position = self.cursorForPosition(viewport_pos).position()
        tips = [_diagnostic_tooltip(m.data) for m in self.marks_at(position)]
        for marks in self._highlights.values():
            tips.extend(m.tooltip for m in marks if m.tooltip and m.contains(position))
        return "<hr>".join(tips)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.build_menu(self.cursorForPosition(event.pos()).position(), event.pos())
        menu.popup(event.globalPos())

    def show_quick_fix_menu(self) -> QMenu:
        """The menu for the diagnostic at the cursor, from the keyboard (Ctrl+.)."""
        rect = self.cursorRect()
        menu = self.build_menu(self.textCursor().position(), rect.bottomLeft(), standard=False)
        if not menu.actions():
            menu.addAction("No problem here").setEnabled(False)
        menu.popup(self.viewport().mapToGlobal(rect.bottomLeft()))
        return menu

    def build_menu(self, position: int, pos: QPoint, *, standard: bool = True) -> QMenu:
        menu = self.createStandardContextMenu(pos) if standard else QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        actions = self.diagnostic_actions(position)
        if actions:
            first = menu.actions()[0] if menu.actions() else None
            for action in actions:
                action.setParent(menu)
                if first is None:
                    menu.addAction(action)
                else:
                    menu.insertAction(first, action)
            if first is not None:
                menu.insertSeparator(first)
        return menu

    def diagnostic_actions(self, position: int) -> list[QAction]:
        """Quick-fix, ignore and accept actions for the diagnostics at a Qt position."""
        out: list[QAction] = []
        spelling: list[QAction] = []  # suggestions come first, whatever the severity
        for mark in self.marks_at(position)[:3]:
            d = mark.data
            if is_spelling(d):
                spelling.extend(spelling_actions(self, mark))
                continue
            if d.fix is not None:
                action = QAction(fix_title(d), self)
                action.triggered.connect(lambda _=False, m=mark: self.fix_requested.emit(m))
                out.append(action)
            ignore = QAction(f"Ignore {d.rule} here", self)
            ignore.setToolTip("Adds a vale off/on comment around this paragraph")
            ignore.triggered.connect(lambda _=False, m=mark: self.ignore_requested.emit(m))
            out.append(ignore)
            term = accept_candidate(d)
            if term:
                accept = QAction(f"Add '{term}' to accepted words", self)
                accept.triggered.connect(lambda _=False, m=mark: self.accept_requested.emit(m))
                out.append(accept)
        return spelling + out


def _diagnostic_tooltip(d: Any) -> str:
    parts = [f"<b>{html.escape(d.message)}</b>"]
    if getattr(d, "description", ""):
        parts.append(html.escape(d.description))
    fix = getattr(d, "fix", None)
    if fix is not None:
        parts.append(f"Fix: {html.escape(fix_title(d))}")
    parts.append(f"<i>{html.escape(d.rule)} · {html.escape(d.severity)}</i>")
    return "<p style='white-space:pre-wrap'>" + "<br>".join(parts) + "</p>"


def _underline(severity: str, long_span: bool, spelling: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    style = QTextCharFormat.UnderlineStyle
    fmt.setUnderlineStyle(style.DotLine if long_span else style.WaveUnderline)
    fmt.setUnderlineColor(spelling_colour() if spelling else theme.severity_colour(severity))
    return fmt


def _selection(cursor: QTextCursor, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
    sel = QTextEdit.ExtraSelection()
    sel.cursor = cursor
    sel.format = fmt
    return sel
