"""What the menu entries do that no other collaborator of the window owns.

:class:`WindowActions` is built from the parts it acts on (the tab area, the
find bar, the preview, the two docks), in the way qutebrowser builds its
``CommandDispatcher`` from a tabbed browser: it never reaches back into the
window. :func:`build_menus` turns :data:`kbeditor.gui.commands.COMMANDS` into
menus and actions, each connected to the object its ``slot`` names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
)

from kbeditor.gui import session, theme
from kbeditor.gui.commands import COMMANDS, MENUS, ShortcutsDialog
from kbeditor.gui.editor import DEFAULT_POINT_SIZE
from kbeditor.gui.find_bar import FindBar
from kbeditor.gui.preview import PreviewPanel
from kbeditor.gui.problems import ProblemsPanel
from kbeditor.gui.tab_area import TabArea
from kbeditor.gui.workspace_panel import WorkspacePanel


class WindowActions(QObject):
    """Editing, find, zoom, focus, theme and help commands for one window.

    Args:
        window: the window (parent of dialogs).
        tab_area: the open tabs; commands act on the current one.
        find_bar: the find and replace bar under the editors.
        preview: the preview panel.
        workspace_dock, problems_dock: the docks "Go to Articles" and "Go to Problems" show.
        workspace_root: the current workspace's folder (where the open dialogs start).
        panel_actions: the side panels' actions, listed in the shortcuts dialog.
        remember: whether zoom and theme choices are written to the settings.

    Signals:
        workspace_chosen(object path): the writer picked a folder to open as a workspace.
        article_chosen(object path): the writer picked a file to open.
        preview_toggled(bool): the preview was shown or hidden.
    """

    workspace_chosen = Signal(object)
    article_chosen = Signal(object)
    preview_toggled = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        tab_area: TabArea,
        find_bar: FindBar,
        preview: PreviewPanel,
        workspace_dock: QDockWidget,
        problems_dock: QDockWidget,
        workspace_root: Callable[[], Path],
        panel_actions: list[QAction],
        *,
        remember: bool,
    ) -> None:
        super().__init__(window)
        self.window, self.tab_area, self.find_bar, self.preview = (
            window,
            tab_area,
            find_bar,
            preview,
        )
        self.workspace_dock, self.problems_dock = workspace_dock, problems_dock
        self.workspace_root, self.panel_actions, self.remember = (
            workspace_root, panel_actions, remember,
        )  # fmt: skip

    # -- files --------------------------------------------------------------------------------
    def choose_workspace(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, "Open workspace", str(self.workspace_root())
        )
        if folder:
            self.workspace_chosen.emit(Path(folder))

    def choose_article(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            "Open article",
            str(self.workspace_root()),
            "Markdown (*.md);;All files (*)",
        )
        if name:
            self.article_chosen.emit(Path(name))

    # -- editing ------------------------------------------------------------------------------
    def undo(self) -> None:
        tab = self.tab_area.current_tab()
        if tab is not None:
            tab.editor.undo()

    def redo(self) -> None:
        tab = self.tab_area.current_tab()
        if tab is not None:
            tab.editor.redo()

    def goto_line_prompt(self) -> None:
        tab = self.tab_area.current_tab()
        if tab is None:
            return
        count = tab.editor.document().blockCount()
        line, ok = QInputDialog.getInt(self.window, "Go to line", f"Line (1–{count}):", 1, 1, count)
        if ok:
            tab.editor.goto_line(line)

    def make_bold(self) -> None:
        self._wrap("**")

    def make_italic(self) -> None:
        self._wrap("*")

    def make_link(self) -> None:
        self._wrap("[", "](https://)")

    def _wrap(self, before: str, after: str | None = None) -> None:
        tab = self.tab_area.current_tab()
        if tab is not None:
            tab.editor.wrap_selection(before, after)

    # -- find ---------------------------------------------------------------------------------
    def show_find(self) -> None:
        tab = self.tab_area.current_tab()
        self.find_bar.open(tab.editor if tab else None, replace=False)

    def show_replace(self) -> None:
        tab = self.tab_area.current_tab()
        self.find_bar.open(tab.editor if tab else None, replace=True)

    def find_next(self) -> None:
        if self.find_bar.isHidden():
            self.show_find()
        self.find_bar.find_next()

    def find_previous(self) -> None:
        if self.find_bar.isHidden():
            self.show_find()
        self.find_bar.find_previous()

    # -- zoom ---------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self._zoom_all(1)

    def zoom_out(self) -> None:
        self._zoom_all(-1)

    def zoom_reset(self) -> None:
        for tab in self.tab_area.tabs():
            tab.editor.set_point_size(DEFAULT_POINT_SIZE)

    def _zoom_all(self, steps: int) -> None:
        tab = self.tab_area.current_tab()
        if tab is None:
            return
        size = tab.editor.font().pointSize() + steps
        for t in self.tab_area.tabs():
            t.editor.set_point_size(size)

    def zoom_changed(self, size: int) -> None:
        if self.remember:
            session.set_value("editor/point_size", size)

    # -- view and focus -------------------------------------------------------------------------
    def toggle_preview(self, on: bool) -> None:
        self.preview.setVisible(on)
        self.preview_toggled.emit(on)

    def focus_workspace(self) -> None:
        self.workspace_dock.show()
        panel = self.workspace_dock.widget()
        assert isinstance(panel, WorkspacePanel)
        panel.view.setFocus()

    def focus_problems(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()
        problems = self.problems_dock.widget()
        assert isinstance(problems, ProblemsPanel)
        problems.view.setFocus()
        if not problems.view.currentIndex().isValid():
            problems.view.setCurrentIndex(problems.proxy.index(0, 0))

    def focus_editor(self) -> None:
        tab = self.tab_area.current_tab()
        if tab is not None:
            tab.editor.setFocus()

    def next_tab(self) -> None:
        self.tab_area.step(1)

    def previous_tab(self) -> None:
        self.tab_area.step(-1)

    # -- theme ----------------------------------------------------------------------------------
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

    # -- help -----------------------------------------------------------------------------------
    def show_shortcuts(self) -> ShortcutsDialog:
        native = QKeySequence.SequenceFormat.NativeText
        extra = [
            ("Panels", a.text().replace("&", "").rstrip("…"), a.shortcut().toString(native))
            for a in self.panel_actions
            if not a.shortcut().isEmpty()
        ]
        dialog = ShortcutsDialog(self.window, extra)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_about(self) -> None:
        from kbeditor import __version__

        box = QMessageBox(QMessageBox.Icon.Information, "About kbeditor",
                          f"kbeditor {__version__}\nWrite, check, search and publish IT-support articles.",
                          QMessageBox.StandardButton.Ok, self.window)  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()


def build_menus(
    window: QMainWindow, targets: Mapping[str, object]
) -> tuple[dict[str, QMenu], dict[str, QAction]]:
    """The window's menus and one action per command, keyed by command id.

    A command's ``slot`` is ``"target.method"``; ``targets`` maps each target name
    to the object that runs it.
    """
    menus = {name: window.menuBar().addMenu(f"&{name}") for name in MENUS}
    actions: dict[str, QAction] = {}
    for command in COMMANDS:
        action = QAction(command.text, window)
        action.setObjectName(command.id)
        action.setShortcuts([QKeySequence(k) for k in command.shortcuts])
        action.setCheckable(command.checkable)
        target, method = command.slot.split(".")
        slot = getattr(targets[target], method)
        if command.checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _=False, s=slot: s())
        if command.separator_before:
            menus[command.menu].addSeparator()
        menus[command.menu].addAction(action)
        actions[command.id] = action
    return menus, actions


def show_safe_fix_count(action: QAction, count: int) -> None:
    """ "Fix All Safe (3)": the menu says how many fixes the command applies."""
    action.setText(f"Fix All &Safe ({count})" if count else "Fix All &Safe")
    action.setEnabled(count > 0)


def show_theme(actions: Mapping[str, QAction]) -> None:
    """Tick the theme entries for the theme in force (it may change outside the menu)."""
    for key, checked in (
        ("dark_theme", theme.current().dark),
        ("system_theme", theme.THEME.mode == theme.SYSTEM),
    ):
        action = actions[key]
        action.blockSignals(True)
        action.setChecked(checked)
        action.blockSignals(False)
