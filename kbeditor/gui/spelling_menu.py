"""Spelling in the editor: its own underline colour and its quick-fix menu.

A spelling mark's menu lists the suggestions first (best first), then "Add to
the team's words" (writes the workspace vocabulary, so no article is flagged
for the word again) and "Ignore in this article" (a ``spelling-ignore``
comment at the start of the article, one undo step). The problems panel
offers the same on a right-click of a spelling row, which is where a word the
article writes again and again is offered as one to add (see KB.Spelling's
``repeated``).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QMenu

from kbeditor.gui import theme
from kbeditor.gui.problems import INDEX_ROLE

if TYPE_CHECKING:
    from kbeditor.gui.editor import Mark, MarkdownEditor

MAX_SUGGESTIONS = 5
# Violet: apart from the severity colours (red, amber, blue), as word processors set spelling apart.
_COLOURS = {False: "#8e44ad", True: "#c39bd3"}  # light theme, dark theme


def is_spelling(diagnostic: Any) -> bool:
    """A spelling rule's diagnostic (KB.Spelling, Vale.Spelling, a team's Style.Spelling)."""
    return str(getattr(diagnostic, "rule", "")).rsplit(".", 1)[-1] == "Spelling"


def spelling_colour() -> QColor:
    return QColor(_COLOURS[bool(theme.current().dark)])


def spelling_actions(editor: MarkdownEditor, mark: Mark) -> list[QAction]:
    """Suggestions, then "Add to the team's words", then "Ignore in this article"."""
    from kbeditor.gui.editor import Mark

    d = mark.data
    word = (d.match or "").strip()
    out: list[QAction] = []
    fixes = [f for f in (d.fix, *getattr(d, "alternatives", ())) if f is not None]
    for fix in fixes[:MAX_SUGGESTIONS]:
        action = QAction(f"Replace with '{fix.replacement}'", editor)
        chosen = Mark(mark.cursor, dataclasses.replace(d, fix=fix))
        action.triggered.connect(lambda _=False, m=chosen: editor.fix_requested.emit(m))
        out.append(action)
    if not fixes:
        none = QAction("No suggestions", editor)
        none.setEnabled(False)
        out.append(none)
    if not word or " " in word:
        return out
    add = QAction(f"Add '{word}' to the team's words", editor)
    add.setToolTip(
        "Writes the workspace vocabulary (accept.txt): no article is flagged for it again"
    )
    add.triggered.connect(lambda _=False, m=mark: editor.accept_requested.emit(m))
    out.append(add)
    ignore = QAction(f"Ignore '{word}' in this article", editor)
    ignore.setToolTip("Adds a spelling-ignore comment at the start of this article")
    ignore.triggered.connect(lambda _=False: ignore_in_article(editor, word))
    out.append(ignore)
    return out


def ignore_in_article(editor: MarkdownEditor, word: str) -> None:
    """Add ``word`` to the article's spelling-ignore comment, as one undo step."""
    from kbeditor.article import parse_article
    from kbeditor.lint.edits import ignore_word_in_article, minimal_edit

    text = editor.text()
    edit = minimal_edit(text, ignore_word_in_article(parse_article(text), word))
    if edit is not None:
        editor.replace_range(edit.start, edit.end, edit.text)


def install_problem_actions(window: Any) -> None:
    """Right-click on a spelling row of ``window.problems`` opens the spelling menu."""
    view = window.problems.view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        index = view.indexAt(pos)
        menu = problem_menu(window, index.siblingAtColumn(0).data(INDEX_ROLE))
        if menu is not None:
            menu.popup(view.viewport().mapToGlobal(pos))

    view.customContextMenuRequested.connect(show)


def problem_menu(window: Any, index: int | None) -> QMenu | None:
    """The spelling menu for the problems panel's diagnostic ``index``, or None for other rows."""
    tab = window.current_tab()
    diagnostics = window.problems.diagnostics
    if tab is None or index is None or not 0 <= index < len(diagnostics):
        return None
    d = diagnostics[index]
    mark = next((m for m in tab.editor.diagnostic_marks if m.data is d), None)
    if mark is None or not is_spelling(d):
        return None
    menu = QMenu(window.problems.view)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    for action in spelling_actions(tab.editor, mark):
        action.setParent(menu)
        menu.addAction(action)
    return menu
