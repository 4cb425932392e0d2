"""The editor as a writer uses it: real window, real files in a temporary workspace, real linting."""

from __future__ import annotations

from pathlib import Path

from gui_support import insert_text, move_to_end_of, wait_linted
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QMenu

from kbeditor.gui.problems import INDEX_ROLE

ARTICLE = "vpn/vpn-wont-connect.md"
ANCHOR = "so you can keep working in those while you fix this."


def diagnostics_matching(tab, text: str):
    return [m for m in tab.editor.diagnostic_marks if m.cursor.selectedText() == text]


def underline_colour_at(editor, start: int, end: int):
    """Severity colour of a wavy underline exactly covering Qt positions [start, end), or None."""
    for sel in editor.extraSelections():
        fmt = sel.format
        if (
            sel.cursor.selectionStart() == start
            and sel.cursor.selectionEnd() == end
            and fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
        ):
            return fmt.underlineColor().name()
    return None


def test_opening_a_workspace_lists_articles_with_titles_and_badges(qtbot, make_window, workspace):
    window = make_window(workspace, open_path="mail/outlook-password-prompt-loop.md")
    qtbot.waitUntil(lambda: not window.scanner.running, timeout=60000)
    titles = window.workspace_panel.item_titles()
    assert len(titles) == 22
    loop = (workspace / "mail/outlook-password-prompt-loop.md").resolve()
    assert titles[loop] == "Outlook credential prompt loop after password rotation"
    assert window.workspace_panel.infos[loop].worst in ("warning", "error")
    good = (workspace / "vpn/vpn-wont-connect.md").resolve()
    assert window.workspace_panel.infos[good].worst not in ("warning", "error")
    assert window.workspace_panel.group_names() == [
        "accounts", "docktrack", "expenses", "laptops", "mail", "vpn",
    ]  # fmt: skip
    window.workspace_panel.set_grouping("product")
    assert "Mail" in window.workspace_panel.group_names()
    wait_linted(qtbot, window)
    assert window.current_path() == loop
    rules = {row[1] for row in window.problems.visible_rows()}
    assert "KB.Jargon" in rules
    assert "warnings" in window.status.counts.text()
    assert window.status.words.text().endswith("words")


def test_typed_jargon_gets_an_underline_and_a_problem_row_then_the_quick_fix(
    qtbot, make_window, workspace
):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    wait_linted(qtbot, window)
    assert not diagnostics_matching(tab, "credential prompt")
    move_to_end_of(tab.editor, ANCHOR)
    qtbot.keyClicks(tab.editor, " Close the credential prompt first.")
    qtbot.waitUntil(lambda: bool(diagnostics_matching(tab, "credential prompt")), timeout=10000)
    mark = diagnostics_matching(tab, "credential prompt")[0]
    assert underline_colour_at(tab.editor, mark.start, mark.end) is not None
    rows = [r for r in window.problems.visible_rows() if "credential prompt" in r[0]]
    assert rows and rows[0][1] == "KB.Jargon"
    expected_line = tab.text()[: tab.text().index("credential prompt")].count("\n") + 1
    assert rows[0][2] == expected_line

    # Hovering shows the message, the reason and the rule id.
    rect = tab.editor.cursorRect(mark.cursor)
    tip = tab.editor.tooltip_at(QPoint(rect.left() - 4, rect.center().y()))
    assert "password window" in tip and "KB.Jargon" in tip and "End users" in tip

    # The right-click menu offers the rule's fix; taking it changes the text.
    actions = tab.editor.diagnostic_actions(mark.start + 1)
    labels = [a.text() for a in actions]
    assert "Replace with 'password window'" in labels
    assert "Ignore KB.Jargon here" in labels
    assert "Add 'credential prompt' to accepted words" in labels
    actions[labels.index("Replace with 'password window'")].trigger()
    assert "Close the password window first." in tab.text()
    qtbot.waitUntil(lambda: not diagnostics_matching(tab, "credential prompt"), timeout=10000)

    # Undo brings the words back.
    tab.editor.undo()
    assert "Close the credential prompt first." in tab.text()


