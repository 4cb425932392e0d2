"""The search panel says when it replaced a word, searches as typed on request, and forgets the query with its workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbeditor.gui.panels import panels_of
from kbeditor.workspace import Workspace


@pytest.fixture
def panels(qtbot, make_window, workspace: Path):  # type: ignore[no-untyped-def]
    window = make_window(workspace, remember=False, restore=False)
    built = panels_of(window)
    assert built is not None, window.notices()
    qtbot.waitUntil(lambda: not built.search_lane.busy(), timeout=60_000)  # the index is built
    yield window, built
    built.shutdown()


def search_for(qtbot, search, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(search.results_shown, timeout=30_000):
        search.query.setText(text)


def test_an_english_word_missing_from_the_kb_is_not_replaced(qtbot, panels) -> None:  # type: ignore[no-untyped-def]
    """ "relay" is in no article but is a word: searching "delay" instead showed an unrelated article."""
    _window, built = panels
    search = built.panels["search"]
    search_for(qtbot, search, "unable to relay")
    shown = [search.results.item(i).text() for i in range(search.results.count())]
    assert not any("delayed" in text.lower() for text in shown), shown
    assert "instead of" not in search.status.text()


def test_a_replaced_word_is_shown_with_a_link_to_search_as_typed(qtbot, panels) -> None:  # type: ignore[no-untyped-def]
    _window, built = panels
    search = built.panels["search"]
    search_for(qtbot, search, "outlok pasword")
    status = search.status.text()
    assert "Searched for" in status and "instead of" in status, status
    assert "pasword" in status and "password" in status
    assert "<a " in status
    assert search.status.openExternalLinks() is False
    with qtbot.waitSignal(search.results_shown, timeout=30_000):
        search.status.linkActivated.emit("as-typed")
    assert "instead of" not in search.status.text()
    assert search.query.text() == "outlok pasword"
    assert search.results.count() == 0
    # Typing again goes back to correcting.
    search_for(qtbot, search, "outlok paswords")
    assert "instead of" in search.status.text()


def test_the_query_does_not_follow_the_window_to_another_workspace(  # type: ignore[no-untyped-def]
    qtbot, panels, tmp_path: Path, workspace: Path
) -> None:
    window, built = panels
    search = built.panels["search"]
    search_for(qtbot, search, "password")
    other = tmp_path / "other"
    shutil.copytree(workspace / "vpn", other / "vpn")
    window.set_workspace(Workspace(other), restore=False)
    qtbot.waitUntil(lambda: not built.search_lane.busy(), timeout=60_000)
    assert search.query.text() == ""
    assert search.results.count() == 0
    # A new window on that workspace does not bring it back either.
    from kbeditor.gui.panels.search_panel import SearchPanel

    again = SearchPanel(built.panels["search"].context)
    qtbot.addWidget(again)
    assert again.query.text() == ""
