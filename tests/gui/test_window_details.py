"""Small things a writer notices in the editor window: menu order, the title's unsaved mark."""

from __future__ import annotations

from pathlib import Path

from kbeditor.gui.panels import panels_of


def test_file_menu_keeps_quit_last(make_window, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(workspace, remember=False, restore=False)
    built = panels_of(window)
    assert built is not None
    try:
        texts = [a.text().replace("&", "") for a in window.menus["File"].actions() if a.text()]
        assert texts[-1] == "Quit", texts
        assert texts.index("New article…") < texts.index("Save"), texts
        assert texts.index("Export site…") < texts.index("Quit"), texts
    finally:
        built.shutdown()
