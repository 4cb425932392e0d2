"""Background work for the editor: analysis of open articles and the workspace scan.

Nothing here blocks typing. Both run on a :class:`~kbeditor.gui.jobs.JobRunner`
of their own, which coalesces requests (while an analysis runs, a newer request
replaces an older waiting one, so a burst of typing costs one analysis) and
drops results nobody wants any more. Analyses run one at a time, which also
keeps the linter's caches single-threaded.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from kbeditor.article import Article, parse_article
from kbeditor.gui.jobs import JobRunner
from kbeditor.gui.linting import LintSession
from kbeditor.gui.preview import render_preview
from kbeditor.gui.workspace_check import ArticleInfo, WorkspaceCheck
from kbeditor.lint.limits import too_large
from kbeditor.readability_summary import ReadabilitySummary, summarise

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AnalysisRequest:
    key: int  # which editor tab
    revision: int
    text: str
    path: Path | None
    preview: bool = True


@dataclass(frozen=True, slots=True)
class Analysis:
    """Lint results and statistics for one revision of one editor's text."""

    key: int
    revision: int
    text: str
    article: Article
    diagnostics: list[Any]
    words: int
    reading: ReadabilitySummary | None  # grade, target and hard sentences under the rules in force
    seconds: float


@dataclass(frozen=True, slots=True)
class PreviewResult:
    key: int
    revision: int
    html: str
    lines: list[int]


