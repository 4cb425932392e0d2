"""One cache for what a check works out per block or per word, bounded and thread-safe.

A compiled check lives as long as its :class:`~kbeditor.lint.engine.Linter`,
and one Linter serves every thread that lints (the editor's worker, the
language server, export). Checks keep answers that depend on a block's text
alone, so a relint reads only the edited block again; those answers go
through a :class:`Memo`, never a plain dict, so that the cache cannot grow
without end and two threads never see it half updated.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

DEFAULT_SIZE = 50_000


class Memo(Generic[K, V]):
    """Answers by key, at most ``size`` of them; read and written as a dict.

    When full it starts again empty: answers are cheap to work out again, and
    an edit session reads the same few blocks over and over, so dropping the
    lot now and then costs less than keeping a recency order on every read.
    A check works an answer out outside the lock: two threads may work out
    the same answer at once, and both store an equal value.
    """

    __slots__ = ("_size", "_values", "_lock", "get")

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._size = size
        self._values: dict[K, V] = {}
        self._lock = threading.Lock()
        # The answer kept for a key, or None: the dict's own lookup, since checks read
        # per word and per sentence (clear() keeps the dict, so this stays bound to it).
        self.get: Callable[[K], V | None] = self._values.get

    def __setitem__(self, key: K, value: V) -> None:
        with self._lock:
            if len(self._values) >= self._size:
                self._values.clear()
            self._values[key] = value

    def __len__(self) -> int:
        return len(self._values)
