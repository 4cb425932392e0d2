"""Defects found while writers tried the editor: each test failed before its fix."""

from __future__ import annotations

from kbeditor.workspace import Workspace

ARTICLE = "vpn/vpn-wont-connect.md"


def test_a_restored_recovery_copy_undone_away_is_not_offered_again(qtbot, make_window, workspace):
    Workspace(workspace).write_recovery(workspace / ARTICLE, "# Old unsaved changes\n")
    window = make_window(workspace, {"restore-recovery": "restore"}, remember=False)
    tab = window.tab_area.find((workspace / ARTICLE).resolve())
    assert tab is not None and tab.modified
    tab.editor.undo()  # back to the text on disk
    assert not tab.modified
    window.close()  # a clean quit: nothing to ask
    assert Workspace(workspace).pending_recoveries() == []