def test_double_click_in_the_problems_panel_jumps_to_the_place(qtbot, make_window, workspace):
    window = make_window(workspace, open_path="mail/outlook-password-prompt-loop.md")
    tab = window.current_tab()
    wait_linted(qtbot, window)
    view = window.problems.view
    proxy = window.problems.proxy
    group = proxy.index(0, 0)
    last = proxy.index(proxy.rowCount(group) - 1, 0, group)
    view.scrollTo(last)
    target = proxy.data(last)
    rect = view.visualRect(last)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    cursor = tab.editor.textCursor()
    assert cursor.hasSelection()
    index = last.data(INDEX_ROLE)
    assert index is not None
    diagnostic = tab.analysis.diagnostics[index]
    assert diagnostic.message == target
    assert cursor.selectedText() == diagnostic.match
    assert tab.editor.line_column()[0] == diagnostic.line


def test_fix_all_safe_is_one_undo_step(qtbot, make_window, workspace):
    styles = workspace / "styles" / "House"
    styles.mkdir(parents=True)
    (styles / "Typos.yml").write_text(
        "extends: substitution\n"
        "category: style\n"
        "level: error\n"
        "message: \"Use '%s' instead of '%s'.\"\n"
        "description: A common typing slip.\n"
        "safe: true\n"
        "ignorecase: false\n"
        "swap:\n"
        "  teh: the\n",
        encoding="utf-8",
    )
    (workspace / "kbeditor.toml").write_text(
        '[lint]\nstyles = ["KB", "House"]\nstyles_path = ["styles"]\n', encoding="utf-8"
    )
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    wait_linted(qtbot, window)
    before = tab.text()
    move_to_end_of(tab.editor, ANCHOR)
    qtbot.keyClicks(tab.editor, " Open teh app and teh page.")
    typos = lambda: [m for m in diagnostics_matching(tab, "teh") if m.data.rule == "House.Typos"]  # noqa: E731 - KB.Spelling marks them too
    qtbot.waitUntil(lambda: len(typos()) == 2, timeout=10000)
    assert window.problems.fix_button.isEnabled()
    qtbot.mouseClick(window.problems.fix_button, Qt.MouseButton.LeftButton)
    assert "Open the app and the page." in tab.text()
    tab.editor.undo()  # one step takes back every fix, and only the fixes
    assert "Open teh app and teh page." in tab.text()
    tab.editor.redo()
    assert "Open the app and the page." in tab.text()
    tab.editor.undo()
    tab.editor.undo()
    assert tab.text() == before


