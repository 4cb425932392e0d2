"""The workspace check: what the workspace panel shows for each article, cached or linted.

Two passes over the articles asked for. The first answers every article whose
bytes are in the workspace's lint cache (:mod:`kbeditor.lint.cache`, shared
with ``kbeditor lint``): reading and hashing a file is cheap, so a restart shows
every unchanged badge within seconds. The second lints what is left: a few
articles (a save, a file changed on disk) on the calling thread; many (the first
start on a large workspace, new rules) in worker processes
(:mod:`kbeditor.gui.check_pool`), so typing never waits behind the linter.

Answers go out in batches with the count checked so far, for the progress the
window shows. Nothing holds an Article after it is described. No Qt here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbeditor.article import Article
from kbeditor.errors import KbError
from kbeditor.gui import check_pool
from kbeditor.gui.linting import LintSession, worst_severity
from kbeditor.lint.batch import Recipe
from kbeditor.lint.cache import content_digest

log = logging.getLogger(__name__)

# Below this many articles to lint, starting worker processes (each builds the rule set,
# seconds) costs more than linting them here.
POOL_MIN = 32
BATCH = 100  # at most this many articles per batch sent to the panel (one progress step)...
BATCH_S = 0.5  # ...or what was described in this time, so slow progress still shows


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the workspace panel shows for one article."""

    path: Path
    title: str
    product: str
    worst: str | None
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""


# report(batch, checked so far, total): a batch of described articles.
Report = Callable[[list[ArticleInfo], int, int], None]


class WorkspaceCheck:
    """One check of many articles for one workspace.

    Args:
        lint: the session whose rules judge the articles (its cache, its linter).
        stop: true when the check is no longer wanted (the workspace changed).
        report: receives each batch with the progress.
    """

    def __init__(self, lint: LintSession, stop: Callable[[], bool], report: Report) -> None:
        self.lint = lint
        self.stop = stop
        self.report = report
        self.cache: Any = lint.badge_cache()
        self.linted = 0  # articles linted here or in a worker (not answered from the cache)
        self._batch: list[ArticleInfo] = []
        self._sent = time.monotonic()
        self._checked = 0
        self._total = 0

    def run(self, paths: list[Path]) -> None:
        self._total = len(paths)
        self.report([], 0, self._total)
        todo = [p for p in paths if not self._answer_from_cache(p)]
        if self.stop():
            return
        self._flush()
        if len(todo) >= POOL_MIN and check_pool.workers() > 0:
            todo = self._lint_in_workers(todo)
        for path in todo:
            if self.stop():
                return
            self._add(self.describe(path))
            time.sleep(0)  # let the UI thread take the interpreter between articles
        self._flush()

    # -- one article ------------------------------------------------------------------------
    def describe(self, path: Path) -> ArticleInfo:
        """Title, product and worst problem of one article; from the cache if unchanged."""
        read = _read(path)
        if read is None:
            return self._describe_article(path)  # reports why it cannot be read
        data, digest = read
        known = self.cache.get(digest) if self.cache is not None else None
        if known is not None:
            return ArticleInfo(path, **known)
        info = self._describe_article(path, data)
        self.linted += 1
        if self.cache is not None:
            self.cache.put(digest, _badge(info))
        return info

    def _answer_from_cache(self, path: Path) -> bool:
        if self.cache is None or self.stop():
            return False
        read = _read(path)
        known = self.cache.get(read[1]) if read is not None else None
        if known is None:
            return False
        self._add(ArticleInfo(path, **known))
        return True

    def _describe_article(self, path: Path, data: bytes | None = None) -> ArticleInfo:
        try:
            article = _load(path, data)
        except KbError as exc:
            return ArticleInfo(path, path.stem.replace("-", " "), "", "error", {}, exc.message)
        worst = worst_severity(self.lint.lint(article))
        if article.errors:
            worst = "error"
        error = article.errors[0].message if article.errors else ""
        product = article.metadata.product or ""
        return ArticleInfo(path, article.title, product, worst, article.counts(), error)

    # -- many articles, in worker processes --------------------------------------------------
    def _lint_in_workers(self, todo: list[Path]) -> list[Path]:
        """Lint ``todo`` in worker processes; returns what is left to lint here (none, normally)."""
        recipe = Recipe(None, str(self.lint.root), None)
        left = dict.fromkeys(todo)
        jobs = min(check_pool.workers(), max(1, len(todo) // POOL_MIN))
        pool = check_pool.start_pool(recipe, jobs)
        try:
            answers = check_pool.check_all(
                pool, recipe, _jobs(todo), self.stop, jobs * check_pool.IN_FLIGHT_PER_WORKER
            )
            for path, digest, (badge, blob) in answers:
                left.pop(path, None)
                self.linted += 1
                if badge is None:  # not an article (binary, undecodable): say why, as here
                    self._add(self._describe_article(path))
                    continue
                if self.cache is not None:
                    self.cache.put_encoded(digest, badge, blob)
                self._add(ArticleInfo(path, **badge))
        except (BrokenProcessPool, RuntimeError, OSError) as exc:
            # Workers could not start (a frozen or guard-less main module raises RuntimeError,
            # no processes left raises OSError) or died: lint the rest here.
            log.warning(
                "workspace check: worker processes failed (%s); checking in the editor", exc
            )
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        return [] if self.stop() else list(left)

    # -- batches and progress ---------------------------------------------------------------
    def _add(self, info: ArticleInfo) -> None:
        self._batch.append(info)
        self._checked += 1
        if len(self._batch) >= BATCH or time.monotonic() - self._sent >= BATCH_S:
            self._flush()

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        self._sent = time.monotonic()
        if batch:
            self.report(batch, self._checked, self._total)


def _badge(info: ArticleInfo) -> dict[str, Any]:
    return {
        "title": info.title, "product": info.product, "worst": info.worst,
        "counts": info.counts, "error": info.error,
    }  # fmt: skip


def _read(path: Path) -> tuple[bytes, str] | None:
    """The file's bytes and lint-cache key; None when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data, content_digest(data, path.name)


def _jobs(paths: list[Path]) -> Iterator[check_pool.Job]:
    """Each article's bytes as the pool asks for them (so few are held at once)."""
    for path in paths:
        read = _read(path)
        if read is not None:
            yield path, read[0], read[1]


def _load(path: Path, data: bytes | None = None) -> Article:
    """The article as ``load_article`` reads it, from bytes already read when given."""
    from kbeditor.article import article_from_bytes, load_article

    if data is None:
        return load_article(path)
    return article_from_bytes(data, path)
