"""Small helpers for the editor tests: waiting for lint, typing any text."""

from __future__ import annotations


def wait_linted(qtbot, window, tab=None, timeout: int = 10000) -> None:
    """Wait until the tab's latest text has been analysed."""
    tab = tab or window.current_tab()
    qtbot.waitUntil(
        lambda: tab.analysis is not None and tab.analysis.revision == tab.revision,
        timeout=timeout,
    )


def insert_text(editor, text: str) -> None:
    """Type text at the cursor the way an input method would (any characters, one undo step each)."""
    editor.textCursor().insertText(text)


def move_to_end_of(editor, needle: str) -> None:
    """Put the cursor right after the first occurrence of ``needle``."""
    index = editor.text().index(needle) + len(needle)
    editor.setTextCursor(editor.cursor_for(index, index))


def activate(window) -> None:
    """Make ``window`` the active window so shortcuts reach it (see conftest.activate)."""
    import warnings

    from PySide6.QtWidgets import QApplication

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)
