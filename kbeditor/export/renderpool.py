"""Rendering the articles that changed: here, or in worker processes when there are many.

:func:`records.build_record` is the unit of work; it returns frozen values
that cross process boundaries as they are. Results come back in the order
of ``todo`` so the export stays deterministic whichever way they were made.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from kbeditor.export import records
from kbeditor.export.records import Built
from kbeditor.export.render import Renderer
from kbeditor.processes import start_method

# Below this many articles to render, worker processes cost more than they save.
PARALLEL_MIN = 48

Step = Callable[[], None]
Cancel = Callable[[], bool]
Rendered = Iterator[tuple[str, Built | None]]


def render_all(
    root: Path, todo: list[tuple[str, bytes]], lint: bool, step: Step, cancel: Cancel | None
) -> Rendered:
    """Yield (rel, built) in the order of ``todo``; ``None`` means cancelled (and ends it).

    ``step()`` is called after each article.
    """
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) < PARALLEL_MIN or workers < 2:
        yield from _render_here(root, todo, lint, step, cancel)
        return
    finished: list[str] = []
    try:
        yield from _render_parallel(root, todo, lint, step, cancel, workers, finished)
    except BrokenProcessPool:
        # Worker processes could not start (a frozen or guard-less main module):
        # render what is left here; the cache keeps what the workers finished.
        done = set(finished)
        left = [(rel, data) for rel, data in todo if rel not in done]
        yield from _render_here(root, left, lint, step, cancel)


def _render_here(
    root: Path, todo: list[tuple[str, bytes]], lint: bool, step: Step, cancel: Cancel | None
) -> Rendered:
    renderer = Renderer()  # this loop's, so no state is shared with other threads
    for rel, data in todo:
        if cancel is not None and cancel():
            yield rel, None
            return
        yield rel, records.build_record(str(root), rel, data, lint, renderer)
        step()


def _render_parallel(
    root: Path,
    todo: list[tuple[str, bytes]],
    lint: bool,
    step: Step,
    cancel: Cancel | None,
    workers: int,
    finished: list[str],
) -> Rendered:
    """Render in ``workers`` processes; ``finished`` collects what was yielded."""
    # The editor runs exports from a Qt worker thread: kbeditor.processes says how to start.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(start_method())) as pool:
        # A batch is a worker's unit: one renderer made per batch, not per article.
        size = max(1, min(16, len(todo) // (workers * 4)))
        batches = [todo[i : i + size] for i in range(0, len(todo), size)]
        jobs = pool.map(
            records.build_batch, [str(root)] * len(batches), batches, [lint] * len(batches)
        )
        for batch, built in zip(batches, jobs, strict=True):
            for (rel, _), one in zip(batch, built, strict=True):
                if cancel is not None and cancel():
                    pool.shutdown(wait=False, cancel_futures=True)
                    yield rel, None
                    return
                finished.append(rel)
                yield rel, one
                step()
