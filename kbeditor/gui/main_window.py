"""The main window: composes the panels and routes signals between them and the workers.

The window owns no editing, linting or saving logic itself: editors are
:class:`EditorTab` widgets, analysis runs in :class:`Analyzer`, saving and
recovery in :class:`Keeper`, and each panel is its own class. Side panels
built elsewhere plug in through ``kbeditor.gui.panels.side_panels(window)``
and talk to the window only through the public API and signals below.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kbeditor.errors import KbError
from kbeditor.gui import session, theme
from kbeditor.gui.ask import AskPolicy, Question
from kbeditor.gui.commands import COMMANDS, MENUS
from kbeditor.gui.editor import DEFAULT_POINT_SIZE, Mark, MarkdownEditor
from kbeditor.gui.editor_tab import Banner, EditorTab
from kbeditor.gui.find_bar import FindBar
from kbeditor.gui.linting import LintSession, worst_severity
from kbeditor.gui.preview import PreviewPanel
from kbeditor.gui.problems import ProblemsPanel
from kbeditor.gui.saving import Keeper
from kbeditor.gui.spelling_menu import install_problem_actions
from kbeditor.gui.status import StatusFields
from kbeditor.gui.tab_area import TabArea
from kbeditor.gui.window_commands import WindowCommands
from kbeditor.gui.workers import (
    Analysis,
    AnalysisRequest,
    Analyzer,
    PreviewResult,
    WorkspaceScanner,
)
from kbeditor.gui.workspace_panel import WorkspacePanel
from kbeditor.workspace import Workspace

log = logging.getLogger(__name__)

LINT_PAUSE_MS = 120  # pause in typing before the text is checked again
STATE_VERSION = 1
# The first window (no saved geometry): Qt's own guess was about 600 x 530, where the
# problems panel showed one row. Capped to 90% of the screen's free area.
FIRST_SIZE = (1400, 900)


class MainWindow(WindowCommands, QMainWindow):
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
        self.is_ready = False
        self._dirty: set[int] = set()
        self._side_docks: list[QDockWidget] = []
        self._panel_actions: list[QAction] = []
        self._notices: list[str] = []
        self.actions: dict[str, QAction] = {}
        self._build_widgets()
        self._build_docks()
        self._build_menus()
        self._build_workers()
        self.keeper = Keeper(self)
        self._add_side_panels()
        self.set_workspace(workspace, restore=False)
        self._first_size()
        self._restore_layout()
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
        self.problems.jump.connect(self.jump_to_problem)
        self.problems.fix_all_safe.connect(self.fix_all_safe)
        install_problem_actions(self)  # spelling: suggestions, team's words, ignore here
        self.problems_dock = self._dock("Problems", "problemsDock", self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.resizeDocks([self.workspace_dock], [270], Qt.Orientation.Horizontal)
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

    def _build_menus(self) -> None:
        menus = {name: self.menuBar().addMenu(f"&{name}") for name in MENUS}
        self.menus = menus
        for command in COMMANDS:
            action = QAction(command.text, self)
            action.setObjectName(command.id)
            action.setShortcuts([QKeySequence(k) for k in command.shortcuts])
            action.setCheckable(command.checkable)
            slot = getattr(self, command.slot)
            if command.checkable:
                action.toggled.connect(slot)
            else:
                action.triggered.connect(lambda _=False, s=slot: s())
            if command.separator_before:
                menus[command.menu].addSeparator()
            menus[command.menu].addAction(action)
            self.actions[command.id] = action
        menus["Problems"].aboutToShow.connect(self._count_safe_fixes)
        view = menus["View"]
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
        self.actions["toggle_preview"].setChecked(True)
        self.actions["system_theme"].setChecked(theme.THEME.mode == theme.SYSTEM)
        self.actions["dark_theme"].setChecked(theme.current().dark)

    def _build_workers(self) -> None:
        self.analyzer = Analyzer(LintSession(self.workspace.root), self)
        self.analyzer.analysed.connect(self._analysed)
        self.analyzer.previewed.connect(self._previewed)
        self.scanner = WorkspaceScanner(LintSession(self.workspace.root), self)
        self.scanner.found.connect(self.workspace_panel.update_infos)
        self.scanner.progress.connect(self.workspace_panel.show_progress)
        self.scanner.progress.connect(self.status.show_check)
        self.scanner.finished.connect(self.workspace_panel.check_finished)
        self.scanner.finished.connect(self.status.check_finished)
        from kbeditor.gui.rule_watch import RuleWatcher

        self.rule_watcher = RuleWatcher(self.workspace.root, self.reload_rules, self)
        self.lint_timer = QTimer(self, singleShot=True, interval=LINT_PAUSE_MS)
        self.lint_timer.timeout.connect(self._analyse_dirty)
        self.position_timer = QTimer(self, singleShot=True, interval=30)
        self.position_timer.timeout.connect(self._show_position)

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
                before = self.actions["save" if text.startswith("New") else "close_tab"]
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
        tab = self.tab_area.find(path)
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
        tab = self.tab_area.find(path) or self._new_tab(path)
        tab.start_new(text, self.workspace.display(path))
        self.tab_area.show_tab(tab)
        tab.editor.setFocus()
        return tab

    def open_side_by_side(self, path: Path | str) -> EditorTab | None:
        """Show an article in the second pane, beside the current one."""
        path = self._absolute(path)
        tab = self.tab_area.find(path)
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
        if opened and 0 <= current < len(opened) and opened[current] is not None:
            self.tab_area.show_tab(opened[current])
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
        tab.on_change = self._text_changed
        tab.editor.cursorPositionChanged.connect(self.position_timer.start)
        tab.editor.verticalScrollBar().valueChanged.connect(
            lambda _v, t=tab: self._editor_scrolled(t)
        )
        tab.editor.fix_requested.connect(lambda m, t=tab: self.apply_fix(t, m))
        tab.editor.ignore_requested.connect(lambda m, t=tab: self.ignore_here(t, m))
        tab.editor.accept_requested.connect(lambda m, t=tab: self.accept_word(t, m))
        tab.editor.zoom_changed.connect(self._zoom_changed)
        tab.modified_changed.connect(lambda _m, t=tab: self._update_title(t))
        tab.modified_changed.connect(lambda m, t=tab: self.keeper.modified_changed(t, m))
        self.tab_area.add(tab, self._tab_title(tab), secondary=secondary)
        self.keeper.watch(path)
        self._request_analysis(tab)
        return tab

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
        self.analyzer.forget(tab.key)
        self._dirty.discard(tab.key)
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
        if tab is None:
            self.problems.show_diagnostics([])
            self._count_safe_fixes()
            self.preview.clear_preview()
            self.status.clear()
            self.analysis_shown.emit(None)
            self.current_article_changed.emit(None)
            return
        if not tab.readable and not self.is_ready:
            self._become_ready()  # nothing to check or preview in a file that cannot be read
        analysis = tab.analysis
        if analysis is not None:
            self.problems.show_diagnostics(analysis.diagnostics)
            self._show_analysis(tab, analysis)
        else:
            # Nothing of the previous article may stay on show while this one is checked.
            self.problems.show_pending(
                "Not checked: this file cannot be read as an article."
                if not tab.readable
                else "Checking…"
            )
            self.status.clear()
            self.analysis_shown.emit(None)
        self._count_safe_fixes()
        preview = getattr(tab, "preview", None)
        if preview is not None:
            self.preview.show_html(preview.html, preview.lines, tab.path.parent)
        else:
            self.preview.clear_preview()
            self._request_analysis(tab)
        self.workspace_panel.select_path(tab.path)
        self._show_position()
        self.current_article_changed.emit(tab.path)

    # -- analysis ---------------------------------------------------------------------------
    def _text_changed(self, tab: EditorTab) -> None:
        self._dirty.add(tab.key)
        self.lint_timer.start()

    def _analyse_dirty(self) -> None:
        by_key = {t.key: t for t in self.tabs()}
        for key in sorted(self._dirty):
            tab = by_key.get(key)
            if tab is not None:
                self._request_analysis(tab)
                if not tab.readable and tab is self.current_tab():
                    self.text_changed_debounced.emit(tab.path, tab.text())
        self._dirty.clear()

    def _request_analysis(self, tab: EditorTab) -> None:
        if not tab.readable:
            return
        visible = self.preview.isVisible() or not self.isVisible()
        self.analyzer.request(
            AnalysisRequest(tab.key, tab.revision, tab.text(), tab.path, preview=visible)
        )

    def _tab_for(self, key: int, revision: int) -> EditorTab | None:
        tab = next((t for t in self.tabs() if t.key == key), None)
        if tab is None or tab.revision != revision:
            return None  # closed, or edited since: a newer request is on its way
        return tab

    def _analysed(self, result: Analysis) -> None:
        tab = self._tab_for(result.key, result.revision)
        if tab is None:
            return
        tab.analysis = result
        tab.editor.set_diagnostics(result.diagnostics, result.text)
        for notice in self.analyzer.lint.notices:
            self.show_notice(notice)
        if tab is self.current_tab():
            self.problems.show_diagnostics(result.diagnostics)
            self._count_safe_fixes()
            self._show_analysis(tab, result)
        worst = "error" if result.article.errors else worst_severity(result.diagnostics)
        self.workspace_panel.set_worst(tab.path, worst, result.article.title)
        self.lint_finished.emit(tab.path, result.diagnostics)
        if tab is self.current_tab() and result.revision > tab.announced_revision:
            # Side panels start their own background work on this signal; sending it once
            # the underlines are in keeps them from competing with the lint for the CPU.
            tab.announced_revision = result.revision
            self.text_changed_debounced.emit(tab.path, result.text)

    def _previewed(self, result: PreviewResult) -> None:
        tab = self._tab_for(result.key, result.revision)
        if tab is None:
            return
        tab.preview = result
        if tab is self.current_tab():
            self.preview.show_html(result.html, result.lines, tab.path.parent)
            self.preview.follow_line(tab.editor.first_visible_line())
            if not self.is_ready and tab.analysis is not None:
                self._become_ready()

    def _become_ready(self) -> None:
        self.is_ready = True
        self.ready.emit()

    def _show_analysis(self, tab: EditorTab, analysis: Analysis) -> None:
        self.status.show_analysis(analysis.words, analysis.reading, analysis.diagnostics)
        self.analysis_shown.emit(analysis)

    def _show_position(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            self.status.show_position(*tab.editor.line_column())

    def _editor_scrolled(self, tab: EditorTab) -> None:
        if tab is self.current_tab() and self.preview.isVisible():
            self.preview.follow_line(tab.editor.first_visible_line())

    def relint_current(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            self._request_analysis(tab)

    # -- problems and fixes -------------------------------------------------------------------
    def _marks_by_diagnostic(self, tab: EditorTab) -> dict[int, Mark]:
        return {id(m.data): m for m in tab.editor.diagnostic_marks}

    def jump_to_problem(self, index: int) -> None:
        tab = self.current_tab()
        if tab is None or tab.analysis is None or not 0 <= index < len(tab.analysis.diagnostics):
            return
        mark = self._marks_by_diagnostic(tab).get(id(tab.analysis.diagnostics[index]))
        if mark is None:
            return
        tab.editor.setTextCursor(mark.cursor)
        tab.editor.centerCursor()
        tab.editor.setFocus()

    def _step_problem(self, forward: bool) -> None:
        tab = self.current_tab()
        if tab is None or not tab.editor.diagnostic_marks:
            return
        here = tab.editor.textCursor().selectionStart()
        marks = sorted(tab.editor.diagnostic_marks, key=lambda m: m.start)
        if forward:
            target = next((m for m in marks if m.start > here), marks[0])
        else:
            target = next((m for m in reversed(marks) if m.start < here), marks[-1])
        tab.editor.setTextCursor(target.cursor)
        tab.editor.centerCursor()
        diagnostics = tab.analysis.diagnostics if tab.analysis else []
        for i, d in enumerate(diagnostics):
            if d is target.data:
                self.problems.select_diagnostic(i)
        self.show_status(target.data.message)

    def next_problem(self) -> None:
        self._step_problem(True)

    def previous_problem(self) -> None:
        self._step_problem(False)

    def quick_fix(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.editor.show_quick_fix_menu()

    def apply_fix(self, tab: EditorTab, mark: Mark) -> None:
        if tab.editor.apply_fixes([mark]):
            self.show_status(f"Fixed: {mark.data.message}")

    def _safe_marks(self) -> list[Mark]:
        """The current article's marks whose fix is marked safe (only these apply unasked)."""
        tab = self.current_tab()
        if tab is None:
            return []
        return [
            m
            for m in tab.editor.diagnostic_marks
            if getattr(m.data, "fix", None) is not None and m.data.fix.safe is True
        ]

    def _count_safe_fixes(self) -> None:
        """Show in the menu how many fixes "Fix All Safe" will apply."""
        action = self.actions.get("fix_all_safe")
        if action is None:
            return
        count = len(self._safe_marks())
        action.setText(f"Fix All &Safe ({count})" if count else "Fix All &Safe")
        action.setEnabled(count > 0)

    def fix_all_safe(self) -> int:
        """Apply every fix marked safe in the current article as one undo step.

        A fix that is not marked safe is applied only when the writer picks it
        from the quick-fix menu.
        """
        tab = self.current_tab()
        if tab is None:
            return 0
        count = tab.editor.apply_fixes(self._safe_marks())
        self.show_status(
            f"Applied {count} safe fixes (Ctrl+Z undoes them all)" if count else "No safe fixes"
        )
        self._count_safe_fixes()
        return count

    def ignore_here(self, tab: EditorTab, mark: Mark) -> None:
        """Silence one rule around the paragraph with Vale's in-document control."""
        from kbeditor.lint.edits import ignore_edit

        edit = ignore_edit(tab.text(), tab.editor.python_position(mark.start), mark.data)
        if edit is not None:
            tab.editor.replace_range(edit.start, edit.end, edit.text)
            self.show_status(f"{mark.data.rule} is off for this paragraph")

    def accept_word(self, tab: EditorTab, mark: Mark) -> None:
        """Add the flagged term to the workspace's accepted words and check again."""
        from kbeditor.lint.edits import accept_term

        term = (mark.data.match or "").strip()
        try:
            where = accept_term(self.workspace.root, term)
        except (OSError, KbError) as exc:
            self.show_notice(f"Could not add '{term}' to the accepted words: {exc}")
            return
        self.show_status(f"'{term}' added to the accepted words in {where.name}")
        self.reload_rules()

    def reload_rules(self) -> None:
        """Start again with fresh rules and config (after the vocabulary or config changed)."""
        self.workspace = Workspace(self.workspace.root)
        self.analyzer.lint = LintSession(self.workspace.root)
        self.scanner.lint = LintSession(self.workspace.root)
        for tab in self.tabs():
            self._request_analysis(tab)
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
        QTimer.singleShot(0, self._unelide_dock_tabs)

    def _unelide_dock_tabs(self) -> None:
        """Tabified docks show whole titles and scroll, rather than "Se…", "Re…", "S…"."""
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self:  # the dock areas' tab bars, not the editors'
                bar.setElideMode(Qt.TextElideMode.ElideNone)
                bar.setUsesScrollButtons(True)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.keeper.confirm_close(self.tabs()):
            event.ignore()
            return
        if self.remember:
            self.save_layout()
        self.keeper.stop()
        self._shutdown_panels()
        self.scanner.cancel()
        self.analyzer.wait(3000)
        self.scanner.wait(3000)
        event.accept()

    def _shutdown_panels(self) -> None:
        from kbeditor.gui.panels import panels_of

        found = panels_of(self)
        if found is not None and hasattr(found, "shutdown"):
            found.shutdown()

    # -- layout and session ---------------------------------------------------------------------
    def save_layout(self) -> None:
        session.set_value("window/geometry", self.saveGeometry())
        session.set_value("window/state", self.saveState(STATE_VERSION))
        session.set_value("window/splitter", self.splitter.saveState())
        session.set_value("window/preview", self.preview.isVisible())
        session.set_value("workspace/grouping", self.workspace_panel.grouping)
        tabs = self.tab_area.tabs()
        current = self.current_tab()
        rels = [self.workspace.display(t.path) for t in tabs]
        session.save_tabs(self.workspace.root, rels, tabs.index(current) if current in tabs else 0)

    def _first_size(self) -> None:
        free = self.screen().availableGeometry()
        width = min(FIRST_SIZE[0], int(free.width() * 0.9))
        height = min(FIRST_SIZE[1], int(free.height() * 0.9))
        self.resize(width, height)
        self.resizeDocks([self.problems_dock], [max(200, height // 4)], Qt.Orientation.Vertical)

    def _restore_layout(self) -> None:
        if not self.remember:
            return
        geometry = session.bytes_value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = session.bytes_value("window/state")
        if state is not None:
            self.restoreState(state, STATE_VERSION)
        splitter = session.bytes_value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        preview = session.value("window/preview", True)
        self.actions["toggle_preview"].setChecked(preview not in (False, "false"))
        grouping = session.value("workspace/grouping", "")
        if grouping:
            self.workspace_panel.set_grouping(str(grouping))

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
