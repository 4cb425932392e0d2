"""Labels a writer can read: article tabs, the side panels' tabs, the article tree's hover text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTabBar

from kbeditor.gui.panels import panels_of
from kbeditor.gui.workspace_panel import PATH_ROLE

TOOLTIP = 3  # Qt.ItemDataRole.ToolTipRole


def test_five_article_tabs_at_1600_px_keep_a_readable_part_of_each_name(  # type: ignore[no-untyped-def]
    qtbot, make_window, workspace: Path
) -> None:
    window = make_window(workspace, remember=False, restore=False)
    window.resize(1600, 1000)
    for path in sorted(workspace.rglob("*.md"))[:5]:
        window.open_article(path)
    qtbot.wait(50)
    bar = window.tab_area.primary.tabBar()
    readable = bar.fontMetrics().averageCharWidth() * 14
    widths = [bar.tabRect(i).width() for i in range(bar.count())]
    assert all(w >= min(readable, bar.tabSizeHint(i).width()) for i, w in enumerate(widths)), (
        widths,
        readable,
    )
    window.grab().save(str(workspace.parent / "tabs.png"))


def test_every_side_panel_tab_is_on_screen(qtbot, make_window, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(workspace, remember=False, restore=False)
    built = panels_of(window)
    assert built is not None
    try:
        window.resize(1600, 1000)
        qtbot.wait(50)
        ours = {window.tab_area.primary.tabBar(), window.tab_area.secondary.tabBar()}
        bars = [b for b in window.findChildren(QTabBar) if b not in ours and b.isVisible()]
        docked = [b for b in bars if b.count() >= 3]
        assert docked, [b.count() for b in bars]
        for bar in docked:
            for i in range(bar.count()):
                assert bar.rect().contains(bar.tabRect(i)), (
                    bar.tabText(i),
                    bar.tabRect(i),
                    bar.rect(),
                )
                text = bar.tabText(i)
                assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(text) or (
                    bar.tabRect(i).height() >= bar.fontMetrics().horizontalAdvance(text)
                ), text
    finally:
        built.shutdown()


def test_the_article_tree_shows_the_title_on_hover(qtbot, make_window, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(workspace, remember=False, restore=False)
    panel = window.workspace_panel
    qtbot.waitUntil(lambda: len(panel.infos) == len(panel.paths), timeout=60_000)
    panel.rebuild()
    model = panel.model
    for row in range(model.rowCount()):
        group = model.item(row)
        for r in range(group.rowCount()):
            item = group.child(r)
            title = item.text()
            tip = item.data(TOOLTIP)
            assert tip.splitlines()[0] == title, (tip, title, item.data(PATH_ROLE))


def test_a_first_start_opens_a_window_where_the_problems_panel_shows_several_rows(  # type: ignore[no-untyped-def]
    qtbot, qapp, workspace: Path
) -> None:
    from kbeditor.gui.app import application, open_window
    from kbeditor.gui.ask import ScriptedAnswers
    from kbeditor.workspace import Workspace

    application()
    window = open_window(Workspace(workspace), ScriptedAnswers({}), remember=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    screen = window.screen().availableGeometry()
    assert window.width() >= min(1200, screen.width() * 0.8), window.size()
    assert window.height() >= min(760, screen.height() * 0.8), window.size()
    view = window.problems.view
    row = view.fontMetrics().height() + 4
    assert view.viewport().height() >= 5 * row, (view.viewport().height(), row)
    window.grab().save(str(workspace.parent / "first-start.png"))
    window.ask.answers["save-on-close"] = "discard"
    window.close()


def test_the_article_tree_shows_every_title_whole_at_the_default_width(  # type: ignore[no-untyped-def]
    qtbot, make_window, workspace: Path
) -> None:
    """The tree cut every title at the dock's edge ("Add a new depot to the DockTr..."):
    a title that does not fit on one line gets a second line."""
    window = make_window(workspace, remember=False, restore=False)
    panel = window.workspace_panel
    qtbot.waitUntil(lambda: len(panel.infos) == len(panel.paths), timeout=60_000)
    panel.rebuild()
    qtbot.wait(50)
    view = panel.view
    metrics = view.fontMetrics()
    cut = []
    for row in range(panel.model.rowCount()):
        group = panel.model.item(row)
        for r in range(group.rowCount()):
            index = group.child(r).index()
            rect = view.visualRect(index)
            lines = rect.height() // metrics.lineSpacing()
            text_width = rect.width() - view.iconSize().width() - 8
            if metrics.horizontalAdvance(index.data()) > lines * text_width:
                cut.append((index.data(), rect.width(), lines))
    assert not cut, cut
    long_titles = [t for t in panel.item_titles().values() if len(t) > 45]
    assert long_titles  # the sample has titles that need the second line
    window.grab().save(str(workspace.parent / "tree.png"))


def test_an_article_tab_shows_the_full_title_then_the_path_on_hover(  # type: ignore[no-untyped-def]
    qtbot, make_window, workspace: Path
) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication

    from kbeditor.article import load_article

    window = make_window(workspace, remember=False, restore=False)
    path = next(p for p in sorted(workspace.rglob("*.md")) if len(load_article(p).title) > 40)
    window.open_article(path)
    bar = window.tab_area.primary.tabBar()
    index = bar.count() - 1
    centre = bar.tabRect(index).center()
    QApplication.sendEvent(bar, QHelpEvent(QEvent.Type.ToolTip, centre, bar.mapToGlobal(centre)))
    assert bar.tabToolTip(index).splitlines() == [load_article(path).title, str(path)]
    tab = window.tab_area.current_tab()
    qtbot.waitUntil(lambda: tab.analysis is not None, timeout=30_000)
    tab.editor.selectAll()
    tab.editor.insertPlainText(
        "---\ntitle: A title typed just now\n---\n# A title typed just now\n"
    )
    qtbot.waitUntil(lambda: tab.analysis.article.title == "A title typed just now", timeout=30_000)
    QApplication.sendEvent(bar, QHelpEvent(QEvent.Type.ToolTip, centre, bar.mapToGlobal(centre)))
    assert bar.tabToolTip(index).splitlines()[0] == "A title typed just now"
