"""Saving from the editor keeps a UTF-16 article UTF-16, with or without its byte-order mark."""

from __future__ import annotations

import pytest

TEXT = "---\r\ntitle: Scanner jams\r\n---\r\n# Scanner jams\r\n\r\nThe scanner jams at 9:00 – café.\r\n"


@pytest.mark.parametrize(
    ("codec", "mark"),
    [
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ],
    ids=["le", "be", "le-bom", "be-bom"],
)
def test_a_utf16_article_is_saved_as_it_was_read(qtbot, make_window, workspace, codec, mark):  # type: ignore[no-untyped-def]
    path = workspace / "vpn" / "notepad.md"
    original = mark + TEXT.encode(codec)
    path.write_bytes(original)
    window = make_window(workspace, open_path="vpn/notepad.md")
    tab = window.current_tab()
    assert tab.readable and tab.text().splitlines()[1] == "title: Scanner jams"
    assert "UTF-8" not in (tab.banner.label.text() if tab.banner.isVisible() else "")
    tab.editor.document().setModified(True)  # a save with nothing edited
    window.save_current()
    assert path.read_bytes() == original
    cursor = tab.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText("Fixed.\n")
    window.save_current()
    assert path.read_bytes() == original + "Fixed.\r\n".encode(codec)
