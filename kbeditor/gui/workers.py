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
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from kbeditor.article import Article, parse_article
from kbeditor.errors import KbError
from kbeditor.gui.badge_cache import content_digest
from kbeditor.gui.jobs import JobRunner
from kbeditor.gui.linting import LintSession, worst_severity
from kbeditor.gui.preview import render_preview
from kbeditor.lint.limits import too_large
from kbeditor.readability_summary import ReadabilitySummary, summarise

log = logging.getLogger(__name__)

SCAN_BATCH = 25  # articles described per scan job: the badges fill in as each batch arrives


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


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the workspace panel shows for one article."""

    path: Path
    title: str
    product: str
    worst: str | None
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""


class WorkspaceScanner(QObject):
    """Reads titles and worst problems of many articles in the background.

    A scan is a series of jobs of :data:`SCAN_BATCH` articles, owned by the current
    workspace's scan token: :meth:`cancel` destroys the token, and the job runner
    drops every batch of it, waiting or done.

    Signals:
        found(list[ArticleInfo]): a batch of described articles.
        finished(): every scan asked for is complete.
    """

    found = Signal(object)
    finished = Signal()

    def __init__(self, lint: LintSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lint = lint
        self._runner = JobRunner(self)
        self._runner.idle.connect(self._idle)
        self._token = QObject()
        self._batches = 0
        self._cache: Any = None  # the lint session's BadgeCache (worker thread only)
        self.linted = 0  # articles linted (not answered from the badge cache) by this scanner
        self.running = False

    def scan(self, paths: list[Path]) -> None:
        """Describe ``paths`` after any scan already queued (scans never cancel each other)."""
        paths = list(paths)
        self.running = True
        for start in range(0, len(paths), SCAN_BATCH):
            self._batches += 1
            batch = paths[start : start + SCAN_BATCH]
            self._runner.submit(
                ("scan", self._batches),
                partial(self._describe_batch, batch),
                self.found.emit,
                owner=self._token,
            )
        # Not owned by the token: a cancelled scan still keeps what it learnt.
        self._batches += 1
        self._runner.submit(("scan", self._batches), self._save_cache, _ignore)

    def cancel(self) -> None:
        """Drop every queued and running scan (the workspace changed)."""
        shiboken6.delete(self._token)
        self._token = QObject()

    def wait(self, msecs: int = 30000) -> bool:
        return self._runner.wait(msecs)

    def _describe_batch(self, paths: list[Path]) -> list[ArticleInfo]:
        """On the worker: describe one batch, reading the badge cache at a scan's first batch."""
        if self._cache is None:
            self._cache = self.lint.badge_cache()
        infos = []
        for path in paths:
            infos.append(self.describe(path))
            time.sleep(0)  # let the UI thread take the interpreter between articles
        return infos

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
    def _save_cache(self) -> None:
        if self._cache is not None:
            self._cache.save()
        self._cache = None  # the next scan reads it again (the lint session may be new)

    def _idle(self) -> None:
        if self.running:
            self.running = False
            self.finished.emit()


def _ignore(_result: object) -> None:
    """A job whose result no one needs (it is run for its effect)."""
