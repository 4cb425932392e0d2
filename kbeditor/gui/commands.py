"""Every menu command and its shortcuts, declared as data.

The window builds its menus from :data:`COMMANDS`, and Help > Keyboard
Shortcuts lists the same table, so the list can never drift from the keys
that actually work. ``slot`` names the object that runs the command and its
method, as ``"target.method"``: ``window`` (files and tabs), ``actions``
(editing, find, view; :class:`kbeditor.gui.window_actions.WindowActions`),
``problems`` (:class:`kbeditor.gui.problem_navigator.ProblemNavigator`) and
``analysis`` (:class:`kbeditor.gui.analysis_routing.AnalysisRouter`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    menu: str
    text: str
    slot: str
    shortcuts: tuple[str, ...] = ()
    checkable: bool = False
    separator_before: bool = False


MENUS = ("File", "Edit", "View", "Problems", "Help")

COMMANDS: tuple[Command, ...] = (
    Command("open_workspace", "File", "Open &Workspace…", "actions.choose_workspace", ("Ctrl+Alt+O",)),
    Command("open_article", "File", "&Open Article…", "actions.choose_article", ("Ctrl+O",)),
    Command("save", "File", "&Save", "window.save_current", ("Ctrl+S",), separator_before=True),
    Command("save_all", "File", "Save A&ll", "window.save_all", ("Ctrl+Alt+S",)),
    Command("reload", "File", "&Reload from Disk", "window.reload_current", ()),
    Command("close_tab", "File", "&Close Article", "window.close_current_tab", ("Ctrl+W",), separator_before=True),
    Command("quit", "File", "&Quit", "window.close", ("Ctrl+Q",)),
    Command("undo", "Edit", "&Undo", "actions.undo", ("Ctrl+Z",)),
    Command("redo", "Edit", "&Redo", "actions.redo", ("Ctrl+Shift+Z", "Ctrl+Y")),
    Command("find", "Edit", "&Find…", "actions.show_find", ("Ctrl+F",), separator_before=True),
    Command("replace", "Edit", "R&eplace…", "actions.show_replace", ("Ctrl+H",)),
    Command("find_next", "Edit", "Find &Next", "actions.find_next", ("F3",)),
    Command("find_previous", "Edit", "Find &Previous", "actions.find_previous", ("Shift+F3",)),
    Command("goto_line", "Edit", "&Go to Line…", "actions.goto_line_prompt", ("Ctrl+G",)),
    Command("bold", "Edit", "&Bold", "actions.make_bold", ("Ctrl+B",), separator_before=True),
    Command("italic", "Edit", "&Italic", "actions.make_italic", ("Ctrl+I",)),
    Command("link", "Edit", "&Link", "actions.make_link", ("Ctrl+K",)),
    Command("zoom_in", "View", "Zoom &In", "actions.zoom_in", ("Ctrl++", "Ctrl+=")),
    Command("zoom_out", "View", "Zoom &Out", "actions.zoom_out", ("Ctrl+-",)),
    Command("zoom_reset", "View", "&Reset Zoom", "actions.zoom_reset", ("Ctrl+0",)),
    Command("toggle_preview", "View", "&Preview", "actions.toggle_preview", ("Ctrl+Shift+V",), checkable=True, separator_before=True),
    Command("focus_workspace", "View", "Go to &Articles", "actions.focus_workspace", ("Ctrl+Alt+A",)),
    Command("focus_problems", "View", "Go to Pro&blems", "actions.focus_problems", ("Ctrl+Alt+P",)),
    Command("focus_editor", "View", "Go to &Editor", "actions.focus_editor", ("Ctrl+E",)),
    Command("next_tab", "View", "Next &Tab", "actions.next_tab", ("Ctrl+Tab", "Ctrl+PgDown")),
    Command("previous_tab", "View", "Previous T&ab", "actions.previous_tab", ("Ctrl+Shift+Tab", "Ctrl+PgUp")),
    Command("dark_theme", "View", "&Dark Theme", "actions.toggle_dark", ("Ctrl+Alt+D",), checkable=True, separator_before=True),
    Command("system_theme", "View", "Theme Follows &System", "actions.follow_system_theme", (), checkable=True),
    Command("next_problem", "Problems", "&Next Problem", "problems.next_problem", ("F8",)),
    Command("previous_problem", "Problems", "&Previous Problem", "problems.previous_problem", ("Shift+F8",)),
    Command("quick_fix", "Problems", "&Quick Fix…", "problems.quick_fix", ("Ctrl+.",)),
    Command("fix_all_safe", "Problems", "Fix All &Safe", "problems.fix_all_safe", ("Ctrl+Alt+F",)),
    Command("relint", "Problems", "&Check Again", "analysis.relint_current", ("F5",)),
    Command("shortcuts", "Help", "&Keyboard Shortcuts", "actions.show_shortcuts", ("F1",)),
    Command("about", "Help", "&About kbeditor", "actions.show_about", ()),
)  # fmt: skip


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(menu, command, keys in the platform's notation) for every command with a shortcut."""
    rows = []
    for c in COMMANDS:
        if c.shortcuts:
            keys = ", ".join(
                QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                for k in c.shortcuts
            )
            rows.append((c.menu, c.text.replace("&", "").rstrip("…"), keys))
    return rows


class ShortcutsDialog(QDialog):
    """A non-modal table of shortcuts (Help > Keyboard Shortcuts)."""

    def __init__(
        self, parent: QWidget | None = None, extra: list[tuple[str, str, str]] | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutsDialog")
        rows = (
            shortcut_rows()
            + list(extra or [])
            + [
                ("Editor", "Quick fix menu on a problem", "Right-click"),
                ("Editor", "Zoom", "Ctrl+mouse wheel"),
                ("Problems", "Jump to a problem", "Double-click, Enter"),
            ]
        )
        table = QTableWidget(len(rows), 3, self)
        table.setHorizontalHeaderLabels(["Menu", "Command", "Keys"])
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(r, c, item)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(2)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        self.table = table
        self.resize(520, 640)
