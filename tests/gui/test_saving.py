"""Saving, recovery copies and files changed on disk, driven without a window.

The keeper needs only its small host (open tabs, the workspace, a way to ask
and to open an article); what it tells the writer comes out of its signals.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kbeditor.gui.ask import OVERWRITE_EXTERNAL, Question, ScriptedAnswers
from kbeditor.gui.editor_tab import EditorTab
from kbeditor.gui.saving import Keeper
from kbeditor.workspace import Workspace

ARTICLE = "vpn/vpn-wont-connect.md"


class Host:
    """The keeper's host: real tabs on a real workspace, questions answered from a script."""

    def __init__(self, root: Path, answers: dict[str, str] | None = None) -> None:
        self.workspace = Workspace(root)
        self.ask = ScriptedAnswers(dict(answers or {}))
        self.open: list[EditorTab] = []

    def tabs(self) -> list[EditorTab]:
        return list(self.open)

    def ask_question(self, question: Question) -> str:
        return self.ask(None, question)

    def open_article(self, path: Path) -> EditorTab | None:
        tab = EditorTab(path)
        tab.load()
        self.open.append(tab)
        return tab


@pytest.fixture
def keeper(qapp, workspace: Path):  # type: ignore[no-untyped-def]
    host = Host(workspace)
    keeper = Keeper(host)
    messages: list[str] = []
    keeper.status.connect(messages.append)
    keeper.notice.connect(messages.append)
    yield keeper, host, messages
    keeper.stop()
    for tab in host.open:
        tab.deleteLater()


def _edit(tab: EditorTab, text: str) -> None:
    cursor = tab.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText(text)


def _change_on_disk(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()  # a later mtime, so the change shows even within one clock tick
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_save_writes_the_text_and_removes_the_recovery_copy(keeper, workspace):
    keeper, host, _messages = keeper
    tab = host.open_article(workspace / ARTICLE)
    _edit(tab, "\nOne more line.\n")
    assert keeper.write_recoveries() == 1
    assert host.workspace.pending_recoveries()
    assert keeper.save(tab)
    assert (workspace / ARTICLE).read_text(encoding="utf-8").endswith("One more line.\n")
    assert not tab.modified
    assert not host.workspace.pending_recoveries()


def test_saving_over_another_programs_change_asks_and_cancel_keeps_their_file(keeper, workspace):
    keeper, host, _messages = keeper
    tab = host.open_article(workspace / ARTICLE)
    _edit(tab, "\nMy line.\n")
    _change_on_disk(workspace / ARTICLE, "---\ntitle: Theirs\n---\n\nTheir text.\n")
    assert not keeper.save(tab)  # the script answers with the safe default: cancel
    assert host.ask.asked_keys() == [OVERWRITE_EXTERNAL]
    assert "Their text." in (workspace / ARTICLE).read_text(encoding="utf-8")
    assert tab.modified


def test_an_unedited_file_changed_on_disk_is_reloaded_and_the_writer_told(keeper, workspace):
    keeper, host, messages = keeper
    tab = host.open_article(workspace / ARTICLE)
    _change_on_disk(workspace / ARTICLE, "---\ntitle: Theirs\n---\n\nTheir text.\n")
    assert keeper.check_external_changes() == [tab.path]
    assert "Their text." in tab.text()
    assert not tab.modified
    assert messages == ["vpn-wont-connect.md changed on disk and was reloaded"]


def test_a_file_that_cannot_be_written_is_a_notice_not_an_exception(keeper, workspace):
    keeper, host, messages = keeper
    target = workspace / "vpn" / "new-article.md"
    tab = host.open_article(target)
    _edit(tab, "---\ntitle: New\n---\n\nText.\n")
    target.mkdir()  # something else took the name: no file can be written there
    host.ask.answers[OVERWRITE_EXTERNAL] = "overwrite"
    assert not keeper.save(tab)
    assert tab.modified
    assert len(messages) == 1 and "could not save" in messages[0], messages
