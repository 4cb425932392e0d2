"""Workspace badges are remembered between runs: a restart relints only what changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kbeditor.gui.badge_cache import CACHE_NAME
from kbeditor.workspace import DATA_DIR

GOOD = "mail/outlook-keeps-asking-for-password.md"


def start(qtbot, make_window, workspace: Path):  # type: ignore[no-untyped-def]
    """Open the workspace as at a restart and wait until every badge is known."""
    window = make_window(workspace, remember=False, restore=False)
    panel = window.workspace_panel
    qtbot.waitUntil(
        lambda: not window.scanner.running and len(panel.infos) == len(panel.paths),
        timeout=60_000,
    )
    return window


def badges(window) -> dict[Path, str | None]:  # type: ignore[no-untyped-def]
    return {p: i.worst for p, i in window.workspace_panel.infos.items()}


def quit_window(window) -> None:  # type: ignore[no-untyped-def]
    window.ask.answers["save-on-close"] = "discard"
    window.close()


def test_a_restart_relints_only_the_changed_article(qtbot, make_window, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    first = start(qtbot, make_window, workspace)
    count = len(first.workspace_panel.paths)
    assert first.scanner.linted == count
    before = badges(first)
    assert before[(workspace / GOOD).resolve()] in (None, "suggestion")  # a good article
    assert (workspace / DATA_DIR / CACHE_NAME).is_file()
    quit_window(first)

    again = start(qtbot, make_window, workspace)
    assert again.scanner.linted == 0
    assert badges(again) == before
    quit_window(again)

    changed = workspace / GOOD
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nRestart the authentication handshake.\n",
        encoding="utf-8",
    )
    third = start(qtbot, make_window, workspace)
    assert third.scanner.linted == 1
    after = badges(third)
    assert after[changed.resolve()] == "warning"  # the jargon now shows on its badge
    assert {p: w for p, w in after.items() if p != changed.resolve()} == {
        p: w for p, w in before.items() if p != changed.resolve()
    }


def test_a_corrupt_cache_is_ignored_and_rebuilt(qtbot, make_window, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    cache = workspace / DATA_DIR / CACHE_NAME
    cache.parent.mkdir(exist_ok=True)
    cache.write_bytes(b'{"format": 1, "rules": "x", "articles": {"ab\xff')
    window = start(qtbot, make_window, workspace)
    assert window.scanner.linted == len(window.workspace_panel.paths)
    assert window.notices() == []
    with sqlite3.connect(cache) as db:  # the lint cache shared with `kbeditor lint`
        stored = db.execute("SELECT COUNT(*) FROM entries WHERE badge IS NOT NULL").fetchone()[0]
    assert stored == len(window.workspace_panel.paths)


def test_changed_rules_relint_every_article(qtbot, make_window, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    from kbeditor.lint.edits import accept_term

    first = start(qtbot, make_window, workspace)
    count = first.scanner.linted
    quit_window(first)
    accept_term(workspace, "handshake")  # the vocabulary is part of the rule set
    again = start(qtbot, make_window, workspace)
    assert again.scanner.linted == count
