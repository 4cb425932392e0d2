"""The one way the editor runs work off the GUI thread: a :class:`JobRunner`.

The contract, for the editor's lint, the workspace scan and the side panels alike:

- ``submit(key, work, done, owner=..., failed=...)`` queues ``work`` (a callable
  taking no arguments, run on the runner's one background thread) and returns the
  job's generation: a number that grows with each submit of the same ``key`` while
  a job of that key is in flight (a key with nothing in flight is forgotten, so
  one-off keys such as scan batches cost nothing once delivered).
- A job still waiting when a newer job of the same key arrives is dropped unrun,
  so a burst of typing costs one job, not one per key.
- The result is handed, on the GUI thread, to ``done`` (an exception to ``failed``,
  or to the log) of the job that asked, and to nothing else; unless a newer job of
  the same key was submitted meanwhile, :meth:`cancel` was called for the key, or
  ``owner`` was destroyed. This is the only place stale results are dropped.
- Jobs of one runner never overlap, which keeps a single-writer resource (the
  search index, the linter's caches) safe without locks of its own.

The work itself stays Qt-free in the core modules; a job is a closure over them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool, Signal

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Job:
    key: Hashable
    generation: int
    work: Callable[[], Any]
    done: Callable[[Any], None]
    failed: Callable[[BaseException], None] | None
    owner: QObject | None

    def owner_alive(self) -> bool:
        return self.owner is None or shiboken6.isValid(self.owner)


class _Bridge(QObject):
    # One argument, a tuple: (job, outcome, ok), or None once the queue ran dry.
    finished = Signal(object)


class JobRunner(QObject):
    """Runs keyed jobs one at a time on a background thread; see the module's contract.

    Signals:
        idle(): the queue ran dry and every result has been handed over (or dropped).
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lock = threading.Lock()
        self._pending: dict[Hashable, _Job] = {}
        self._generations: dict[Hashable, int] = {}
        self._running = False
        self._closed = False
        self._bridge = _Bridge(self)
        self._bridge.finished.connect(self._deliver)

    def submit(
        self,
        key: Hashable,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        *,
        owner: QObject | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Queue ``work`` under ``key`` (replacing a waiting job of that key); its generation."""
        with self._lock:
            generation = self._generations.get(key, 0) + 1
            self._generations[key] = generation
            if self._closed:
                return generation
            self._pending.pop(key, None)
            self._pending[key] = _Job(key, generation, work, done, failed, owner)
            start = not self._running
            self._running = True
        if start:
            self._pool.start(self._drain)
        return generation

    def cancel(self, key: Hashable) -> None:
        """No result of ``key`` submitted so far is wanted any more."""
        with self._lock:
            self._generations[key] = self._generations.get(key, 0) + 1
            self._pending.pop(key, None)

    def is_current(self, key: Hashable, generation: int) -> bool:
        """Whether no newer job of ``key`` was submitted (or cancelled) after ``generation``."""
        with self._lock:
            return self._generations.get(key, 0) == generation

    def waiting(self, key: Hashable) -> bool:
        """Whether a job of ``key`` is queued and has not started."""
        with self._lock:
            return key in self._pending

    def busy(self) -> bool:
        with self._lock:
            return self._running

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the running job (and the queue) is done; True if it was."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Drop waiting jobs and wait for the running one (before the application quits)."""
        with self._lock:
            self._closed = True
            self._pending.clear()
        self._pool.waitForDone(timeout_ms)

    # -- the worker thread ---------------------------------------------------------------
    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._pending or self._closed:
                    self._running = False
                    break
                key = next(iter(self._pending))
                job = self._pending.pop(key)
            if not job.owner_alive():
                self._forget(job)
                continue
            try:
                outcome, ok = job.work(), True
            except Exception as exc:  # handed to the one that asked, which says what failed
                outcome, ok = exc, False
            if not self._send((job, outcome, ok)):
                return
        self._send(None)

    def _send(self, message: tuple[_Job, Any, bool] | None) -> bool:
        """Hand a message to the GUI thread; False once this runner is gone with its window."""
        try:
            self._bridge.finished.emit(message)
        except RuntimeError:  # "Signal source has been deleted"
            with self._lock:
                self._closed = True
                self._pending.clear()
                self._running = False
            return False
        return True

    def _forget(self, job: _Job) -> bool:
        """Whether ``job`` is still the newest of its key; if so, nothing of the key is left."""
        with self._lock:
            if self._generations.get(job.key, 0) != job.generation:
                return False
            if job.key not in self._pending:
                del self._generations[job.key]
            return True

    # -- the GUI thread --------------------------------------------------------------------
    def _deliver(self, message: tuple[_Job, Any, bool] | None) -> None:
        if message is None:
            if not self.busy():
                self.idle.emit()
            return
        job, outcome, ok = message
        if not self._forget(job) or not job.owner_alive():
            return
        if ok:
            job.done(outcome)
        elif job.failed is not None:
            job.failed(outcome)
        else:
            log.error("background job %r failed", job.key, exc_info=outcome)
