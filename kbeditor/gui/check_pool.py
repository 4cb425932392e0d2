"""The workspace check's worker processes: many articles linted off the editor's process.

Linting is CPU work in Python. On a thread of the editor's process it holds the
interpreter lock the UI thread needs for every keystroke, so a first check of
10^4 articles made typing stutter for minutes. Here the articles are linted by
a pool of processes, each building the workspace's rule set once; the editor's process only
reads files, looks them up in the lint cache and stores what comes back.

A worker sends back the badge facts and the diagnostics already encoded for the
lint cache (:func:`kbeditor.lint.cache.encode`), so the editor's process never
decodes or re-encodes them. The pool lives for one check and is shut down after
it, so its memory is returned. No Qt here: this module is what the workers import.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from kbeditor.lint import batch
from kbeditor.lint.cache import encode

IN_FLIGHT_PER_WORKER = 8  # enough queued work to keep a worker busy, few bytes held

# What one worker answers for one article: its badge facts (None: unreadable) and
# its diagnostics encoded for the lint cache.
Answer = tuple[dict[str, Any] | None, bytes]
# One article to check: its path, bytes and lint-cache key.
Job = tuple[Path, bytes, str]


def check_bytes(recipe: batch.Recipe, path: str, data: bytes) -> Answer:
    """Lint one article in a worker; the answer is small and ready for the cache."""
    outcome = batch.lint_bytes(recipe, path, data)
    return outcome.badge, encode(outcome.diagnostics)


def _start_worker(recipe: batch.Recipe) -> None:
    # Normal priority on purpose: the UI thread no longer shares an interpreter lock with
    # the linter, and the kernel wakes an interactive process promptly; at a lower priority
    # the check starved behind any other busy program.
    batch.build_linter(recipe)


def workers() -> int:
    """One worker per core the editor may use."""
    return max(1, batch.default_jobs())


def start_pool(recipe: batch.Recipe, jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers, each with the recipe's linter built.

    The editor runs threads, and forking a process that runs threads can
    deadlock the child, so workers come from a fork server (or are spawned).
    """
    method = "forkserver" if os.name == "posix" else "spawn"
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=get_context(method),
        initializer=_start_worker,
        initargs=(recipe,),
    )


def check_all(
    pool: ProcessPoolExecutor,
    recipe: batch.Recipe,
    jobs: Iterable[Job],
    stop: Callable[[], bool],
    in_flight: int,
) -> Iterator[tuple[Path, str, Answer]]:
    """(path, digest, answer) for each job as workers finish them, at most ``in_flight`` queued.

    Stops early, cancelling what is queued, when ``stop()`` turns true.
    """
    pending: dict[Future[Answer], tuple[Path, str]] = {}
    source = iter(jobs)
    exhausted = False
    while True:
        while not exhausted and len(pending) < in_flight:
            job = next(source, None)
            if job is None:
                exhausted = True
                break
            path, data, digest = job
            pending[pool.submit(check_bytes, recipe, str(path), data)] = (path, digest)
        if not pending:
            return
        done, _ = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
        if stop():
            for future in pending:
                future.cancel()
            return
        for future in done:
            path, digest = pending.pop(future)
            yield path, digest, future.result()
