"""The Article details form while the front matter cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbeditor.gui.panels import panels_of


@pytest.fixture
def panels(qtbot, make_window, workspace: Path):  # type: ignore[no-untyped-def]
    window = make_window(workspace, remember=False, restore=False)
    built = panels_of(window)
    assert built is not None, window.notices()
    yield window, built
    built.shutdown()


def test_article_details_keep_a_field_typed_while_the_yaml_is_broken(  # type: ignore[no-untyped-def]
    qtbot, panels, workspace: Path
) -> None:
    from PySide6.QtCore import Qt

    window, built = panels
    form = built.panels["metadata"]
    window.open_article(workspace / "mail" / "outlook-keeps-asking-for-password.md")
    cursor = window.current_editor().document().find("title: Outlook keeps asking")
    cursor.insertText("title: [Outlook keeps asking")  # an unclosed bracket: not YAML any more
    window.text_changed_debounced.emit(window.current_path(), window.current_text())
    form.owner.setFocus()
    form.owner.selectAll()
    qtbot.keyClicks(form.owner, "Messaging team")
    qtbot.keyClick(form.owner, Qt.Key.Key_Tab)
    assert "owner: Messaging team" in window.current_text()
    window.text_changed_debounced.emit(window.current_path(), window.current_text())
    assert form.owner.text() == "Messaging team"
    assert "YAML" in form.note.text() or "front matter" in form.note.text().lower()
