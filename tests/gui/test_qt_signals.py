"""Guards against a PySide6 release that leaks references on every signal emit.

PySide6 6.12.0 drops a reference to ``True`` on each ``Signal.emit()`` made
from Python; on Python 3.11 the editor aborted (``bool_dealloc``) after a few
thousand emits. pyproject.toml keeps PySide6 below 6.12 for this reason; this
test fails if a release with the leak is installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal()
    carried = Signal(object)


def test_emitting_signals_does_not_change_reference_counts(qapp):
    emitter = _Emitter()
    received: list[object] = []
    emitter.fired.connect(lambda: received.append(None))
    emitter.carried.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(200):
        emitter.fired.emit()
        emitter.carried.emit(1)
    assert len(received) == 400
    received.clear()
    after = sys.getrefcount(True), sys.getrefcount(None)
    # A leaking release loses one reference per emit (400 here); a few come and go with caches.
    assert abs(after[0] - before[0]) < 50 and abs(after[1] - before[1]) < 50, (before, after)
