"""One reading grade in the editor: the status bar, the readability panel and KB.ArticleGrade agree.

Real windows (pytest-qt, offscreen), real rule files (the bundled KB style or
a workspace's own copy), real articles on disk.
"""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest

from kbeditor.gui.panels import panels_of
from kbeditor.lint.settings import BUNDLED_STYLES
from kbeditor.readability_summary import format_grade

DRAFT = "laptops/borrow-a-loan-laptop.md"  # end-user, far above grade 8
GOOD = "mail/outlook-keeps-asking-for-password.md"  # end-user, grade 4.8 (labels not counted)


@pytest.fixture
def opened(make_window, workspace: Path):  # type: ignore[no-untyped-def]
    """Open an article of the workspace in a window with its side panels."""
    made = []

    def open_(rel: str):  # type: ignore[no-untyped-def]
        window = make_window(workspace, remember=False, restore=False)
        built = panels_of(window)
        assert built is not None
        made.append(built)
        built.show_dock(next(d for d in built.docks if d.objectName() == "readabilityDock"))
        window.open_article(workspace / rel)
        return window, built.panels["readability"]

    yield open_
    for built in made:
        built.shutdown()


def _settled(qtbot, window, panel) -> None:  # type: ignore[no-untyped-def]
    """Wait until the current article's analysis is shown in the panel."""
    qtbot.waitUntil(
        lambda: (
            window.current_tab() is not None
            and window.current_tab().analysis is not None
            and panel.summary is window.current_tab().analysis.reading
        ),
        timeout=60_000,  # a first analysis builds the rule set: seconds on a loaded machine
    )


def _panel_grade(panel) -> str:  # type: ignore[no-untyped-def]
    """The panel's grade line as the writer reads it (without the colour markup)."""
    return re.sub(r"<[^>]+>", "", panel.grade.text())


def _grade_alerts(window) -> list:  # type: ignore[no-untyped-def]
    return [d for d in window.current_tab().analysis.diagnostics if d.rule == "KB.ArticleGrade"]


def _copy_of_kb(workspace: Path) -> Path:
    shutil.copytree(BUNDLED_STYLES / "KB", workspace / "styles" / "KB")
    (workspace / "kbeditor.toml").write_text('[lint]\nstyles_path = "styles"\n', encoding="utf-8")
    return workspace / "styles" / "KB" / "ArticleGrade.yml"


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_status_bar_panel_and_rule_message_show_one_grade(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, panel = opened(DRAFT)
    _settled(qtbot, window, panel)
    summary = panel.summary
    shown = format_grade(summary.grade)
    assert window.status.grade.text() == f"Grade {shown} ▲"
    assert _panel_grade(panel).startswith(f"{shown} Above the target of 8 for end-user readers")
    (alert,) = _grade_alerts(window)
    assert f"The article reads at grade {shown}; aim for 8 or lower" in alert.message
    assert summary.verdict in window.status.grade.toolTip()


def test_within_target_shows_no_flag_and_no_alert(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    window, panel = opened(GOOD)
    _settled(qtbot, window, panel)
    shown = format_grade(panel.summary.grade)
    assert window.status.grade.text() == f"Grade {shown}"
    assert _panel_grade(panel).startswith(f"{shown} Within the target of 8")
    assert _grade_alerts(window) == []


def test_editing_the_workspace_rule_changes_the_verdict_in_the_open_editor(
    qtbot, opened, workspace: Path
) -> None:  # type: ignore[no-untyped-def]
    rule = _copy_of_kb(workspace)
    _set(rule, "target: {end-user: 8,", "target: {end-user: 4.2,")  # 4.8 is within 4.2 + 1.0
    window, panel = opened(GOOD)
    _settled(qtbot, window, panel)
    grade = panel.summary.grade
    assert 4.7 < grade <= 5.2 and panel.summary.on_target
    assert "Within the target of 4.2" in _panel_grade(panel) and "alerts above 5.2" in _panel_grade(
        panel
    )
    assert "▲" not in window.status.grade.text() and _grade_alerts(window) == []

    _set(rule, "tolerance: 1.0", "tolerance: 0.5")  # the writer tightens the rule; no restart
    qtbot.waitUntil(
        lambda: panel.summary is not None and panel.summary.above_target, timeout=60_000
    )
    _settled(qtbot, window, panel)
    assert panel.summary.grade == grade
    assert "Above the target of 4.2" in _panel_grade(panel) and "alerts above 4.7" in _panel_grade(
        panel
    )
    assert window.status.grade.text() == f"Grade {format_grade(grade)} ▲"
    (alert,) = _grade_alerts(window)
    assert f"grade {format_grade(grade)}; aim for 4.2 or lower" in alert.message


def test_rule_turned_off_the_panel_still_grades_and_says_no_target(
    qtbot, opened, workspace: Path
) -> None:  # type: ignore[no-untyped-def]
    (workspace / "kbeditor.toml").write_text(
        '[lint]\nrules = { "KB.ArticleGrade" = "off" }\n', encoding="utf-8"
    )
    window, panel = opened(DRAFT)
    _settled(qtbot, window, panel)
    shown = format_grade(panel.summary.grade)
    assert _panel_grade(panel) == f"{shown} No target is set: no reading-grade rule is on."
    assert window.status.grade.text() == f"Grade {shown}"
    assert _grade_alerts(window) == []


def test_the_ui_thread_computes_no_grade(qtbot, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The lint's worker grades the article once; the panel and the status bar only show it."""
    from kbeditor import readability_summary
    from kbeditor.gui import workers

    on_ui_thread: list[str] = []
    real = readability_summary.article_grade

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            on_ui_thread.append("article_grade")
        return real(*args, **kwargs)

    monkeypatch.setattr(readability_summary, "article_grade", watched)
    monkeypatch.setattr(workers, "summarise", readability_summary.summarise)
    window, panel = opened(DRAFT)
    _settled(qtbot, window, panel)
    window.current_editor().insertPlainText("Open the app. ")
    qtbot.waitUntil(lambda: window.current_tab().analysis.text.startswith("Open"), timeout=30_000)
    _settled(qtbot, window, panel)
    assert on_ui_thread == []


def test_screenshot_of_the_readability_panel(qtbot, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, panel = opened(DRAFT)
    _settled(qtbot, window, panel)
    panel.toggle.setChecked(True)
    qtbot.wait(200)
    out = tmp_path / "readability.png"
    assert window.grab().save(str(out))
    assert out.stat().st_size > 10_000
    assert panel.isVisible() and panel.grade.isVisible()
