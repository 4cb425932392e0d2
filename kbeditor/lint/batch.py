"""Linting many articles: across worker processes, answers in the order asked, memory bounded.

A knowledge base of 10^4 articles keeps one core busy for minutes. Here the
articles are linted by a process pool, each worker building each rule set it
needs once (:func:`_start_worker`; with ``fork`` it inherits the caller's), and
results come back in submission order through a bounded window, so a report
can be written as results arrive while at most a few dozen are held at a time.

Every unit of work is plain data (bytes in, diagnostics and badge facts out),
so nothing here depends on how the caller reports or caches results.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.processes import can_fork, start_method


@dataclass(frozen=True, slots=True)
class Recipe:
    """How to build one rule set: an explicit configuration file, or the one found from a folder."""

    config: str | None
    folder: str
    min_level: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What linting one article gave: its diagnostics and the editor's badge facts (None when unreadable)."""

    diagnostics: list[Diagnostic]
    badge: dict[str, Any] | None


_built: dict[Recipe, Any] = {}  # Recipe -> Linter, in this process


def build_linter(recipe: Recipe) -> Any:
    """The Linter of a recipe, built once per process."""
    linter = _built.get(recipe)
    if linter is None:
        from kbeditor.lint.engine import Linter
        from kbeditor.lint.settings import from_file, settings_for

        settings = from_file(recipe.config) if recipe.config else settings_for(Path(recipe.folder))
        if recipe.min_level:
            settings.min_level = recipe.min_level
        linter = _built[recipe] = Linter.from_settings(settings)
        warm(linter)
    return linter


def remember(recipe: Recipe, linter: Any) -> None:
    """Use an already built Linter for ``recipe`` (forked workers inherit it)."""
    warm(linter)
    _built[recipe] = linter


def warm(linter: Any) -> None:
    """Load what the rules read lazily (spelling dictionaries) before any article is linted.

    Loaded during the first article's check, a dictionary counts against the
    rule's time budget, once in every worker at the same moment (a busy
    machine stopped KB.Spelling there); loaded before workers fork, they share it.
    """
    from kbeditor.lint.speller import frequencies
    from kbeditor.lint.textstats import word_syllables

    spellers = [r.check.speller for r in linter.rules if hasattr(r.check, "speller")]
    for speller in spellers:
        _ = speller.dictionaries
    if spellers:
        frequencies()
    word_syllables("warm")  # the syllable table of the CMU dictionary, read on first use


def lint_bytes(recipe: Recipe, path: str, data: bytes) -> Outcome:
    """Lint one article from its bytes. A file that is not text gives one ``kbeditor.File`` error."""
    from kbeditor.article import article_from_bytes
    from kbeditor.errors import ArticleError

    try:
        article = article_from_bytes(data, Path(path))
    except ArticleError as exc:
        return Outcome([file_problem(exc.message)], None)
    diags = build_linter(recipe).lint(article)
    worst = "error" if article.errors else worst_severity(diags)
    badge = {
        "title": article.title,
        "product": article.metadata.product or "",
        "worst": worst,
        "counts": article.counts(),
        "error": article.errors[0].message if article.errors else "",
    }
    return Outcome(list(diags), badge)


def worst_severity(diagnostics: Iterable[Diagnostic]) -> str | None:
    """The most serious severity among diagnostics, or None when there are none."""
    found = {d.severity for d in diagnostics}
    return next((s for s in ("error", "warning", "suggestion") if s in found), None)


def file_problem(message: str) -> Diagnostic:
    """The one error of a file that could not be read (or was refused)."""
    return Diagnostic(
        "kbeditor.File", "structure", "error", message, "The file could not be read.",
        "", "", 0, 0, 1, 1, 1, 1, None,
    )  # fmt: skip


def _start_worker(recipes: list[Recipe]) -> None:
    for recipe in recipes:
        build_linter(recipe)


# -- the ordered pool --------------------------------------------------------------------

Task = tuple[Recipe, str, bytes]
# An item is either an answer known already (from a cache, or a file that could not be
# read) or a task to run; ordered() yields the answers in the items' order.
Item = tuple[Outcome | None, Task | None]


