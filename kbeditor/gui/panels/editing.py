"""Changing the open article's text from a panel, as one undo step in the editor.

The metadata form rewrites front-matter lines. It must go through the
editor's document (never the file), so the writer can undo it and nothing
typed is lost; only the range that differs is replaced, so the cursor and
the rest of the undo history stay where they were.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QTextCursor

from kbeditor.gui.editor import editor_text
from kbeditor.gui.positions import utf16_map


def changed_range(old: str, new: str) -> tuple[int, int, str]:
    """(start, end in ``old``, replacement): the smallest single edit turning ``old`` into ``new``."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return start, end_old, new[start:end_new]


def editor_of(window: Any) -> Any:
    """The open article's text widget (a QPlainTextEdit), or None when the window has none."""
    getter = getattr(window, "current_editor", None)
    return getter() if callable(getter) else None


def replace_text(window: Any, new_text: str) -> bool:
    """Make the open article read ``new_text``, as one undoable edit; False if not possible.

    The old text is the editor's own (``editor_text``), not ``toPlainText()``,
    which turns non-breaking spaces into spaces: with that, the smallest edit
    would reach from the front matter to the last non-breaking space, moving
    the cursor and the underlines in between.
    """
    editor = editor_of(window)
    if editor is None:
        return False
    old = editor_text(editor)
    if old == new_text:
        return True
    start, end, replacement = changed_range(old, new_text)
    positions = utf16_map(old)
    cursor = QTextCursor(editor.document())
    cursor.beginEditBlock()
    cursor.setPosition(positions.to_qt(start))
    cursor.setPosition(positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(replacement)
    cursor.endEditBlock()
    return True
