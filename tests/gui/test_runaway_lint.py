"""The editor stays responsive while a runaway rule is linted, and hears why it stopped.

A workspace style holds a rule whose pattern backtracks exponentially. With
Python's ``re`` the match held the interpreter lock for minutes, so the UI
thread froze although lint ran on a worker. Rule patterns now run on the
``regex`` package, which lets other threads run and stops at the rule's
budget: a timer on the UI thread keeps ticking, and the result names the rule.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QTimer

from kbeditor.gui.linting import LintSession
from kbeditor.gui.workers import AnalysisRequest, Analyzer

RULE = "extends: existence\nmessage: slow\nnonword: true\nraw: ['(a|aa)+$']\n"
TEXT = (
    "---\ntitle: Reset\n---\n# Reset\n\nYou should simply restart the app.\n\n" + "a" * 70 + "!\n"
)


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "styles" / "Mine").mkdir(parents=True)
    (root / "styles" / "Mine" / "Slow.yml").write_text(RULE, encoding="utf-8")
    (root / "kbeditor.toml").write_text(
        '[lint]\nstyles = ["Mine", "KB"]\nstyles_path = ["styles"]\n', encoding="utf-8"
    )
    (root / "reset.md").write_text(TEXT, encoding="utf-8")
    return root


def test_ui_thread_ticks_while_a_runaway_rule_is_stopped(qtbot, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    session = LintSession(root)
    session.linter().budget = 1.0  # a short budget keeps the test short; the default is 5 s
    analyzer = Analyzer(session)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    started = time.monotonic()
    with qtbot.waitSignal(analyzer.analysed, timeout=60_000) as blocker:
        analyzer.request(AnalysisRequest(1, 1, TEXT, root / "reset.md", preview=False))
    timer.stop()
    analyzer.wait()
    result = blocker.args[0]
    failed = [d for d in result.diagnostics if d.rule == "kbeditor.RuleFailed"]
    assert len(failed) == 1 and "Mine.Slow" in failed[0].message
    assert any(d.rule.startswith("KB.") for d in result.diagnostics)
    stamps = [started, *ticks]
    longest = max(b - a for a, b in zip(stamps, stamps[1:], strict=False))
    # The rule ran for about a second or more; the UI thread never waited that long.
    assert time.monotonic() - started >= 1.0
    assert longest < 0.9, longest
