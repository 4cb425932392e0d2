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


def test_badge_updates_after_live_lint_do_not_leak_references(
    qtbot, make_window, workspace
) -> None:  # type: ignore[no-untyped-def]
    """Every live lint result updates the open article's badge in the workspace panel.

    In PySide6 6.11 the first call from C++ to a virtual method of a newly
    wrapped item (``setToolTip`` calling ``setData``, a view asking an item)
    leaks a reference to ``None``. The tree used to be rebuilt after every
    lint, so references grew by dozens per keystroke; now only the article's
    row changes, in place, and the rows are filled with ``setData``.
    """
    window = make_window(workspace, remember=False, restore=False)
    panel = window.workspace_panel
    window.scanner.wait(30_000)
    qtbot.waitUntil(lambda: len(panel.infos) == len(panel.paths), timeout=30_000)
    # The count is the whole process's: the editor's background jobs (the open article's
    # lint, the search index) take and drop references to None as they finish, and their
    # results may refill the tree. Measure once they are done.
    _wait_quiet(qtbot)
    path = panel.paths[0]
    row = _row_of(panel, path)
    before = sys.getrefcount(None)
    for i in range(100):
        panel.set_worst(path, "error" if i % 2 else "warning", f"Title {i % 3}")
    grown = (sys.getrefcount(None) - before) / 100
    assert grown < 1, f"references to None grew by {grown:.1f} per badge update"
    assert _row_of(panel, path) is row  # updated in place: selection and scrolling stay
    assert panel.item_titles()[path] == "Title 0"
    assert "has errors" in row.toolTip()


def _wait_quiet(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Wait (at most 20 s) until references to None change by fewer than 30 in 0.3 s of
    handled events (timers come and go; a finishing job moves hundreds)."""
    for _ in range(60):
        before = sys.getrefcount(None)
        qtbot.wait(300)
        if abs(sys.getrefcount(None) - before) < 30:
            return


def _row_of(panel, path):  # type: ignore[no-untyped-def]
    """The tree row showing ``path`` in the workspace panel."""
    from kbeditor.gui.workspace_panel import PATH_ROLE

    model = panel.model
    for g in range(model.rowCount()):
        group = model.item(g)
        for r in range(group.rowCount()):
            if group.child(r).data(PATH_ROLE) == path:
                return group.child(r)
    return None
