"""The KB health view in the editor window, on a copy of the sample KB with the real index."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kbeditor.gui.panels import panel_actions, panels_of

LOAN = "laptops/borrow-a-loan-laptop.md"


@pytest.fixture
def health(make_window, workspace: Path, qtbot):  # type: ignore[no-untyped-def]
    window = make_window(workspace, remember=False, restore=False)
    built = panels_of(window)
    assert built is not None, window.notices()
    panel = built.panels["health"]
    yield window, built, panel
    built.shutdown()


def _item(panel, text: str):  # type: ignore[no-untyped-def]
    tree = panel.tree
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            if text in top.child(j).text(0):
                return top, top.child(j)
    raise AssertionError(f"no row with {text!r}")


def test_health_view_lists_stale_articles_and_opens_them(health, qtbot) -> None:  # type: ignore[no-untyped-def]
    window, built, panel = health
    dock = next(d for d in built.docks if d.objectName() == "healthDock")
    with qtbot.waitSignal(panel.refreshed, timeout=120_000) as shown:
        built.show_dock(dock)
    report = shown.args[0]
    assert LOAN in [a["path"] for a in report["freshness"]["overdue"]]
    assert panel.summary.text().startswith(f"KB score {report['score']['kb']}")
    group, row = _item(panel, "Borrow a loan laptop")
    assert group.text(0).startswith("Past their review date")
    panel.tree.itemActivated.emit(row, 0)
    assert window.current_path() == (window.workspace.root / LOAN)
    assert not (window.workspace.root / ".kbeditor" / "health-history.json").exists()


def test_export_health_report_is_in_the_file_menu_and_writes_the_page(
    health, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window, built, panel = health
    file_menu = [a.text() for a in window.menus["File"].actions()]
    assert "Export health report…" in file_menu
    assert "Export health report…" in [a.text() for a in panel_actions(window)]
    out = tmp_path / "report"
    with qtbot.waitSignal(panel.exported, timeout=120_000) as written:
        panel.export_report(out)
    assert Path(written.args[0]) == out / "index.html"
    assert (out / "report.json").is_file()
    history = window.workspace.root / ".kbeditor" / "health-history.json"
    assert history.is_file()  # an exported report is a point on the trend
    assert f"{dt.date.today().year}" in history.read_text()


def test_search_panel_counts_the_query_settled_on_when_it_finds_nothing(
    make_window, workspace: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from kbeditor.health import querylog

    (workspace / "kbeditor.toml").write_text("[search]\nlog_queries = true\n")
    window = make_window(workspace, remember=False, restore=False)
    built = panels_of(window)
    search = built.panels["search"]
    for query in ("zyxwv quokka", "vpn"):
        with qtbot.waitSignal(search.results_shown, timeout=120_000):
            search.query.setText(query)
            search.run_search()
    assert [g.query for g in querylog.gaps(window.workspace.root)] == ["zyxwv quokka"]
    built.shutdown()


def test_article_details_form_sets_and_checks_review_by(health, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    window, built, _panel = health
    form = built.panels["metadata"]
    window.open_article(window.workspace.root / LOAN)
    assert form.review_by.text() == ""
    form.review_by.setFocus()
    qtbot.keyClicks(form.review_by, "next March")
    qtbot.keyClick(form.review_by, Qt.Key.Key_Tab)
    assert "review_by" not in window.current_text()
    assert "YYYY-MM-DD" in form.note.text()
    form.review_by.setFocus()
    form.review_by.selectAll()
    qtbot.keyClicks(form.review_by, "2027-03-01")
    qtbot.keyClick(form.review_by, Qt.Key.Key_Tab)
    assert "review_by: 2027-03-01\n" in window.current_text()
