"""Small things a writer notices in the editor window: menu order, the title's unsaved mark."""

from __future__ import annotations

from pathlib import Path

from gui_support import wait_linted

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


def test_dont_save_clears_the_unsaved_mark_in_the_window_title(  # type: ignore[no-untyped-def]
    make_window, workspace: Path
) -> None:
    window = make_window(workspace, {"save-on-close": "discard"}, remember=False, restore=False)
    first = window.open_article(workspace / "vpn" / "vpn-wont-connect.md")
    window.open_article(workspace / "laptops" / "laptop-running-slowly.md")
    window.current_editor().insertPlainText("A change. ")
    assert window.isWindowModified()
    assert window.close_tab(window.current_tab())
    assert window.current_tab() is first
    assert not window.isWindowModified()
    assert "*" not in window.windowTitle().replace("[*]", "")


def test_a_severity_filter_kept_for_the_next_article_says_what_it_hides(  # type: ignore[no-untyped-def]
    qtbot, make_window, workspace: Path
) -> None:

    article = workspace / "laptops" / "laptop-running-slowly.md"
    window = make_window(workspace, remember=False, restore=False)
    window.open_article(workspace / "vpn" / "vpn-wont-connect.md")
    wait_linted(qtbot, window, timeout=60_000)
    problems = window.problems
    problems.severity_buttons["warning"].setChecked(False)
    window.open_article(article)
    wait_linted(qtbot, window, timeout=60_000)
    warnings = [d for d in problems.diagnostics if d.severity == "warning"]
    assert warnings
    assert all(row[3] != "warning" for row in problems.visible_rows())
    summary = problems.summary.text()
    assert f"{len(warnings)} hidden" in summary, summary
    problems.summary.linkActivated.emit("show-all")
    assert problems.severity_buttons["warning"].isChecked()
    assert any(row[3] == "warning" for row in problems.visible_rows())
    assert "hidden" not in problems.summary.text()


def test_a_yaml_error_is_grouped_as_a_file_problem_not_under_symptom_first(  # type: ignore[no-untyped-def]
    qtbot, make_window, workspace: Path
) -> None:
    article = workspace / "laptops" / "broken.md"
    article.write_text(
        "---\ntitle: [unclosed\nproduct: Laptops\n---\n\n# Broken\n\nSome text.\n",
        encoding="utf-8",
    )
    window = make_window(workspace, remember=False, restore=False)
    window.open_article(article)
    wait_linted(qtbot, window, timeout=60_000)
    problems = window.problems
    assert any(d.rule == "kbeditor.FrontMatter" for d in problems.diagnostics)
    groups = [problems.proxy.index(r, 0).data() for r in range(problems.proxy.rowCount())]
    group_of_error = next(
        problems.proxy.index(r, 0).data()
        for r in range(problems.proxy.rowCount())
        if any(
            problems.proxy.index(c, 1, problems.proxy.index(r, 0)).data() == "kbeditor.FrontMatter"
            for c in range(problems.proxy.rowCount(problems.proxy.index(r, 0)))
        )
    )
    assert "Symptom" not in group_of_error, groups
    assert group_of_error.startswith("File"), groups


def _open_written(qtbot, make_window, article: Path, body: str):  # type: ignore[no-untyped-def]
    """A how-to for end users about restarting the laptop, written to disk, open and linted."""
    article.write_text(
        "---\ntitle: Restart the laptop\nproduct: Laptops\ntype: how-to\naudience: end-user\n---\n\n"
        "# Restart the laptop\n\n" + body,
        encoding="utf-8",
    )
    window = make_window(article.parent.parent, remember=False, restore=False)
    window.open_article(article)
    wait_linted(qtbot, window, timeout=60_000)
    return window


def test_ignore_here_on_a_list_item_keeps_the_numbered_list_whole(  # type: ignore[no-untyped-def]
    qtbot, make_window, workspace: Path
) -> None:
    from kbeditor.article import parse_article

    window = _open_written(
        qtbot,
        make_window,
        workspace / "laptops" / "steps.md",
        "## Steps\n\n1. Open the Start menu.\n2. Simply restart the laptop.\n3. Sign in again.\n",
    )
    tab = window.current_tab()
    mark = next(m for m in tab.editor.diagnostic_marks if m.data.rule == "KB.Minimisers")
    window.navigator.ignore_here(tab, mark)
    wait_linted(qtbot, window, timeout=60_000)
    assert not any(d.rule == "KB.Minimisers" for d in window.problems.diagnostics)
    items = [b for b in parse_article(tab.text()).blocks if b.kind == "list_item"]
    assert [b.number for b in items] == [1, 2, 3], tab.text()
    lines = tab.text().splitlines()
    first = lines.index("1. Open the Start menu.")
    assert lines[first + 2] == "3. Sign in again.", tab.text()


def test_simply_gets_the_remove_fix_its_message_asks_for(  # type: ignore[no-untyped-def]
    qtbot, make_window, workspace: Path
) -> None:
    window = _open_written(
        qtbot,
        make_window,
        workspace / "laptops" / "simply.md",
        "This is simply a matter of restarting the laptop.\n\n"
        "Simply put, the update needs a restart.\n",
    )
    found = [d for d in window.problems.diagnostics if d.rule == "KB.Minimisers"]
    assert len(found) == 1, [(d.line, d.match) for d in found]
    assert "leave it out" in found[0].message.lower()
    assert found[0].fix is not None and found[0].fix.title == "Remove 'simply'"
    tab = window.current_tab()
    mark = next(m for m in tab.editor.diagnostic_marks if m.data.rule == "KB.Minimisers")
    window.navigator.apply_fix(tab, mark)
    assert "This is a matter of restarting the laptop." in tab.text()


def test_a_step_opening_with_a_verb_before_a_product_name_is_a_step(  # type: ignore[no-untyped-def]
    qtbot, make_window, workspace: Path
) -> None:
    """ "Utilize Windows Update": "Windows" is a name, not "windows" the verb, so "Utilize" leads."""
    article = workspace / "laptops" / "utilize.md"
    article.write_text(
        "---\ntitle: Install the fix\nproduct: Laptops\ntype: how-to\naudience: end-user\n---\n\n"
        "# Install the fix\n\n## Steps\n\n1. Utilize Windows Update to install the fix.\n"
        "2. Restart the laptop.\n",
        encoding="utf-8",
    )
    window = make_window(workspace, remember=False, restore=False)
    window.open_article(article)
    wait_linted(qtbot, window, timeout=60_000)
    said = [d.message for d in window.problems.diagnostics if d.rule == "KB.StepStartsWithVerb"]
    assert said == [], said