def test_save_writes_the_file_atomically_and_reads_back(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    saved = []
    window.article_saved.connect(saved.append)
    move_to_end_of(tab.editor, ANCHOR)
    insert_text(tab.editor, " Café ✓ 😀 works too.")
    assert tab.modified
    qtbot.keyClick(tab.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not tab.modified
    on_disk = (workspace / ARTICLE).read_text(encoding="utf-8")
    assert "Café ✓ 😀 works too." in on_disk
    assert on_disk == tab.text()
    assert saved == [(workspace / ARTICLE).resolve()]
    leftovers = [p.name for p in (workspace / "vpn").iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_crlf_and_non_breaking_spaces_survive_a_save(qtbot, make_window, workspace):
    path = workspace / "vpn" / "windows-file.md"
    path.write_bytes("# Title\r\n\r\nKeep\u00a0this space.\r\n".encode())
    window = make_window(workspace, open_path="vpn/windows-file.md")
    tab = window.current_tab()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    insert_text(tab.editor, "More.\n")
    window.save_current()
    assert path.read_bytes() == "# Title\r\n\r\nKeep\u00a0this space.\r\nMore.\r\n".encode()


def test_recovery_copy_after_a_crash_is_offered_and_restored(qtbot, make_window, workspace):
    (workspace / "kbeditor.toml").write_text(
        '[workspace]\nname = "Test"\n[editor]\nrecovery_seconds = 1\n', encoding="utf-8"
    )
    original = (workspace / ARTICLE).read_text(encoding="utf-8")
    window = make_window(workspace, open_path=ARTICLE, remember=False)
    tab = window.current_tab()
    move_to_end_of(tab.editor, ANCHOR)
    insert_text(tab.editor, " Words typed before the crash.")
    copies = workspace / ".kbeditor" / "recovery"
    qtbot.waitUntil(lambda: copies.is_dir() and any(copies.glob("*.md")), timeout=5000)
    typed = tab.text()

    # The process dies: no close event, no questions, the copy stays.
    window.keeper.stop()
    window.ask.answers["save-on-close"] = "cancel"
    assert (workspace / ARTICLE).read_text(encoding="utf-8") == original

    second = make_window(workspace, {"restore-recovery": "restore"}, remember=False)
    assert "restore-recovery" in second.ask.asked_keys()
    restored = second.tab_area.tab_for((workspace / ARTICLE).resolve())
    assert restored is not None
    assert restored.text() == typed
    assert restored.modified
    assert (workspace / ARTICLE).read_text(encoding="utf-8") == original
    second.save_tab(restored)
    assert (workspace / ARTICLE).read_text(encoding="utf-8") == typed
    assert not any(copies.glob("*.md"))


def test_recovery_copy_can_be_discarded(qtbot, make_window, workspace):
    from kbeditor.workspace import Workspace

    Workspace(workspace).write_recovery(workspace / ARTICLE, "unsaved words")
    window = make_window(workspace, {"restore-recovery": "discard"}, remember=False)
    assert window.ask.asked_keys().count("restore-recovery") == 1
    assert Workspace(workspace).pending_recoveries() == []
    assert "unsaved words" not in window.current_text()


def test_change_on_disk_reloads_an_unmodified_article(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    path = workspace / ARTICLE
    path.write_text(
        path.read_text(encoding="utf-8") + "\nAdded by another program.\n", encoding="utf-8"
    )
    qtbot.waitUntil(lambda: "Added by another program." in tab.text(), timeout=5000)
    assert not tab.modified
    assert window.ask.asked_keys() == []


def test_change_on_disk_with_unsaved_edits_asks_and_keeps_mine(qtbot, make_window, workspace):
    window = make_window(workspace, {"reload-external": "keep"}, open_path=ARTICLE)
    tab = window.current_tab()
    move_to_end_of(tab.editor, ANCHOR)
    insert_text(tab.editor, " My own words.")
    path = workspace / ARTICLE
    theirs = path.read_text(encoding="utf-8") + "\nTheir words.\n"
    path.write_text(theirs, encoding="utf-8")
    qtbot.waitUntil(lambda: "reload-external" in window.ask.asked_keys(), timeout=5000)
    assert "My own words." in tab.text() and "Their words." not in tab.text()
    assert path.read_text(encoding="utf-8") == theirs  # nothing overwritten without a save
    assert "kept your version" in tab.banner.text()


def test_change_on_disk_with_unsaved_edits_can_reload_theirs(qtbot, make_window, workspace):
    window = make_window(workspace, {"reload-external": "reload"}, open_path=ARTICLE)
    tab = window.current_tab()
    insert_text(tab.editor, "Mine. ")
    path = workspace / ARTICLE
    path.write_text("# Theirs\n\nTheir words only.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: tab.text() == "# Theirs\n\nTheir words only.\n", timeout=5000)
    assert not tab.modified
    tab.editor.undo()  # the reload itself can be taken back
    assert "Mine. " in tab.text()


def test_saving_over_a_file_changed_elsewhere_asks_first(qtbot, make_window, workspace):
    window = make_window(workspace, {"overwrite-external": "cancel"}, open_path=ARTICLE)
    tab = window.current_tab()
    window.keeper.watcher.removePaths(window.keeper.watcher.files())  # as if the watch was missed
    insert_text(tab.editor, "Mine. ")
    path = workspace / ARTICLE
    path.write_text("Theirs.\n", encoding="utf-8")
    assert not window.save_current()
    assert path.read_text(encoding="utf-8") == "Theirs.\n"
    assert "overwrite-external" in window.ask.asked_keys()


def test_closing_with_unsaved_changes_asks(qtbot, make_window, workspace):
    window = make_window(workspace, {"save-on-close": "cancel"}, open_path=ARTICLE)
    insert_text(window.current_tab().editor, "Unsaved. ")
    assert not window.close()
    assert window.isVisible()
    window.ask.answers["save-on-close"] = "save"
    assert window.close()
    assert (workspace / ARTICLE).read_text(encoding="utf-8").startswith("Unsaved. ")


def test_malformed_front_matter_opens_with_a_banner_and_editable_text(
    qtbot, make_window, workspace
):
    path = workspace / "mail" / "broken.md"
    text = "---\ntitle: [unclosed\nproduct: Mail\n---\n\n## Symptoms\n\nOutlook closes.\n"
    path.write_text(text, encoding="utf-8")
    window = make_window(workspace, open_path="mail/broken.md")
    tab = window.current_tab()
    assert tab.banner.isVisible()
    assert "front matter" in tab.banner.text().lower()
    assert tab.text() == text
    assert not tab.editor.isReadOnly()
    wait_linted(qtbot, window)


def test_undecodable_and_binary_files_never_crash(qtbot, make_window, workspace):
    legacy = workspace / "mail" / "legacy.md"
    legacy.write_bytes(b"# Caf\xe9 hours\n\nOpen at 9.\n")
    binary = workspace / "mail" / "picture.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    window = make_window(workspace, open_path="mail/legacy.md")
    tab = window.current_tab()
    assert "UTF-8" in tab.banner.text()
    assert tab.text().startswith("# Café hours")
    other = window.open_article(binary)
    assert other.editor.isReadOnly()
    assert "binary" in other.banner.text()
    assert not window.save_tab(other)
    assert binary.read_bytes().startswith(b"\x89PNG")


def test_a_broken_rule_file_shows_one_notice_and_linting_goes_on(qtbot, make_window, workspace):
    styles = workspace / "styles" / "Team"
    styles.mkdir(parents=True)
    (styles / "Broken.yml").write_text("extends: existence\nmessage: [oops\n", encoding="utf-8")
    (styles / "AlsoBroken.yml").write_text("extends: nosuchkind\nmessage: x\n", encoding="utf-8")
    (workspace / "kbeditor.toml").write_text(
        '[lint]\nstyles = ["KB", "Team"]\nstyles_path = ["styles"]\n', encoding="utf-8"
    )
    window = make_window(workspace, open_path="mail/outlook-password-prompt-loop.md")
    wait_linted(qtbot, window)
    notices = [n for n in window.notices() if "rule file" in n]
    assert len(notices) == 1
    assert "Broken.yml" in notices[0]
    assert any(row[1] == "KB.Jargon" for row in window.problems.visible_rows())


def test_find_and_replace_with_a_regex_is_one_undo_step(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    qtbot.keyClick(tab.editor, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible() and bar.replace_edit.isVisible()
    bar.regex.setChecked(True)
    bar.find_edit.setText(r"LaneLink (\w+)")
    bar.replace_edit.setText(r"LL-\1")
    before = tab.text()
    count = bar.replace_all()
    assert count > 1
    assert "LaneLink gateway" not in tab.text() and "LL-gateway" in tab.text()
    tab.editor.undo()
    assert tab.text() == before
    bar.find_edit.setText("(unclosed")
    assert "Bad pattern" in bar.status.text()


def test_layout_and_open_tabs_come_back_after_a_restart(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    window.open_article(workspace / "mail/outlook-password-prompt-loop.md")
    window.open_article(workspace / ARTICLE)
    window.problems_dock.hide()
    window.close()
    again = make_window(workspace)
    names = [t.path.name for t in again.tabs()]
    assert names == [Path(ARTICLE).name, "outlook-password-prompt-loop.md"]
    assert again.current_path().name == Path(ARTICLE).name
    assert again.problems_dock.isHidden()


def test_contract_signals_and_highlights_for_side_panels(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    wait_linted(qtbot, window)
    with qtbot.waitSignal(window.text_changed_debounced, timeout=5000) as typed:
        insert_text(tab.editor, "x")
    assert typed.args[0] == tab.path and typed.args[1] == tab.text()
    with qtbot.waitSignal(window.lint_finished, timeout=5000) as linted:
        insert_text(tab.editor, "y")
    assert linted.args[0] == tab.path and isinstance(linted.args[1], list)
    text = tab.text()
    start = text.index("LaneLink is the VPN app.")
    window.highlight_ranges("hard", [(start, start + 8, "Grade 14")])
    assert tab.editor.highlight_kinds()["hard"] == [(start, start + 8)]
    window.highlight_ranges("hard", [])
    assert "hard" not in tab.editor.highlight_kinds()
    other = window.open_article(
        workspace / "mail/add-a-shared-mailbox.md", line=3, highlight="Shared"
    )
    assert window.current_path() == other.path
    assert other.editor.textCursor().selectedText().lower() == "shared"
    side = window.open_side_by_side(workspace / ARTICLE)
    assert window.tab_area.secondary.isVisible() and window.tab_area.secondary.indexOf(side) >= 0


def test_results_for_an_older_revision_are_dropped(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    wait_linted(qtbot, window)
    applied: list[bool] = []  # for each result shown: was it for the text on screen?
    window.lint_finished.connect(lambda _p, _d: applied.append(tab.analysis.text == tab.text()))
    move_to_end_of(tab.editor, ANCHOR)
    insert_text(tab.editor, " Fix the authentication handshake.")
    window.router.request(tab)
    window.analyzer.wait(30_000)  # its result now waits in the event queue...
    insert_text(tab.editor, " Then restart.")  # ...for text the writer has changed since
    wait_linted(qtbot, window)
    assert applied and all(applied), applied
    # The result shown is for the new text: its jargon alert on the typed words is there.
    assert any("authentication" in d.match for d in tab.analysis.diagnostics)
    assert diagnostics_matching(tab, "authentication")


def test_help_lists_the_shortcuts(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    dialog = window.window_actions.show_shortcuts()
    rows = [
        (dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text())
        for r in range(dialog.table.rowCount())
    ]
    assert ("Save", "Ctrl+S") in rows
    assert ("Quick Fix", "Ctrl+.") in rows
    keys = [k for _, k in rows if k and "+" in k]
    singles = [k.strip() for ks in keys for k in ks.split(",")]
    assert len(singles) == len(set(singles)), "two commands share a shortcut"
    dialog.close()


def test_zoom_and_dark_theme(qtbot, make_window, workspace):
    from kbeditor.gui import theme

    window = make_window(workspace, open_path=ARTICLE)
    editor = window.current_tab().editor
    size = editor.font().pointSize()
    window.command_actions["zoom_in"].trigger()
    assert editor.font().pointSize() == size + 1
    window.command_actions["zoom_reset"].trigger()
    assert editor.font().pointSize() == size
    window.command_actions["dark_theme"].setChecked(True)
    assert theme.current().dark
    qtbot.wait(10)  # the palette reaches widgets through the event loop
    assert window.palette().base().color().lightness() < 80
    window.command_actions["dark_theme"].setChecked(False)
    assert not theme.current().dark


def test_ignore_this_rule_here_writes_the_vale_control(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    move_to_end_of(tab.editor, ANCHOR)
    qtbot.keyClicks(tab.editor, " Close the credential prompt first.")
    qtbot.waitUntil(lambda: bool(diagnostics_matching(tab, "credential prompt")), timeout=10000)
    mark = diagnostics_matching(tab, "credential prompt")[0]
    actions = tab.editor.diagnostic_actions(mark.start + 1)
    next(a for a in actions if a.text() == "Ignore KB.Jargon here").trigger()
    text = tab.text()
    assert "<!-- vale KB.Jargon = NO -->" in text and "<!-- vale KB.Jargon = YES -->" in text
    assert text.index("= NO -->") < text.index("credential prompt") < text.index("= YES -->")
    qtbot.waitUntil(lambda: tab.analysis.revision == tab.revision, timeout=10000)
    assert not diagnostics_matching(tab, "credential prompt")
    tab.editor.undo()  # one step takes the controls away again
    assert "vale KB.Jargon" not in tab.text()


def test_add_to_accepted_words_silences_the_term_everywhere(qtbot, make_window, workspace):
    window = make_window(workspace, open_path="mail/outlook-password-prompt-loop.md")
    tab = window.current_tab()
    wait_linted(qtbot, window)
    mark = diagnostics_matching(tab, "credential prompt")[0]
    actions = tab.editor.diagnostic_actions(mark.start + 1)
    next(a for a in actions if a.text() == "Add 'credential prompt' to accepted words").trigger()
    vocab = list(workspace.rglob("accept.txt"))
    assert len(vocab) == 1 and "credential prompt" in vocab[0].read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: not diagnostics_matching(tab, "credential prompt"), timeout=10000)
    assert not tab.modified  # the article itself is untouched


def test_every_problem_can_be_reached_and_fixed_from_the_keyboard(qtbot, make_window, workspace):
    window = make_window(workspace, open_path="mail/outlook-password-prompt-loop.md")
    tab = window.current_tab()
    wait_linted(qtbot, window)
    tab.editor.setFocus()
    first = min(m.start for m in tab.editor.diagnostic_marks)
    qtbot.keyClick(tab.editor, Qt.Key.Key_F8)
    cursor = tab.editor.textCursor()
    assert cursor.hasSelection() and cursor.selectionStart() == first
    before = tab.text()
    qtbot.keyClick(tab.editor, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    menu = next(m for m in tab.editor.findChildren(QMenu) if m.isVisible())
    labels = [a.text() for a in menu.actions()]
    assert any(label.startswith(("Replace with", "Remove", "Ignore")) for label in labels)
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert tab.text() != before  # the first entry (the fix, or ignoring the rule) was applied
    qtbot.keyClick(tab.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.text() == before


def test_without_a_workspace_the_last_one_else_the_sample_kb(workspace):
    from kbeditor.bundled import SAMPLE_KB
    from kbeditor.gui import session
    from kbeditor.gui.app import choose_workspace

    assert choose_workspace(None).root == SAMPLE_KB.resolve()  # a checkout opens it in place
    session.remember_workspace(workspace.resolve())
    assert choose_workspace(None).root == workspace.resolve()


def test_articles_added_by_another_program_appear_in_the_workspace_panel(
    qtbot, make_window, workspace
):
    window = make_window(workspace, open_path=ARTICLE)
    new = workspace / "vpn" / "new-article.md"
    with qtbot.waitSignal(window.workspace_changed, timeout=10000):
        new.write_text("---\ntitle: A brand new article\n---\n\nText.\n", encoding="utf-8")
    qtbot.waitUntil(
        lambda: window.workspace_panel.item_titles().get(new.resolve()) == "A brand new article",
        timeout=20000,
    )


def test_problems_can_be_filtered_by_severity_and_category_and_sorted(
    qtbot, make_window, workspace
):
    window = make_window(workspace, open_path="expenses/expense-report-disappeared.md")
    wait_linted(qtbot, window)
    panel = window.problems
    every = panel.visible_rows()
    severities = {row[3] for row in every}
    assert len(severities) >= 2, every
    panel.set_severity_filter({"error"})
    assert panel.visible_rows() and {row[3] for row in panel.visible_rows()} == {"error"}
    panel.set_severity_filter({"error", "warning", "suggestion"})
    category = window.current_tab().analysis.diagnostics[0].category
    panel.set_category_filter(category)
    shown = panel.visible_rows()
    assert shown and len(shown) == sum(
        1 for d in window.current_tab().analysis.diagnostics if d.category == category
    )
    panel.set_category_filter("")
    panel.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    order = {"error": 0, "warning": 1, "suggestion": 2}
    for g in range(panel.proxy.rowCount()):
        group = panel.proxy.index(g, 0)
        ranks = [
            order[panel.proxy.index(r, 3, group).data()] for r in range(panel.proxy.rowCount(group))
        ]
        assert ranks == sorted(ranks)


def test_preview_shows_the_rendered_article_and_follows_the_editor(qtbot, make_window, workspace):
    path = workspace / "vpn" / "long.md"
    sections = "\n\n".join(f"## Part {i}\n\n" + "Select Connect and wait. " * 40 for i in range(30))
    path.write_text("---\ntitle: Long\n---\n\n" + sections + "\n", encoding="utf-8")
    window = make_window(workspace, open_path="vpn/long.md")
    qtbot.waitUntil(lambda: "Part 29" in window.preview.toPlainText(), timeout=10000)
    assert "## Part" not in window.preview.toPlainText()  # rendered, not source
    tab = window.current_tab()
    bar = window.preview.verticalScrollBar()
    assert bar.value() == 0
    tab.editor.verticalScrollBar().setValue(tab.editor.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: bar.value() > bar.maximum() // 2, timeout=3000)


def test_recovery_of_an_article_deleted_since_can_be_restored_and_saved(
    qtbot, make_window, workspace
):
    from kbeditor.workspace import Workspace

    gone = workspace / "mail" / "deleted-since.md"
    Workspace(workspace).write_recovery(gone, "# Kept words\n\nStill here.\n")
    window = make_window(workspace, {"restore-recovery": "restore"}, remember=False)
    tab = window.tab_area.tab_for(gone.resolve())
    assert tab is not None and not tab.editor.isReadOnly()
    assert tab.text() == "# Kept words\n\nStill here.\n"
    assert window.save_tab(tab)
    assert gone.read_text(encoding="utf-8") == "# Kept words\n\nStill here.\n"