# Articles each worker lints before the pool is replaced by fresh forks of the caller.
# The rules keep answers between articles (bounded caches of sentences and words, several
# sized for tens of thousands of entries), so a worker grew by 0.05 to 0.1 MB an article
# for thousands of articles (350 MB at 6,000). A fresh fork starts again from the caller's
# pages, which hold the built rule sets and what the first article warmed; a replacement
# costs about 0.4 s of CPU a worker (its caches fill again), so not too often.
TASKS_PER_WORKER = 1000


def ordered(
    items: Iterable[Item], jobs: int, recipes: list[Recipe], per_worker: int = TASKS_PER_WORKER
) -> Iterator[Outcome]:
    """Outcomes in the order of ``items``; tasks run on ``jobs`` processes (1: here).

    Forked workers are replaced after ``per_worker`` tasks each (see :data:`TASKS_PER_WORKER`).
    """
    if jobs <= 1:
        for known, task in items:
            yield known if known is not None else lint_bytes(*task)  # type: ignore[misc]
        return
    method = start_method()
    per_pool = jobs * per_worker if method == "fork" else None
    pools = _Pools(lambda: _pool(jobs, recipes, method), per_pool)
    try:
        yield from _windowed(items, pools, window=jobs * 16)
    finally:
        pools.close()


class _Pools:
    """The current pool, replaced after ``per_pool`` tasks; started on the first task."""

    def __init__(self, start: Callable[[], ProcessPoolExecutor], per_pool: int | None) -> None:
        self.start, self.per_pool = start, per_pool
        self.pool: ProcessPoolExecutor | None = None
        self.submitted = 0

    def full(self) -> bool:
        """True when the current pool has had its share: answer what it holds, then :meth:`retire`."""
        return (
            self.pool is not None and self.per_pool is not None and self.submitted >= self.per_pool
        )

    def retire(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None

    def submit(self, task: Task) -> Future[Outcome]:
        if self.pool is None:
            self.pool, self.submitted = self.start(), 0
        self.submitted += 1
        return self.pool.submit(lint_bytes, *task)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _windowed(items: Iterable[Item], pools: _Pools, window: int) -> Iterator[Outcome]:
    """At most ``window`` tasks in flight; the oldest is always answered first.

    Before a pool is replaced, every task it holds is answered, so no two pools
    (and never more than ``jobs`` workers) exist at once.
    """
    pending: deque[Outcome | Future[Outcome]] = deque()
    warmed = False
    for known, task in items:
        if known is not None:
            pending.append(known)
        elif task is not None and not warmed:
            # The first article is linted here: what the rules work out on first use (the
            # patterns of their prefilters) is then inherited by every worker forked later.
            pending.append(lint_bytes(*task))
            warmed = True
        elif task is not None:
            if pools.full():
                while pending:
                    yield _answer(pending.popleft())
                pools.retire()
            pending.append(pools.submit(task))
        while pending and (len(pending) >= window or _ready(pending[0])):
            yield _answer(pending.popleft())
    while pending:
        yield _answer(pending.popleft())


def _answer(head: Outcome | Future[Outcome]) -> Outcome:
    return head.result() if isinstance(head, Future) else head


def _ready(head: Outcome | Future[Outcome]) -> bool:
    return not isinstance(head, Future) or head.done()


def _pool(jobs: int, recipes: list[Recipe], method: str) -> ProcessPoolExecutor:
    if method == "fork":
        # The collector would touch every object of the inherited rule sets and copy their
        # pages into each worker; frozen, they stay shared.
        gc.freeze()
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=get_context(method),
        initializer=_start_worker,
        initargs=(recipes,),
    )


def map_ordered(
    function: Callable[[str], Any], items: list[str], jobs: int, chunk: int = 16
) -> Iterator[Any]:
    """``function(item)`` for each item, in order, on ``jobs`` processes (1: here).

    For plain per-file work before a lint can start (reading the workspace's words
    parses every article: a minute on one core at 10^4 articles). Only forked workers
    are used: where forking is unsafe (the editor), a fork server's start and imports
    would cost more than they save on work the editor does once, so it runs here.
    """
    if jobs <= 1 or len(items) < 2 * chunk or not can_fork():
        yield from map(function, items)
        return
    with get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(function, items, chunksize=chunk)


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
