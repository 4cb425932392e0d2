"""The workspace check: its progress is shown while it runs, the tree fills in place, many
articles are linted in worker processes, and a restart relints only what changed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from kbeditor.article import load_article
from kbeditor.gui.linting import LintSession, worst_severity
from kbeditor.gui.workspace_check import POOL_MIN
from kbeditor.workspace import Workspace

CHANGED = "mail/outlook-keeps-asking-for-password.md"


def wait_checked(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    panel = window.workspace_panel
    qtbot.waitUntil(
        lambda: not window.scanner.running and len(panel.infos) == len(panel.paths),
        timeout=180_000,
    )


def quit_window(window) -> None:  # type: ignore[no-untyped-def]
    window.ask.answers["save-on-close"] = "discard"
    window.close()


def test_progress_is_shown_while_checking_and_gone_after(qtbot, make_window, workspace) -> None:  # type: ignore[no-untyped-def]
    window = make_window(workspace, remember=False, restore=False)
    shown: list[tuple[str, str]] = []
    window.scanner.progress.connect(
        lambda *_: shown.append((window.status.check.text(), window.workspace_panel.status.text()))
    )
    window.scanner.cancel()  # the check started with the window may be over already: again
    window.scanner.scan(window.workspace_panel.paths)
    wait_checked(qtbot, window)
    qtbot.wait(50)
    in_bar = [bar for bar, _ in shown if re.fullmatch(r"Checking \d+ of 22…", bar)]
    assert in_bar and in_bar[0] == "Checking 0 of 22…"
    assert any(re.search(r"checking \d+ of 22…", text) for _, text in shown)
    assert window.status.check.isHidden()
    assert window.workspace_panel.status.text().strip() == "22 articles"


def test_grouping_by_product_during_the_check_matches_a_rebuild(
    qtbot, make_window, workspace
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(workspace, remember=False, restore=False)
    panel = window.workspace_panel
    panel.set_grouping("product")  # rows move to their product's group as the check answers
    wait_checked(qtbot, window)
    groups, titles = panel.group_names(), panel.item_titles()
    assert "Mail" in groups and "(reading…)" not in groups
    panel.rebuild()
    assert panel.group_names() == groups
    assert panel.item_titles() == titles
    assert len(titles) == 22


def many_articles(workspace: Path) -> Path:
    """The sample KB with each article twice (a second file, same text): enough for the workers."""
    for path in sorted(workspace.rglob("*.md")):
        if ".kbeditor" not in path.parts:
            shutil.copyfile(path, path.with_name(f"{path.stem}-copy.md"))
    return workspace


def test_many_articles_are_linted_in_workers_and_a_restart_relints_one(
    qtbot, make_window, workspace
) -> None:  # type: ignore[no-untyped-def]
    root = many_articles(workspace)
    count = len(Workspace(root).article_paths())
    assert count >= POOL_MIN
    first = make_window(root, remember=False, restore=False)
    wait_checked(qtbot, first)
    assert first.scanner.linted == count
    session = LintSession(root)
    for path, info in first.workspace_panel.infos.items():  # the workers judge as the editor does
        article = load_article(path)
        expected = "error" if article.errors else worst_severity(session.lint(article))
        assert (info.title, info.worst) == (article.title, expected), path
    quit_window(first)

    changed = root / CHANGED
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nRestart the authentication handshake.\n",
        encoding="utf-8",
    )
    again = make_window(root, remember=False, restore=False)
    wait_checked(qtbot, again)
    assert again.scanner.linted == 1
    assert again.workspace_panel.infos[changed.resolve()].worst == "warning"
    quit_window(again)
