"""The job runner hands each result to the one that asked, and only while it is still wanted."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from kbeditor.gui.jobs import JobRunner


def _blocked(gate: threading.Event, value: str):  # type: ignore[no-untyped-def]
    def work() -> str:
        gate.wait(10)
        return value

    return work


def test_a_newer_job_of_the_same_key_drops_the_older_result(qtbot):
    runner = JobRunner()
    got: list[str] = []
    gate = threading.Event()
    runner.submit("search", _blocked(gate, "old"), got.append)
    qtbot.waitUntil(lambda: not runner.waiting("search"))  # the old job is running
    runner.submit("search", lambda: "new", got.append)
    gate.set()
    with qtbot.waitSignal(runner.idle, timeout=10_000):
        pass
    assert got == ["new"]


def test_a_waiting_job_replaced_by_a_newer_one_never_runs(qtbot):
    runner = JobRunner()
    ran: list[str] = []
    gate = threading.Event()
    runner.submit("first", _blocked(gate, "first"), ran.append)
    qtbot.waitUntil(lambda: not runner.waiting("first"))
    runner.submit("typing", lambda: ran.append("stale") or "stale", ran.append)
    runner.submit("typing", lambda: "fresh", ran.append)
    gate.set()
    with qtbot.waitSignal(runner.idle, timeout=10_000):
        pass
    assert ran == ["first", "fresh"]


def test_each_result_reaches_only_its_own_callback(qtbot):
    runner = JobRunner()
    a: list[int] = []
    b: list[int] = []
    runner.submit("a", lambda: 1, a.append)
    runner.submit("b", lambda: 2, b.append)
    with qtbot.waitSignal(runner.idle, timeout=10_000):
        pass
    assert (a, b) == ([1], [2])


def test_no_result_for_a_destroyed_owner_or_a_cancelled_key(qtbot):
    import shiboken6

    runner = JobRunner()
    got: list[str] = []
    gate = threading.Event()
    owner = QObject()
    runner.submit("owned", _blocked(gate, "owned"), got.append, owner=owner)
    runner.submit("cancelled", lambda: "cancelled", got.append)
    runner.submit("kept", lambda: "kept", got.append)
    shiboken6.delete(owner)
    runner.cancel("cancelled")
    gate.set()
    with qtbot.waitSignal(runner.idle, timeout=10_000):
        pass
    assert got == ["kept"]


def test_a_failing_job_reports_its_exception_to_its_caller(qtbot):
    runner = JobRunner()
    errors: list[BaseException] = []

    def broken() -> None:
        raise ValueError("no index in this folder")

    runner.submit("index", broken, lambda _r: None, failed=errors.append)
    with qtbot.waitSignal(runner.idle, timeout=10_000):
        pass
    assert [str(e) for e in errors] == ["no index in this folder"]
