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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kbeditor.article import Article, parse_article
from kbeditor.errors import KbError
from kbeditor.gui.badge_cache import content_digest
from kbeditor.gui.linting import LintSession, worst_severity
from kbeditor.gui.preview import render_preview
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


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the workspace panel shows for one article."""

    path: Path
    title: str
    product: str
    worst: str | None
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""


class _ScanSignals(QObject):
    found = Signal(object, object)  # generation, list[ArticleInfo]
    finished = Signal(object)  # generation


class _ScanJob(QRunnable):
    def __init__(self, scanner: WorkspaceScanner, generation: int, paths: list[Path]) -> None:
        super().__init__()
        self.scanner, self.generation, self.paths = scanner, generation, paths

    def run(self) -> None:
        batch: list[ArticleInfo] = []
        try:
            self.scanner._cache_for_scan()
            for path in self.paths:
                if self.scanner._cancelled(self.generation):
                    return
                batch.append(self.scanner.describe(path))
                if len(batch) >= 25:
                    _emit(self.scanner._signals.found, self.generation, batch)
                    batch = []
                time.sleep(0)  # let the UI thread take the interpreter between articles
            if batch:
                _emit(self.scanner._signals.found, self.generation, batch)
        except _Gone:
            return
        except Exception:
            log.exception("workspace scan failed")
        finally:
            self.scanner._save_cache()
        with contextlib.suppress(RuntimeError):
            self.scanner._signals.finished.emit(self.generation)


class WorkspaceScanner(QObject):
    """Reads titles and worst problems of many articles in the background.

    Signals:
        found(list[ArticleInfo]): a batch of described articles.
        finished(): the scan asked for last is complete.
    """

    found = Signal(object)
    finished = Signal()

    def __init__(self, lint: LintSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lint = lint
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _ScanSignals()
        self._signals.found.connect(self._found)
        self._signals.finished.connect(self._finished)
        self._generation = 0
        self._outstanding = 0
        self._lock = threading.Lock()
        self._cache: Any = None  # the lint session's BadgeCache, set by each scan job
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

    def describe(self, path: Path) -> ArticleInfo:
        """Title, product and worst problem of one article; from the badge cache if unchanged."""
        try:
            data = path.read_bytes()
        except OSError:
            return self._describe_article(path)  # reports why it cannot be read
        cache = self._cache
        digest = content_digest(data, path.name)
        known = cache.get(digest) if cache is not None else None
        if known is not None:
            return ArticleInfo(path, **known)
        info = self._describe_article(path, data)
        self.linted += 1
        if cache is not None:
            cache.put(
                digest,
                {"title": info.title, "product": info.product, "worst": info.worst,
                 "counts": info.counts, "error": info.error},
            )  # fmt: skip
        return info

    def _describe_article(self, path: Path, data: bytes | None = None) -> ArticleInfo:
        try:
            article = self._load(path, data)
        except KbError as exc:
            return ArticleInfo(path, path.stem.replace("-", " "), "", "error", {}, exc.message)
        worst = worst_severity(self.lint.lint(article))
        if article.errors:
            worst = "error"
        error = article.errors[0].message if article.errors else ""
        product = article.metadata.product or ""
        return ArticleInfo(path, article.title, product, worst, article.counts(), error)

    @staticmethod
    def _load(path: Path, data: bytes | None = None) -> Article:
        """The article as ``load_article`` reads it, from bytes already read when given."""
        from kbeditor.article import article_from_bytes, load_article

        if data is None:
            return load_article(path)
        return article_from_bytes(data, path)

    # -- the badge cache (worker thread only) ---------------------------------------------
    def _cache_for_scan(self) -> None:
        self._cache = self.lint.badge_cache()

    def _save_cache(self) -> None:
        if self._cache is not None:
            self._cache.save()

    def _cancelled(self, generation: int) -> bool:
        with self._lock:
            return generation != self._generation

    def _found(self, generation: int, batch: list[ArticleInfo]) -> None:
        if generation == self._generation:
            self.found.emit(batch)

    def _finished(self, generation: int) -> None:
        self._outstanding -= 1
        if self._outstanding <= 0:
            self._outstanding = 0
            self.running = False
            self.finished.emit()
