"""The main window: composes the panels and the collaborators that act on them.

The window owns no editing, linting or saving logic itself: editors are
:class:`EditorTab` widgets, analysis results are routed by
:class:`AnalysisRouter`, problems and fixes by :class:`ProblemNavigator`, menu
commands by :class:`WindowActions`, saving and recovery by :class:`Keeper`,
and each panel is its own class. Each collaborator is built from the parts
it acts on. Side panels built elsewhere plug in through
``kbeditor.gui.panels.side_panels(window)`` and talk to the window only
through the public API and signals below. Only :mod:`kbeditor.gui.app`
imports this module.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kbeditor.errors import KbError
from kbeditor.gui import session, theme, window_layout
from kbeditor.gui.analysis_routing import AnalysisRouter
from kbeditor.gui.ask import AskPolicy, Question
from kbeditor.gui.editor import DEFAULT_POINT_SIZE, MarkdownEditor
from kbeditor.gui.editor_tab import Banner, EditorTab
from kbeditor.gui.find_bar import FindBar
from kbeditor.gui.linting import LintSession
from kbeditor.gui.preview import PreviewPanel
from kbeditor.gui.problem_navigator import ProblemNavigator
from kbeditor.gui.problems import ProblemsPanel
from kbeditor.gui.rule_watch import RuleWatcher
from kbeditor.gui.saving import Keeper
from kbeditor.gui.spelling_menu import install_problem_actions
from kbeditor.gui.status import StatusFields
from kbeditor.gui.tab_area import TabArea
from kbeditor.gui.window_actions import (
    WindowActions,
    build_menus,
    show_safe_fix_count,
    show_theme,
)
from kbeditor.gui.workers import Analyzer, WorkspaceScanner
from kbeditor.gui.workspace_panel import WorkspacePanel
from kbeditor.workspace import Workspace

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The editor window for one workspace.

    Args:
        workspace: the workspace to open.
        ask: the policy answering questions (default: message boxes).
        remember: whether to read and write the session in QSettings.

    Signals:
        text_changed_debounced(object path, str text): after a pause in typing.
        current_article_changed(object path): another tab became current (None: no tab).
        article_saved(object path): a file was written.
        lint_finished(object path, object diagnostics): live lint results for an article.
        analysis_shown(object analysis): the current article's latest Analysis is shown
            (lint results and reading figures); None when no article is open.
        workspace_changed(object workspace): another workspace, or files changed on disk.
        ready(): the first article is open, linted and previewed.
    """

    text_changed_debounced = Signal(object, str)
    current_article_changed = Signal(object)
    article_saved = Signal(object)
    lint_finished = Signal(object, object)
    analysis_shown = Signal(object)
    workspace_changed = Signal(object)
    ready = Signal()

    def __init__(
        self, workspace: Workspace, ask: AskPolicy | None = None, *, remember: bool = True
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.workspace = workspace
        self.ask = ask or AskPolicy()
        self.remember = remember
        self._side_docks: list[QDockWidget] = []
        self._panel_actions: list[QAction] = []
        self._notices: list[str] = []
        self._build_widgets()
        self._build_docks()
        self._build_collaborators()
        self._build_menus()
        self._add_side_panels()
        self.set_workspace(workspace, restore=False)
        window_layout.first_size(self, self.problems_dock)
        if remember:
            window_layout.restore_layout(
                self, self.splitter, self.command_actions["toggle_preview"], self.workspace_panel
            )
        theme.THEME.changed.connect(self._theme_changed)
        self._theme_changed(theme.current().dark)

    # -- construction ---------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.tab_area = TabArea(self)
        self.tab_area.current_changed.connect(self._current_changed)
        self.tab_area.close_requested.connect(self.close_tab)
        self.notice = Banner(self)
        self.notice.setObjectName("notice")
        self.find_bar = FindBar(self)
        self.preview = PreviewPanel(self)
        self.preview.article_link.connect(self.open_article)
        column = QWidget(self)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notice)
        layout.addWidget(self.tab_area, 1)
        layout.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("editorPreviewSplitter")
        self.splitter.addWidget(column)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([580, 420])  # first run; later runs restore the writer's sizes
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.status = StatusFields(self.statusBar(), self)

    def _build_docks(self) -> None:
        self.workspace_panel = WorkspacePanel(self)
        self.workspace_panel.open_requested.connect(self.open_article)
        self.workspace_panel.files_changed.connect(self._files_changed)
        self.workspace_dock = self._dock("Articles", "workspaceDock", self.workspace_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.workspace_dock)
        self.problems = ProblemsPanel(self)
        install_problem_actions(self)  # spelling: suggestions, team's words, ignore here
        self.problems_dock = self._dock("Problems", "problemsDock", self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.resizeDocks([self.workspace_dock], [320], Qt.Orientation.Horizontal)
        self.resizeDocks([self.problems_dock], [200], Qt.Orientation.Vertical)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        return dock

    def _build_collaborators(self) -> None:
        self.analyzer = Analyzer(LintSession(self.workspace.root), self)
        self.scanner = WorkspaceScanner(LintSession(self.workspace.root), self)
        self.scanner.found.connect(self.workspace_panel.update_infos)
        self.scanner.progress.connect(self.workspace_panel.show_progress)
        self.scanner.progress.connect(self.status.show_check)
        self.scanner.finished.connect(self.workspace_panel.check_finished)
        self.scanner.finished.connect(self.status.check_finished)
        self.rule_watcher = RuleWatcher(self.workspace.root, self.reload_rules, self)
        self.position_timer = QTimer(self, singleShot=True, interval=30)
        self.position_timer.timeout.connect(self._show_position)
        self.router = AnalysisRouter(
            self.tab_area, self.analyzer, self.problems, self.preview, self.status,
            self.workspace_panel, lambda: self.preview.isVisible() or not self.isVisible(), self,
        )  # fmt: skip
        for name in ("text_changed_debounced", "lint_finished", "analysis_shown", "ready"):
            getattr(self.router, name).connect(getattr(self, name))
        self.router.notice.connect(self.show_notice)
        self.navigator = ProblemNavigator(
            self.tab_area, self.problems, lambda: self.workspace.root, self
        )
        self.navigator.status.connect(self.show_status)
        self.navigator.notice.connect(self.show_notice)
        self.navigator.vocabulary_changed.connect(self.reload_rules)
        self.router.problems_shown.connect(self.navigator.count_safe_fixes)
        self.keeper = Keeper(self, self)
        self.keeper.status.connect(self.show_status)
        self.keeper.notice.connect(self.show_notice)
        self.window_actions = WindowActions(
            self, self.tab_area, self.find_bar, self.preview, self.workspace_dock,
            self.problems_dock, lambda: self.workspace.root, self._panel_actions,
            remember=self.remember,
        )  # fmt: skip
        self.window_actions.workspace_chosen.connect(self._open_workspace)
        self.window_actions.article_chosen.connect(self.open_article)
        self.window_actions.preview_toggled.connect(self.router.preview_toggled)

    def _build_menus(self) -> None:
        targets = {
            "window": self, "actions": self.window_actions,
            "problems": self.navigator, "analysis": self.router,
        }  # fmt: skip
        self.menus, self.command_actions = build_menus(self, targets)
        fix_all = self.command_actions["fix_all_safe"]
        self.navigator.safe_fixes_counted.connect(lambda n: show_safe_fix_count(fix_all, n))
        self.menus["Problems"].aboutToShow.connect(self.navigator.count_safe_fixes)
        view = self.menus["View"]
        view.addSeparator()
        self.panels_menu = QMenu("Panels", self)
        view.addMenu(self.panels_menu)
        self.panels_menu.addAction(self.workspace_dock.toggleViewAction())
        self.panels_menu.addAction(self.problems_dock.toggleViewAction())
        group = self.workspace_panel.group_box
        by_product = QAction("Group Articles by Product", self, checkable=True)
        by_product.toggled.connect(lambda on: group.setCurrentIndex(1 if on else 0))
        group.currentIndexChanged.connect(lambda i: by_product.setChecked(i == 1))
        view.addAction(by_product)
        self.command_actions["toggle_preview"].setChecked(True)
        show_theme(self.command_actions)

    def _add_side_panels(self) -> None:
        """Dock the side panels built in ``kbeditor.gui.panels``."""
        from kbeditor.gui import panels

        try:
            docks = list(panels.side_panels(self))
        except Exception as exc:  # a broken panel must not take the editor down
            log.exception("side panels failed")
            self.show_notice(f"The side panels could not be loaded: {exc}")
            return
        first: QDockWidget | None = None
        for dock in docks:
            if not dock.objectName():
                dock.setObjectName(f"side{dock.windowTitle().replace(' ', '')}Dock")
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            if first is None:
                # Tabs down the side: across a 300 px dock only two of five names fitted.
                self.setTabPosition(
                    Qt.DockWidgetArea.RightDockWidgetArea, QTabWidget.TabPosition.East
                )
                first = dock
            else:
                self.tabifyDockWidget(first, dock)
            self.panels_menu.addAction(dock.toggleViewAction())
            self._side_docks.append(dock)
        if first is not None:
            first.raise_()
            self.resizeDocks([first], [300], Qt.Orientation.Horizontal)
        actions = getattr(panels, "panel_actions", None)
        for action in actions(self) if actions else []:
            text = action.text()
            if text.startswith(("New", "Export")):  # with the file commands, before Quit
                before = self.command_actions["save" if text.startswith("New") else "close_tab"]
                self.menus["File"].insertAction(before, action)
            else:
                self.panels_menu.addAction(action)
            self._panel_actions.append(action)

    # -- the contract with the side panels --------------------------------------------------
    def current_tab(self) -> EditorTab | None:
        return self.tab_area.current_tab()

    def current_editor(self) -> MarkdownEditor | None:
        """The current article's text widget (a QPlainTextEdit), or None."""
        tab = self.current_tab()
        return tab.editor if tab else None

    def current_path(self) -> Path | None:
        tab = self.current_tab()
        return tab.path if tab else None

    def current_text(self) -> str:
        tab = self.current_tab()
        return tab.text() if tab else ""

    def tabs(self) -> list[EditorTab]:
        return self.tab_area.tabs()

    def open_article(
        self, path: Path | str, line: int | None = None, highlight: str | None = None
    ) -> EditorTab | None:
        """Open (or focus) an article, jump to ``line`` and highlight ``highlight`` there."""
        path = self._absolute(path)
        tab = self.tab_area.tab_for(path)
        if tab is None:
            tab = self._new_tab(path)
        else:
            self.tab_area.show_tab(tab)
        if line is not None:
            tab.editor.goto_line(line)
        if highlight:
            self._highlight_text(tab, highlight, line)
        tab.editor.setFocus()
        return tab

    def open_new_article(self, path: Path | str, text: str) -> EditorTab:
        """Open a new article that is written only when the writer saves it."""
        path = self._absolute(path)
        tab = self.tab_area.tab_for(path) or self._new_tab(path)
        tab.start_new(text, self.workspace.display(path))
        self.tab_area.show_tab(tab)
        tab.editor.setFocus()
        return tab

    def open_side_by_side(self, path: Path | str) -> EditorTab | None:
        """Show an article in the second pane, beside the current one."""
        path = self._absolute(path)
        tab = self.tab_area.tab_for(path)
        if tab is None:
            tab = self._new_tab(path, secondary=True)
        else:
            self.tab_area.move_to_secondary(tab)
        return tab

    def highlight_ranges(self, kind: str, ranges: list[tuple[int, int, str]]) -> None:
        """Background highlights of a named kind on the current editor (Python offsets)."""
        tab = self.current_tab()
        if tab is not None:
            tab.editor.set_highlights(kind, ranges)

    # -- workspace --------------------------------------------------------------------------
    def set_workspace(self, workspace: Workspace, *, restore: bool = True) -> bool:
        """Switch to another workspace (asks about unsaved changes first)."""
        if self.tabs() and not self.keeper.confirm_close(self.tabs()):
            return False
        for tab in self.tabs():
            self._drop_tab(tab)
        self.workspace = workspace
        self.scanner.cancel()
        self.analyzer.lint = LintSession(workspace.root)
        self.scanner.lint = LintSession(workspace.root)
        self.rule_watcher.watch(workspace.root)
        self.workspace_panel.set_workspace(workspace)
        self.scanner.scan(self.workspace_panel.paths)
        self.keeper.start(workspace.config.get("editor", "recovery_seconds"))
        self.setWindowTitle(f"{workspace.name}[*] – kbeditor")
        self._notices = []
        self.notice.hide()
        for problem in workspace.config.problems:
            self.show_notice(str(problem))
        if self.remember:
            session.remember_workspace(workspace.root)
        if restore:
            self.restore_tabs()
        self.workspace_changed.emit(workspace)
        return True

    def restore_tabs(self, extra: Path | None = None) -> None:
        """Reopen last session's tabs (or the first article), then offer recovery copies."""
        root = self.workspace.root
        rels, current = session.open_tabs(root) if self.remember else ([], 0)
        paths = [root / r for r in rels if (root / r).is_file()]
        if extra is not None:
            paths.append(self._absolute(extra))
            current = len(paths) - 1
        if not paths and self.workspace_panel.paths:
            paths = [self.workspace_panel.paths[0]]
        opened = [self.open_article(p) for p in paths]
        shown = opened[current] if 0 <= current < len(opened) else None
        if shown is not None:
            self.tab_area.show_tab(shown)
        self.keeper.offer_recoveries()

    def _files_changed(self) -> None:
        before = {p: _mtime(p) for p in self.workspace_panel.paths}
        self.workspace_panel.reload_paths()
        changed = [
            p for p in self.workspace_panel.paths if before.get(p) != _mtime(p) or p not in before
        ]
        changed += [
            p
            for p in self.workspace_panel.paths
            if p in before and p not in self.workspace_panel.infos
        ]
        if changed:
            self.scanner.scan(sorted(set(changed)))
        self.keeper.check_external_changes()
        self.workspace_changed.emit(self.workspace)

    # -- tabs -------------------------------------------------------------------------------
    def _new_tab(self, path: Path, *, secondary: bool = False) -> EditorTab:
        tab = EditorTab(path, self)
        tab.load()
        tab.editor.setFont(tab.editor.font())
        tab.editor.set_point_size(
            int(session.value("editor/point_size", DEFAULT_POINT_SIZE) or DEFAULT_POINT_SIZE)
        )
        tab.on_change = self.router.text_changed
        tab.editor.cursorPositionChanged.connect(self.position_timer.start)
        tab.editor.verticalScrollBar().valueChanged.connect(
            lambda _v, t=tab: self.router.editor_scrolled(t)
        )
        self.navigator.connect_tab(tab)
        tab.editor.zoom_changed.connect(self.window_actions.zoom_changed)
        tab.modified_changed.connect(lambda _m, t=tab: self._update_title(t))
        tab.modified_changed.connect(lambda m, t=tab: self.keeper.modified_changed(t, m))
        self.tab_area.add(tab, self._tab_title(tab), secondary=secondary)
        self.keeper.watch(path)
        self.router.request(tab)
        return tab

    def close_current_tab(self) -> None:
        self.close_tab(self.current_tab())

    def close_tab(self, tab: EditorTab | None) -> bool:
        if tab is None:
            return False
        if not self.keeper.confirm_close([tab]):
            return False
        self._drop_tab(tab)
        return True

    def _drop_tab(self, tab: EditorTab) -> None:
        if not tab.modified:
            self.keeper.discard_recovery(tab)
        self.keeper.unwatch(tab.path)
        self.router.forget(tab)
        self.tab_area.remove(tab)
        tab.deleteLater()

    def _tab_title(self, tab: EditorTab) -> str:
        return ("● " if tab.modified else "") + tab.path.name

    def _update_title(self, tab: EditorTab) -> None:
        self.tab_area.set_title(tab, self._tab_title(tab))
        if tab is self.current_tab():
            self.setWindowModified(tab.modified)

    def _current_changed(self, tab: EditorTab | None) -> None:
        self.find_bar.set_editor(tab.editor if tab else None)
        self.setWindowModified(bool(tab and tab.modified))  # the "*" is the shown article's
        self.router.show_current(tab)
        if tab is not None:
            self.workspace_panel.select_path(tab.path)
            self._show_position()
        self.current_article_changed.emit(tab.path if tab else None)

    def _show_position(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            self.status.show_position(*tab.editor.line_column())

    def _theme_changed(self, _dark: bool) -> None:
        show_theme(self.command_actions)
        self.workspace_panel.rebuild()

    def _open_workspace(self, folder: Path) -> None:
        try:
            self.set_workspace(Workspace(folder))
        except KbError as exc:
            self.show_notice(str(exc))

    def reload_rules(self) -> None:
        """Start again with fresh rules and config (after the vocabulary or config changed)."""
        self.workspace = Workspace(self.workspace.root)
        self.analyzer.lint = LintSession(self.workspace.root)
        self.scanner.lint = LintSession(self.workspace.root)
        for tab in self.tabs():
            self.router.request(tab)
        self.scanner.scan(self.workspace_panel.paths)

    # -- saving -----------------------------------------------------------------------------
    def save_tab(self, tab: EditorTab | None) -> bool:
        if tab is None:
            return False
        if not self.keeper.save(tab):
            return False
        self._update_title(tab)
        self.show_status(f"Saved {self.workspace.display(tab.path)}")
        self.article_saved.emit(tab.path)
        return True

    def save_current(self) -> bool:
        return self.save_tab(self.current_tab())

    def save_all(self) -> bool:
        return all([self.save_tab(t) for t in self.tabs() if t.modified])

    def reload_current(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            self.keeper.reload(tab)

    def ask_question(self, question: Question) -> str:
        return self.ask(self, question)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, lambda: window_layout.unelide_dock_tabs(self))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.keeper.confirm_close(self.tabs()):
            event.ignore()
            return
        if self.remember:
            window_layout.save_layout(
                self, self.splitter, self.preview.isVisible(), self.workspace_panel
            )
            self._remember_tabs()
        self.keeper.stop()
        self._shutdown_panels()
        self.scanner.cancel()
        self.analyzer.wait(3000)
        self.scanner.wait(3000)
        event.accept()

    def _remember_tabs(self) -> None:
        tabs = self.tab_area.tabs()
        current = self.current_tab()
        rels = [self.workspace.display(t.path) for t in tabs]
        session.save_tabs(self.workspace.root, rels, tabs.index(current) if current in tabs else 0)

    def _shutdown_panels(self) -> None:
        from kbeditor.gui.panels import panels_of

        found = panels_of(self)
        if found is not None and hasattr(found, "shutdown"):
            found.shutdown()

    # -- notices ---------------------------------------------------------------------------------
    def show_notice(self, message: str) -> None:
        """A window-wide notice (broken rule file, unreadable config); each one shown once."""
        if message in self._notices:
            return
        self._notices.append(message)
        self.notice.show_messages(self._notices)

    def notices(self) -> list[str]:
        return list(self._notices)

    def show_status(self, message: str, msecs: int = 6000) -> None:
        self.statusBar().showMessage(message, msecs)

    # -- helpers ------------------------------------------------------------------------------
    def _absolute(self, path: Path | str) -> Path:
        p = Path(path)
        return (p if p.is_absolute() else self.workspace.root / p).resolve()

    def _highlight_text(self, tab: EditorTab, needle: str, line: int | None) -> None:
        text = tab.text()
        lower, target = text.lower(), needle.lower()
        ranges, start = [], 0
        while target and (hit := lower.find(target, start)) >= 0:
            ranges.append((hit, hit + len(needle), ""))
            start = hit + len(needle)
        tab.editor.set_highlights("open", ranges, text)
        if ranges:
            after = 0
            if line is not None:
                after = sum(len(x) + 1 for x in text.split("\n")[: max(0, line - 1)])
            first = next((r for r in ranges if r[0] >= after), ranges[0])
            tab.editor.select_range(first[0], first[1])


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None