class Analyzer(QObject):
    """Lints, counts and renders editor text off the UI thread, one job at a time.

    Lint jobs are keyed by tab: a newer request, or :meth:`invalidate` (the text
    changed), drops the older one's result in the job runner. The preview is
    rendered as a second job once the lint result has been handed over, so the
    two never compete for the interpreter with the UI thread applying underlines.

    Signals:
        analysed(Analysis): lint results for the current revision of a tab's text.
        previewed(PreviewResult): preview HTML for the current revision.
    """

    analysed = Signal(object)
    previewed = Signal(object)

    def __init__(self, lint: LintSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lint = lint
        self._runner = JobRunner(self)
        self._previous: dict[int, Any] = {}  # worker-thread only: last results per tab
        self._forgotten: set[int] = set()
        self._forget_lock = threading.Lock()

    def request(self, request: AnalysisRequest) -> None:
        self._runner.submit(
            ("lint", request.key),
            lambda: self._run(request),
            lambda result: self._analysed(request, result),
        )

    def invalidate(self, key: int) -> None:
        """The tab's text changed: no result for its earlier text is wanted."""
        self._runner.cancel(("lint", key))
        self._runner.cancel(("preview", key))

    def forget(self, key: int) -> None:
        """A tab closed: drop its pending work and, in the worker, its cached results."""
        self.invalidate(key)
        with self._forget_lock:
            self._forgotten.add(key)

    def busy(self) -> bool:
        return self._runner.busy()

    def wait(self, msecs: int = 5000) -> None:
        self._runner.wait(msecs)

    def _analysed(self, request: AnalysisRequest, result: Analysis) -> None:
        """On the UI thread: hand the result on, then render the preview of the same text."""
        self.analysed.emit(result)
        if request.preview:
            article = result.article
            self._runner.submit(
                ("preview", request.key),
                lambda: PreviewResult(request.key, request.revision, *render_preview(article)),
                self.previewed.emit,
            )

    def _reading(self, article: Article) -> ReadabilitySummary | None:
        """The reading figures under the workspace's rules; the lint just graded this article, so
        its grade comes from the cache and the sentence counts are all cached."""
        linter = self.lint.linter()
        if linter is None or too_large(article, linter.max_chars):
            return None  # not linted either (kbeditor.TooLarge says why)
        try:
            return summarise(article, linter.view_rules, reading=linter.profile(article))
        except Exception:  # a figure that cannot be computed must not stop the lint results
            log.exception("reading figures failed")
            return None

    def _run(self, request: AnalysisRequest) -> Analysis:
        with self._forget_lock:
            for key in self._forgotten:
                self._previous.pop(key, None)
            self._forgotten.clear()
        began = time.perf_counter()
        article = parse_article(request.text, request.path)
        previous = self._previous.get(request.key)
        diagnostics, self._previous[request.key] = self.lint.check(article, previous)
        words = article.counts()["words"]
        reading = self._reading(article)
        return Analysis(
            request.key, request.revision, request.text, article, diagnostics, words, reading,
            time.perf_counter() - began,
        )  # fmt: skip


# -- the workspace scan ------------------------------------------------------------------


class _ScanSignals(QObject):
    # Emitted on the worker thread while a check runs; each carries the scan's generation.
    found = Signal(object, object)  # generation, list[ArticleInfo]
    progress = Signal(object, object, object)  # generation, checked, total


class WorkspaceScanner(QObject):
    """Reads titles and worst problems of many articles in the background.

    Each scan is one job of the window's :class:`~kbeditor.gui.jobs.JobRunner`, owned by
    the current workspace's scan token; the work itself is
    :class:`kbeditor.gui.workspace_check.WorkspaceCheck` (cached answers first, then the
    rest linted, in worker processes when there are many). Its batches and progress
    arrive while it runs; :meth:`cancel` destroys the token and moves the generation on,
    so the running check stops and nothing more of it is shown.

    Signals:
        found(list[ArticleInfo]): a batch of described articles.
        progress(int checked, int total): how far the running scan is.
        finished(): every scan asked for is complete.
    """

    found = Signal(object)
    progress = Signal(object, object)
    finished = Signal()

    def __init__(self, lint: LintSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lint = lint
        self._runner = JobRunner(self)
        self._runner.idle.connect(self._idle)
        self._token = QObject()
        self._generation = 0  # read by the worker: a check of an older one stops
        self._scans = 0
        self._signals = _ScanSignals(self)
        self._signals.found.connect(self._found)
        self._signals.progress.connect(self._progress)
        self.linted = 0  # articles linted (not answered from the badge cache) by this scanner
        self.running = False

    def scan(self, paths: list[Path]) -> None:
        """Describe ``paths`` after any scan already queued (scans never cancel each other)."""
        self.running = True
        self._scans += 1
        work = partial(self._check, self._generation, list(paths))
        self._runner.submit(("scan", self._scans), work, _ignore, owner=self._token)

    def cancel(self) -> None:
        """Drop every queued and running scan (the workspace changed)."""
        self._generation += 1
        shiboken6.delete(self._token)
        self._token = QObject()

    def wait(self, msecs: int = 30000) -> bool:
        return self._runner.wait(msecs)

    # -- the worker thread -----------------------------------------------------------------
    def _check(self, generation: int, paths: list[Path]) -> None:
        check = WorkspaceCheck(
            self.lint, lambda: generation != self._generation, partial(self._report, generation)
        )
        try:
            check.run(paths)
        finally:
            self.linted += check.linted
            if check.cache is not None:
                check.cache.save()  # a cancelled check still keeps what it learnt

    def _report(self, generation: int, batch: list[ArticleInfo], checked: int, total: int) -> None:
        if batch:
            self._signals.found.emit(generation, batch)
        self._signals.progress.emit(generation, checked, total)

    # -- the GUI thread ----------------------------------------------------------------------
    def _found(self, generation: int, batch: list[ArticleInfo]) -> None:
        if generation == self._generation:
            self.found.emit(batch)

    def _progress(self, generation: int, checked: int, total: int) -> None:
        if generation == self._generation:
            self.progress.emit(checked, total)

    def _idle(self) -> None:
        if self.running:
            self.running = False
            self.finished.emit()


def _ignore(_result: object) -> None:
    """A job whose result no one needs (it is run for its effect)."""
