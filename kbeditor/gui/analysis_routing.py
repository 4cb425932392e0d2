"""Routing of editor text to the analyzer, and of its results to the panels that show them.

Typing marks a tab dirty (and tells the analyzer that no result for its
earlier text is wanted); after a pause its text goes to the
:class:`~kbeditor.gui.workers.Analyzer`. Stale results are dropped in its job
runner, so what arrives here is for the tab's current text; only the current
tab's results reach the problems panel, the preview and the status bar. The window wires this object to its widgets once and
re-emits its signals as its own, the contract side panels rely on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kbeditor.gui.editor_tab import EditorTab
from kbeditor.gui.linting import worst_severity
from kbeditor.gui.preview import PreviewPanel
from kbeditor.gui.problems import ProblemsPanel
from kbeditor.gui.status import StatusFields
from kbeditor.gui.tab_area import TabArea
from kbeditor.gui.workers import Analysis, AnalysisRequest, Analyzer, PreviewResult
from kbeditor.gui.workspace_panel import WorkspacePanel

LINT_PAUSE_MS = 120  # pause in typing before the text is checked again


class AnalysisRouter(QObject):
    """Sends dirty tabs to the analyzer and shows each result where it belongs.

    Args:
        tab_area: the open tabs (results for a tab no longer there are dropped).
        analyzer: the background analysis of editor text.
        problems: the problems panel (current tab's diagnostics).
        preview: the preview panel (current tab's HTML).
        status: the status bar fields (words, grade, problem counts).
        badges: the workspace panel, whose badge shows each article's worst problem.
        preview_wanted: whether a preview is worth rendering now (it is on show, or the
            window is not shown yet).

    Signals:
        text_changed_debounced(object path, str text): the current tab's text settled.
        lint_finished(object path, object diagnostics): live lint results for an article.
        analysis_shown(object analysis): the current tab's Analysis is on show (None: none).
        problems_shown(): the problems panel shows another list (the safe-fix count may differ).
        notice(str): a window-wide message (a broken rule file).
        ready(): the first article is open, linted and previewed.
    """

    text_changed_debounced = Signal(object, str)
    lint_finished = Signal(object, object)
    analysis_shown = Signal(object)
    problems_shown = Signal()
    notice = Signal(str)
    ready = Signal()

    def __init__(
        self,
        tab_area: TabArea,
        analyzer: Analyzer,
        problems: ProblemsPanel,
        preview: PreviewPanel,
        status: StatusFields,
        badges: WorkspacePanel,
        preview_wanted: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tab_area, self.analyzer = tab_area, analyzer
        self.problems, self.preview, self.status, self.badges = problems, preview, status, badges
        self.preview_wanted = preview_wanted
        self.is_ready = False
        self._dirty: set[int] = set()
        self.lint_timer = QTimer(self, singleShot=True, interval=LINT_PAUSE_MS)
        self.lint_timer.timeout.connect(self._analyse_dirty)
        analyzer.analysed.connect(self.analysed)
        analyzer.previewed.connect(self.previewed)

    # -- requests --------------------------------------------------------------------------
    def text_changed(self, tab: EditorTab) -> None:
        self.analyzer.invalidate(tab.key)
        self._dirty.add(tab.key)
        self.lint_timer.start()

    def request(self, tab: EditorTab) -> None:
        if not tab.readable:
            return
        self.analyzer.request(
            AnalysisRequest(
                tab.key, tab.revision, tab.text(), tab.path, preview=self.preview_wanted()
            )
        )

    def relint_current(self) -> None:
        tab = self.tab_area.current_tab()
        if tab is not None:
            self.request(tab)

    def preview_toggled(self, shown: bool) -> None:
        """The preview is back on show: render the current text (hidden, nothing is rendered)."""
        if shown:
            self.relint_current()

    def forget(self, tab: EditorTab) -> None:
        """The tab is closing: no pending or future result of it is wanted."""
        self.analyzer.forget(tab.key)
        self._dirty.discard(tab.key)

    def _analyse_dirty(self) -> None:
        by_key = {t.key: t for t in self.tab_area.tabs()}
        for key in sorted(self._dirty):
            tab = by_key.get(key)
            if tab is not None:
                self.request(tab)
                if not tab.readable and tab is self.tab_area.current_tab():
                    self.text_changed_debounced.emit(tab.path, tab.text())
        self._dirty.clear()

    # -- results ---------------------------------------------------------------------------
    def _tab_for(self, key: int) -> EditorTab | None:
        return next((t for t in self.tab_area.tabs() if t.key == key), None)

    def analysed(self, result: Analysis) -> None:
        tab = self._tab_for(result.key)
        if tab is None:
            return
        tab.analysis = result
        tab.editor.set_diagnostics(result.diagnostics, result.text)
        for notice in self.analyzer.lint.notices:
            self.notice.emit(notice)
        current = tab is self.tab_area.current_tab()
        if current:
            self.problems.show_diagnostics(result.diagnostics)
            self.problems_shown.emit()
            self._show_analysis(result)
        worst = "error" if result.article.errors else worst_severity(result.diagnostics)
        self.badges.set_worst(tab.path, worst, result.article.title)
        self.lint_finished.emit(tab.path, result.diagnostics)
        if current and result.revision > tab.announced_revision:
            # Side panels start their own background work on this signal; sending it once
            # the underlines are in keeps them from competing with the lint for the CPU.
            tab.announced_revision = result.revision
            self.text_changed_debounced.emit(tab.path, result.text)

    def previewed(self, result: PreviewResult) -> None:
        tab = self._tab_for(result.key)
        if tab is None:
            return
        tab.preview = result
        if tab is self.tab_area.current_tab():
            self.preview.show_html(result.html, result.lines, tab.path.parent)
            self.preview.follow_line(tab.editor.first_visible_line())
            if not self.is_ready and tab.analysis is not None:
                self._become_ready()

    # -- the current tab ---------------------------------------------------------------------
    def show_current(self, tab: EditorTab | None) -> None:
        """Show what is known of another current tab; ask for what is not known yet."""
        if tab is None:
            self.problems.show_diagnostics([])
            self.problems_shown.emit()
            self.preview.clear_preview()
            self.status.clear()
            self.analysis_shown.emit(None)
            return
        if not tab.readable and not self.is_ready:
            self._become_ready()  # nothing to check or preview in a file that cannot be read
        if tab.analysis is not None:
            self.problems.show_diagnostics(tab.analysis.diagnostics)
            self._show_analysis(tab.analysis)
        else:
            # Nothing of the previous article may stay on show while this one is checked.
            self.problems.show_pending(
                "Not checked: this file cannot be read as an article."
                if not tab.readable
                else "Checking…"
            )
            self.status.clear()
            self.analysis_shown.emit(None)
        self.problems_shown.emit()
        if tab.preview is not None:
            self.preview.show_html(tab.preview.html, tab.preview.lines, tab.path.parent)
        else:
            self.preview.clear_preview()
            self.request(tab)

    def editor_scrolled(self, tab: EditorTab) -> None:
        if tab is self.tab_area.current_tab() and self.preview.isVisible():
            self.preview.follow_line(tab.editor.first_visible_line())

    def _become_ready(self) -> None:
        self.is_ready = True
        self.ready.emit()

    def _show_analysis(self, analysis: Analysis) -> None:
        self.status.show_analysis(analysis.words, analysis.reading, analysis.diagnostics)
        self.analysis_shown.emit(analysis)
