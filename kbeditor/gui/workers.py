"""Background work for the editor: analysis of open articles and the workspace scan.

Nothing here blocks typing. Each request carries the revision of the text it
was made for; the window drops results whose revision is no longer current.
Requests are coalesced: while an analysis runs, newer requests replace older
pending ones, so a burst of typing costs one analysis, not one per key.
Analyses run on a pool of one thread, which also keeps the linter's caches
single-threaded.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kbeditor.article import Article, parse_article
from kbeditor.gui.linting import LintSession
from kbeditor.gui.preview import render_preview
from kbeditor.gui.workspace_check import ArticleInfo, WorkspaceCheck
from kbeditor.lint.limits import too_large
from kbeditor.readability_summary import ReadabilitySummary, summarise

log = logging.getLogger(__name__)

APPLY_WAIT_S = 0.25  # longest the worker waits for the UI thread to apply a lint result


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


class _Gone(Exception):
    """The object that would receive a result has been deleted (the window closed)."""


def _emit(signal: Any, *args: Any) -> None:
    try:
        signal.emit(*args)
    except RuntimeError as exc:
        raise _Gone from exc


class _Signals(QObject):
    analysed = Signal(object)
    previewed = Signal(object)
    # Carries the request key: an argument-less signal emitted from a worker thread has
    # been seen to unbalance None's reference count in PySide6 on Python 3.11.
    done = Signal(object)


class _AnalysisJob(QRunnable):
    def __init__(self, analyzer: Analyzer, request: AnalysisRequest) -> None:
        super().__init__()
        self.analyzer = analyzer
        self.request = request

    def run(self) -> None:
        try:
            self.analyzer._run(self.request)
        except _Gone:
            return
        except Exception:  # never let a worker die silently with the queue stuck
            log.exception("analysis failed")
        with contextlib.suppress(RuntimeError):  # the window closed while this ran
            self.analyzer._signals.done.emit(self.request.key)


class Analyzer(QObject):
    """Lints, counts and renders editor text off the UI thread.

    Signals:
        analysed(Analysis): lint results for a revision.
        previewed(PreviewResult): preview HTML for a revision.
    """

    analysed = Signal(object)
    previewed = Signal(object)

    def __init__(self, lint: LintSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lint = lint
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals()
        self._signals.analysed.connect(self._deliver)
        self._signals.previewed.connect(self.previewed)
        self._applied = threading.Event()  # the UI thread has handled the last analysis
        self._signals.done.connect(self._next)
        self._pending: dict[int, AnalysisRequest] = {}
        self._running = False
        self._previous: dict[int, Any] = {}  # worker-thread only: last results per tab
        self._forgotten: set[int] = set()
        self._forget_lock = threading.Lock()

    def request(self, request: AnalysisRequest) -> None:
        self._pending.pop(request.key, None)
        self._pending[request.key] = request
        if not self._running:
            self._next()

    def forget(self, key: int) -> None:
        """A tab closed: drop its pending request and, in the worker, its cached results."""
        self._pending.pop(key, None)
        with self._forget_lock:
            self._forgotten.add(key)

    def busy(self) -> bool:
        return self._running or bool(self._pending)

    def wait(self, msecs: int = 5000) -> None:
        self._pool.waitForDone(msecs)

    def _deliver(self, result: Analysis) -> None:
        """On the UI thread: hand the result to the window, then let the worker go on."""
        try:
            self.analysed.emit(result)
        finally:
            self._applied.set()

    def _next(self, _finished_key: object = None) -> None:
        self._running = False
        if not self._pending:
            return
        key = next(iter(self._pending))
        request = self._pending.pop(key)
        self._running = True
        self._pool.start(_AnalysisJob(self, request))

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

    def _run(self, request: AnalysisRequest) -> None:
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
        self._applied.clear()
        _emit(
            self._signals.analysed,
            Analysis(
                request.key, request.revision, request.text, article, diagnostics, words, reading,
                time.perf_counter() - began,
            )
        )  # fmt: skip
        # Wait (without the interpreter lock) while the UI thread applies the result: rendering
        # the preview meanwhile would make the two threads take turns and slow both.
        self._applied.wait(APPLY_WAIT_S)
        if request.preview and request.key not in self._pending:  # newer text: render that instead
            html, lines = render_preview(article)
            _emit(
                self._signals.previewed, PreviewResult(request.key, request.revision, html, lines)
            )


# -- the workspace scan ------------------------------------------------------------------


class _ScanSignals(QObject):
    found = Signal(object, object)  # generation, list[ArticleInfo]
    progress = Signal(object, object, object)  # generation, checked, total
    finished = Signal(object)  # generation


class _ScanJob(QRunnable):
    def __init__(self, scanner: WorkspaceScanner, generation: int, paths: list[Path]) -> None:
        super().__init__()
        self.scanner, self.generation, self.paths = scanner, generation, paths

    def run(self) -> None:
        check: WorkspaceCheck | None = None
        try:
            check = WorkspaceCheck(
                self.scanner.lint, lambda: self.scanner._cancelled(self.generation), self._report
            )
            check.run(self.paths)
        except _Gone:
            return
        except Exception:
            log.exception("workspace scan failed")
        finally:
            if check is not None:
                self.scanner.linted += check.linted
                if check.cache is not None:
                    check.cache.save()
        with contextlib.suppress(RuntimeError):
            self.scanner._signals.finished.emit(self.generation)

    def _report(self, batch: list[ArticleInfo], checked: int, total: int) -> None:
        signals = self.scanner._signals
        if batch:
            _emit(signals.found, self.generation, batch)
        _emit(signals.progress, self.generation, checked, total)


class WorkspaceScanner(QObject):
    """Reads titles and worst problems of many articles in the background.

    The work itself is :class:`kbeditor.gui.workspace_check.WorkspaceCheck`: cached
    answers first, then the rest linted in worker processes when there are many.

    Signals:
        found(list[ArticleInfo]): a batch of described articles.
        progress(int checked, int total): how far the running scan is.
        finished(): the scan asked for last is complete.
    """

    found = Signal(object)
    progress = Signal(int, int)
    finished = Signal()

    def __init__(self, lint: LintSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lint = lint
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _ScanSignals()
        self._signals.found.connect(self._found)
        self._signals.progress.connect(self._progress)
        self._signals.finished.connect(self._finished)
        self._generation = 0
        self._outstanding = 0
        self._lock = threading.Lock()
        self.linted = 0  # articles linted (not answered from the badge cache) by this scanner
        self.running = False

    def scan(self, paths: list[Path]) -> None:
        """Describe ``paths`` after any scan already queued (scans never cancel each other)."""
        with self._lock:
            generation = self._generation
        self._outstanding += 1
        self.running = True
        self._pool.start(_ScanJob(self, generation, list(paths)))

    def cancel(self) -> None:
        """Drop every queued and running scan (the workspace changed)."""
        with self._lock:
            self._generation += 1

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def _cancelled(self, generation: int) -> bool:
        with self._lock:
            return generation != self._generation

    def _found(self, generation: int, batch: list[ArticleInfo]) -> None:
        if generation == self._generation:
            self.found.emit(batch)

    def _progress(self, generation: int, checked: int, total: int) -> None:
        if generation == self._generation:
            self.progress.emit(checked, total)

    def _finished(self, generation: int) -> None:
        self._outstanding -= 1
        if self._outstanding <= 0:
            self._outstanding = 0
            self.running = False
            self.finished.emit()
