"""Saving from the editor keeps an article's encoding, byte-order mark and line endings.

Old Mac (CR-only) line endings and UTF-16 (with or without its byte-order
mark) are read, their front matter understood, and written back as they were;
a line the writer adds gets the same encoding and line ending.
"""

from __future__ import annotations

import pytest

CRLF_TEXT = "---\r\ntitle: Scanner jams\r\n---\r\n# Scanner jams\r\n\r\nThe scanner jams at 9:00 – café.\r\n"
CASES = {
    "cr-only": (b"---\rtitle: Old Mac\r---\r# Old Mac\r\rThe printer jams.\r", "utf-8", "\r"),
    "utf16-le": (CRLF_TEXT.encode("utf-16-le"), "utf-16-le", "\r\n"),
    "utf16-be": (CRLF_TEXT.encode("utf-16-be"), "utf-16-be", "\r\n"),
    "utf16-le-bom": (b"\xff\xfe" + CRLF_TEXT.encode("utf-16-le"), "utf-16-le", "\r\n"),
    "utf16-be-bom": (b"\xfe\xff" + CRLF_TEXT.encode("utf-16-be"), "utf-16-be", "\r\n"),
}


@pytest.mark.parametrize("case", CASES)
def test_an_article_is_saved_as_it_was_read_and_an_added_line_matches_it(
    qtbot, make_window, workspace, case
):  # type: ignore[no-untyped-def]
    original, codec, newline = CASES[case]
    path = workspace / "vpn" / "kept.md"
    path.write_bytes(original)
    window = make_window(workspace, open_path="vpn/kept.md")
    tab = window.current_tab()
    assert tab.readable and tab.text().splitlines()[1].startswith("title: ")
    assert "UTF-8" not in (tab.banner.label.text() if tab.banner.isVisible() else "")
    tab.editor.document().setModified(True)  # a save with nothing edited
    window.save_current()
    assert path.read_bytes() == original
    cursor = tab.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText("Fixed.\n")
    window.save_current()
    assert path.read_bytes() == original + f"Fixed.{newline}".encode(codec)
