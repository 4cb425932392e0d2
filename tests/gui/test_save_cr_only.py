"""Saving from the editor keeps old Mac (CR-only) line endings and reads their front matter."""

from __future__ import annotations

CR_ONLY = b"---\rtitle: Old Mac\r---\r# Old Mac\r\rThe printer jams.\r"


def test_a_cr_only_article_is_saved_unchanged_and_edits_keep_cr(qtbot, make_window, workspace):
    path = workspace / "vpn" / "old-mac.md"
    path.write_bytes(CR_ONLY)
    window = make_window(workspace, open_path="vpn/old-mac.md")
    tab = window.current_tab()
    assert tab.text().splitlines()[1] == "title: Old Mac"
    tab.editor.document().setModified(True)  # a save with nothing edited
    window.save_current()
    assert path.read_bytes() == CR_ONLY
    cursor = tab.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText("Fixed.\n")
    window.save_current()
    assert path.read_bytes() == CR_ONLY + b"Fixed.\r"
