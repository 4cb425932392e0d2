"""Where the window's parts sit: the first size, and the layout kept between sessions.

Functions rather than window methods: each takes the parts it places, so the
layout can change without touching the window's routing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QTabBar

from kbeditor.gui import session
from kbeditor.gui.workspace_panel import WorkspacePanel

STATE_VERSION = 1
# The first window (no saved geometry): Qt's own guess was about 600 x 530, where the
# problems panel showed one row. Capped to 90% of the screen's free area.
FIRST_SIZE = (1400, 900)


def first_size(window: QMainWindow, problems_dock: QDockWidget) -> None:
    free = window.screen().availableGeometry()
    width = min(FIRST_SIZE[0], int(free.width() * 0.9))
    height = min(FIRST_SIZE[1], int(free.height() * 0.9))
    window.resize(width, height)
    window.resizeDocks([problems_dock], [max(200, height // 4)], Qt.Orientation.Vertical)


def save_layout(
    window: QMainWindow, splitter: QSplitter, preview_shown: bool, workspace_panel: WorkspacePanel
) -> None:
    session.set_value("window/geometry", window.saveGeometry())
    session.set_value("window/state", window.saveState(STATE_VERSION))
    session.set_value("window/splitter", splitter.saveState())
    session.set_value("window/preview", preview_shown)
    session.set_value("workspace/grouping", workspace_panel.grouping)


def restore_layout(
    window: QMainWindow,
    splitter: QSplitter,
    preview_action: QAction,
    workspace_panel: WorkspacePanel,
) -> None:
    geometry = session.bytes_value("window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    state = session.bytes_value("window/state")
    if state is not None:
        window.restoreState(state, STATE_VERSION)
    saved_splitter = session.bytes_value("window/splitter")
    if saved_splitter is not None:
        splitter.restoreState(saved_splitter)
    preview = session.value("window/preview", True)
    preview_action.setChecked(preview not in (False, "false"))
    grouping = session.value("workspace/grouping", "")
    if grouping:
        workspace_panel.set_grouping(str(grouping))


def unelide_dock_tabs(window: QMainWindow) -> None:
    """Tabified docks show whole titles and scroll, rather than "Se…", "Re…", "S…"."""
    for bar in window.findChildren(QTabBar):
        if bar.parent() is window:  # the dock areas' tab bars, not the editors'
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)
