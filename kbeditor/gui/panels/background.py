"""Background work for the side panels: one worker thread per lane, newest job wins.

Typing produces a stream of requests (search this, compare that draft) of
which only the last matters. A :class:`Lane` runs jobs one at a time on its
own thread; a job still waiting when a newer one with the same key arrives
is dropped without running, and each result carries the revision it was
computed for so the panel can ignore one that a newer request overtook while
it ran. Jobs in one lane never overlap, which also keeps a single-writer
resource (the search index) safe.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal


class Lane(QObject):
    """A queue of keyed jobs run in order on one background thread.

    Signals:
        done(key, revision, result): a job finished; emitted on the UI thread's side.
        failed(key, revision, error): a job raised; ``error`` is the exception.
    """

    done = Signal(str, int, object)
    failed = Signal(str, int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lock = threading.Lock()
        self._pending: dict[str, tuple[int, Callable[[], Any]]] = {}
        self._revisions: dict[str, int] = {}
        self._running = False
        self._closed = False

    def submit(self, key: str, job: Callable[[], Any]) -> int:
        """Queue ``job`` under ``key`` (replacing a waiting job of that key); return its revision."""
        with self._lock:
            revision = self._revisions.get(key, 0) + 1
            self._revisions[key] = revision
            if self._closed:
                return revision
            self._pending.pop(key, None)
            self._pending[key] = (revision, job)
            start = not self._running
            self._running = True
        if start:
            self._pool.start(self._drain)
        return revision

    def is_current(self, key: str, revision: int) -> bool:
        """Whether no newer job of ``key`` was submitted after ``revision``."""
        with self._lock:
            return self._revisions.get(key, 0) == revision

    def busy(self) -> bool:
        with self._lock:
            return self._running

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Drop waiting jobs and wait for the running one (before the application quits)."""
        with self._lock:
            self._closed = True
            self._pending.clear()
        self._pool.waitForDone(timeout_ms)

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._pending or self._closed:
                    self._running = False
                    return
                key = next(iter(self._pending))
                revision, job = self._pending.pop(key)
            try:
                result = job()
            except Exception as exc:  # reported to the panel, which shows it in one line
                self._send(self.failed, key, revision, exc)
            else:
                self._send(self.done, key, revision, result)

    def _send(self, signal: Any, *args: Any) -> None:
        """Emit from the worker; a lane deleted with its window meanwhile has no one to tell."""
        try:
            signal.emit(*args)
        except RuntimeError:  # "Signal source has been deleted"
            with self._lock:
                self._closed = True
                self._pending.clear()
