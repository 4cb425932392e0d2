"""The window's menu commands: one method per entry in :data:`kbeditor.gui.commands.COMMANDS`.

Kept apart from :mod:`kbeditor.gui.main_window` so the window module holds the
composition and the signal routing, and this one what each menu entry does.
The mixin only uses the window's public parts (tabs, panels, actions).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from kbeditor.errors import KbError
from kbeditor.gui import session, theme
from kbeditor.gui.commands import ShortcutsDialog
from kbeditor.gui.editor import DEFAULT_POINT_SIZE
from kbeditor.workspace import Workspace

if TYPE_CHECKING:
    from kbeditor.gui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class WindowCommands(_Base):
    """Menu slots for :class:`MainWindow` (a mixin)."""

    def choose_workspace(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open workspace", str(self.workspace.root))
        if folder:
            try:
                self.set_workspace(Workspace(folder))
            except KbError as exc:
                self.show_notice(str(exc))

    def choose_article(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open article", str(self.workspace.root), "Markdown (*.md);;All files (*)"
        )
        if name:
            self.open_article(Path(name))

    def close_current_tab(self) -> None:
        self.close_tab(self.current_tab())

    def _editor_call(self, name: str) -> None:
        tab = self.current_tab()
        if tab is not None:
            getattr(tab.editor, name)()

    def undo(self) -> None:
        self._editor_call("undo")

    def redo(self) -> None:
        self._editor_call("redo")

    def show_find(self) -> None:
        tab = self.current_tab()
        self.find_bar.open(tab.editor if tab else None, replace=False)

    def show_replace(self) -> None:
        tab = self.current_tab()
        self.find_bar.open(tab.editor if tab else None, replace=True)

    def find_next(self) -> None:
        if self.find_bar.isHidden():
            self.show_find()
        self.find_bar.find_next()

    def find_previous(self) -> None:
        if self.find_bar.isHidden():
            self.show_find()
        self.find_bar.find_previous()

    def goto_line_prompt(self) -> None:
        tab = self.current_tab()
        if tab is None:
            return
        count = tab.editor.document().blockCount()
        line, ok = QInputDialog.getInt(self, "Go to line", f"Line (1–{count}):", 1, 1, count)
        if ok:
            tab.editor.goto_line(line)

    def make_bold(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.editor.wrap_selection("**")

    def make_italic(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.editor.wrap_selection("*")

    def make_link(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.editor.wrap_selection("[", "](https://)")

    def zoom_in(self) -> None:
        self._zoom_all(1)

    def zoom_out(self) -> None:
        self._zoom_all(-1)

    def zoom_reset(self) -> None:
        for tab in self.tabs():
            tab.editor.set_point_size(DEFAULT_POINT_SIZE)

    def _zoom_all(self, steps: int) -> None:
        tab = self.current_tab()
        if tab is None:
            return
        size = tab.editor.font().pointSize() + steps
        for t in self.tabs():
            t.editor.set_point_size(size)

    def _zoom_changed(self, size: int) -> None:
        if self.remember:
            session.set_value("editor/point_size", size)

    def toggle_preview(self, on: bool) -> None:
        self.preview.setVisible(on)
        tab = self.current_tab()
        if on and tab is not None:
            self._request_analysis(tab)

    def focus_workspace(self) -> None:
        self.workspace_dock.show()
        self.workspace_panel.view.setFocus()

    def focus_problems(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()
        self.problems.view.setFocus()
        if not self.problems.view.currentIndex().isValid():
            self.problems.view.setCurrentIndex(self.problems.proxy.index(0, 0))

    def focus_editor(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.editor.setFocus()

    def next_tab(self) -> None:
        self.tab_area.step(1)

    def previous_tab(self) -> None:
        self.tab_area.step(-1)

    def toggle_dark(self, on: bool) -> None:
        if on != theme.current().dark or theme.THEME.mode == theme.SYSTEM:
            theme.THEME.apply(theme.DARK if on else theme.LIGHT)
            self._remember_theme()

    def follow_system_theme(self, on: bool) -> None:
        theme.THEME.apply(
            theme.SYSTEM if on else (theme.DARK if theme.current().dark else theme.LIGHT)
        )
        self._remember_theme()

    def _remember_theme(self) -> None:
        if self.remember:
            session.set_value("view/theme", theme.THEME.mode)

    def _theme_changed(self, dark: bool) -> None:
        for key, checked in (
            ("dark_theme", dark),
            ("system_theme", theme.THEME.mode == theme.SYSTEM),
        ):
            action = self.actions[key]
            action.blockSignals(True)
            action.setChecked(checked)
            action.blockSignals(False)
        self.workspace_panel.rebuild()

    def show_shortcuts(self) -> ShortcutsDialog:
        native = QKeySequence.SequenceFormat.NativeText
        extra = [
            ("Panels", a.text().replace("&", "").rstrip("…"), a.shortcut().toString(native))
            for a in self._panel_actions
            if not a.shortcut().isEmpty()
        ]
        dialog = ShortcutsDialog(self, extra)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_about(self) -> None:
        from kbeditor import __version__

        box = QMessageBox(QMessageBox.Icon.Information, "About kbeditor",
                          f"kbeditor {__version__}\nWrite, check, search and publish IT-support articles.",
                          QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
