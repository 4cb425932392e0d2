"""The side panels in the editor window, with real services on a copy of the sample KB."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QTextCursor

from kbeditor.article import load_article
from kbeditor.gui.panels import panel_actions, panels_of

LONG_SENTENCE = (
    "If the organisational authentication infrastructure consistently rejects your "
    "credentials, the administrative configuration of your workstation's certificate "
    "enrolment probably requires comprehensive reinitialisation by the responsible "
    "departmental infrastructure administrators."
)


@pytest.fixture
def panels(make_window, workspace: Path):  # type: ignore[no-untyped-def]
    """The editor window on a copy of the sample KB, with its side panels."""
    window = make_window(workspace, remember=False, restore=False)
    built = panels_of(window)
    assert built is not None, window.notices()
    yield window, built
    built.shutdown()


def wait_index(qtbot, built) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not built.search_lane.busy(), timeout=60_000)


def replace_all(window, text: str) -> None:  # type: ignore[no-untyped-def]
    """Put ``text`` in the editor the way a writer pasting over everything would."""
    cursor = window.current_editor().textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText(text)


def append(window, text: str) -> None:  # type: ignore[no-untyped-def]
    editor = window.current_editor()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    cursor.insertText(text)


def new_file(workspace: Path, rel: str, text: str = "") -> Path:
    path = workspace / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def current_line(window) -> str:  # type: ignore[no-untyped-def]
    line, _ = window.current_editor().line_column()
    return window.current_text().splitlines()[line - 1]


# -- docks and actions ---------------------------------------------------------------------
def test_side_panels_are_docked_with_menu_actions_and_shortcuts(panels) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    names = [d.objectName() for d in built.docks]
    assert names == [
        "searchDock",
        "similarDock",
        "readabilityDock",
        "structureDock",
        "metadataDock",
        "healthDock",
    ]
    assert all(
        window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea for d in built.docks
    )
    shortcuts = {a.text(): a.shortcut().toString() for a in panel_actions(window)}
    assert shortcuts["Show search"] == "Ctrl+Shift+F"
    assert shortcuts["New article…"] == "Ctrl+Alt+N"
    assert shortcuts["Export site…"] == "Ctrl+Shift+E"
    file_menu = [a.text() for a in window.menus["File"].actions()]
    assert "New article…" in file_menu and "Export site…" in file_menu
    for dock in built.docks:
        assert dock.widget().accessibleName().endswith("panel")


def test_shortcut_shows_the_search_panel_with_the_cursor_in_the_query(qtbot, panels) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    built.docks[2].raise_()
    qtbot.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert built.panels["search"].query.hasFocus()


# -- search ----------------------------------------------------------------------------------
def test_search_from_the_panel_and_open_a_result(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    search = built.panels["search"]
    wait_index(qtbot, built)
    built.show_dock(built.docks[0])
    with qtbot.waitSignal(search.results_shown, timeout=20_000):
        qtbot.keyClicks(search.query, "password window again")
    first = search.results.item(0)
    assert first.text().startswith("Outlook keeps asking for your password (Mail): ")
    assert "password window again" in first.text()
    assert "found" in search.status.text()
    qtbot.keyClick(search.query, Qt.Key.Key_Down)
    assert search.results.hasFocus()
    qtbot.keyClick(search.results, Qt.Key.Key_Return)
    assert window.current_path() == workspace / "mail" / "outlook-keeps-asking-for-password.md"
    assert "password window again" in current_line(window)
    highlighted = window.current_editor().highlight_kinds()["open"]
    assert highlighted and all(
        window.current_text()[a:b].lower() in "password window again" for a, b in highlighted
    )


def test_product_filter_shows_counts_and_narrows_results(qtbot, panels) -> None:  # type: ignore[no-untyped-def]
    _window, built = panels
    search = built.panels["search"]
    wait_index(qtbot, built)
    with qtbot.waitSignal(search.results_shown, timeout=20_000):
        search.query.setText("password")
    labels = [search.product.itemText(i) for i in range(search.product.count())]
    assert any(label.startswith("Mail (") for label in labels), labels
    mail = search.product.findData("Mail")
    search.product.setCurrentIndex(mail)
    with qtbot.waitSignal(search.results_shown, timeout=20_000):
        search.product.activated.emit(mail)
    shown = [search.results.item(i).text() for i in range(search.results.count())]
    assert shown and all("(Mail)" in text for text in shown), search.status.text()


def test_saved_article_is_found_after_the_background_update(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    search = built.panels["search"]
    wait_index(qtbot, built)
    window.open_article(workspace / "laptops" / "laptop-running-slowly.md")
    append(window, "\nThe fan makes a zyxwvut noise.\n")
    with qtbot.waitSignal(built.index_changed, timeout=20_000):
        window.save_current()
    with qtbot.waitSignal(search.results_shown, timeout=20_000):
        search.query.setText("zyxwvut")
    assert search.results.count() == 1
    assert "running slowly" in search.results.item(0).text().lower()


def test_panel_state_survives_a_restart(qtbot, make_window, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(workspace, remember=True, restore=False)
    built = panels_of(window)
    built.panels["search"].query.setText("vpn")
    built.panels["readability"].toggle.setChecked(True)
    built.docks[3].raise_()
    window.close()
    again = make_window(workspace, remember=True, restore=False)
    rebuilt = panels_of(again)
    try:
        assert rebuilt.panels["search"].query.text() == "vpn"
        assert rebuilt.panels["readability"].toggle.isChecked()
        assert not again.visibleRegion().isEmpty()
        assert rebuilt.docks[3].isVisible() and not rebuilt.docks[3].visibleRegion().isEmpty()
    finally:
        rebuilt.shutdown()


# -- similar articles ---------------------------------------------------------------------
def test_near_copy_of_an_existing_article_shows_the_duplicate_warning(
    qtbot, panels, workspace: Path
) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    similar = built.panels["similar"]
    wait_index(qtbot, built)
    draft = new_file(workspace, "mail/outlook-asks-again.md", "---\ntitle: Draft\n---\n")
    window.open_article(draft)
    source = (workspace / "mail" / "outlook-keeps-asking-for-password.md").read_text(
        encoding="utf-8"
    )
    near_copy = source.replace(
        "title: Outlook keeps asking for your password", "title: Outlook asks again"
    )
    near_copy = near_copy.replace("Close Outlook.", "Quit Outlook.").replace(
        "again and again", "over and over"
    )
    with qtbot.waitSignal(similar.updated, timeout=20_000):
        replace_all(window, near_copy)
    qtbot.waitUntil(lambda: similar.warning_text() != "", timeout=20_000)
    assert similar.warning.isVisible()
    text = similar.warning_text()
    assert text.startswith("This may duplicate: Outlook keeps asking for your password (")
    assert text.endswith("%)")
    similar.open_button.click()
    original = workspace / "mail" / "outlook-keeps-asking-for-password.md"
    assert window.tab_area.tab_for(original.resolve()) is not None
    assert draft.resolve() in [t.path for t in window.tabs()]


def test_a_different_article_gets_no_warning(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    similar = built.panels["similar"]
    wait_index(qtbot, built)
    window.open_article(new_file(workspace, "mail/coffee.md", "---\ntitle: Draft\n---\n"))
    with qtbot.waitSignal(similar.updated, timeout=20_000):
        replace_all(
            window,
            "---\ntitle: Coffee machine shows E42\n---\n\n## Symptoms\n\n"
            "The coffee machine on floor three shows E42 and pours no coffee at all.\n",
        )
    assert similar.warning.isHidden()
    assert similar.warning_text() == ""


# -- readability ----------------------------------------------------------------------------
HARD_SENTENCE = (
    "If the laptop restarts after the update, Outlook may ask for your password again "
    "before it connects to the company mail server."
)


def test_hard_sentence_toggle_marks_a_long_sentence(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    panel = built.panels["readability"]
    text = (
        f"---\ntitle: T\n---\n\n## Symptoms\n\nOutlook stops. {LONG_SENTENCE} Then it works. "
        f"{HARD_SENTENCE}\n"
    )
    window.open_article(new_file(workspace, "draft.md", text))
    qtbot.waitUntil(
        lambda: panel.summary is not None and panel.summary.very_hard_count == 1, timeout=20_000
    )
    editor = window.current_editor()
    assert not editor.highlight_kinds()
    panel.toggle.setFocus()
    qtbot.keyClick(panel.toggle, Qt.Key.Key_Space)
    ((start, end),) = editor.highlight_kinds()["very-hard-sentences"]
    assert text[start:end] == LONG_SENTENCE
    ((hard_start, hard_end),) = editor.highlight_kinds()["hard-sentences"]
    assert text[hard_start:hard_end] == HARD_SENTENCE
    middle = editor.cursorRect(editor.cursor_for(start + 40, start + 40)).center()
    assert "Very hard to read: grade" in editor.tooltip_at(middle)
    assert "1 hard (grade 10+), 1 very hard (grade 14+)" in panel.hard.text()
    assert "Not judged: fewer than 100 words of prose" in panel.grade.text()  # as KB.ArticleGrade
    qtbot.keyClick(panel.toggle, Qt.Key.Key_Space)
    assert not editor.highlight_kinds()


def _background_at(editor, offset: int) -> str:  # type: ignore[no-untyped-def]
    """The highlight colour the writer sees behind the character at a Python offset."""
    at = editor.cursor_for(offset, offset).position()
    colours = [
        s.format.background().color().name()
        for s in editor.extraSelections()
        if s.cursor.selectionStart() <= at < s.cursor.selectionEnd()
        and s.format.background().style() != Qt.BrushStyle.NoBrush
    ]
    return colours[-1] if colours else ""


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_very_hard_sentences_are_red_and_hard_ones_yellow(
    qtbot, panels, workspace: Path, mode: str
) -> None:  # type: ignore[no-untyped-def]
    from kbeditor.gui import theme

    window, built = panels
    panel = built.panels["readability"]
    text = f"---\ntitle: T\n---\n\nOutlook stops. {LONG_SENTENCE} {HARD_SENTENCE}\n"
    window.open_article(new_file(workspace, "draft.md", text))
    qtbot.waitUntil(
        lambda: panel.summary is not None and panel.summary.hard_count == 1, timeout=20_000
    )
    panel.toggle.setChecked(True)
    try:
        theme.THEME.apply(mode)
        editor = window.current_editor()
        very_hard = _background_at(editor, text.index(LONG_SENTENCE) + 5)
        hard = _background_at(editor, text.index(HARD_SENTENCE) + 5)
        assert very_hard and hard and very_hard != hard
        red, yellow = QColor(very_hard), QColor(hard)
        assert red.hue() < 15 or red.hue() > 340, very_hard
        assert 40 <= yellow.hue() <= 60, hard
        words = theme.current().text
        assert _contrast(words, very_hard) >= 7 and _contrast(words, hard) >= 7
    finally:
        theme.THEME.apply(theme.LIGHT)


# -- structure ----------------------------------------------------------------------------
def test_checklist_changes_when_the_writer_adds_numbered_steps(
    qtbot, panels, workspace: Path
) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    panel = built.panels["structure"]
    window.open_article(workspace / "laptops" / "borrow-a-loan-laptop.md")
    qtbot.waitUntil(lambda: panel.checked().get("steps") is False, timeout=20_000)
    row = next(
        i for i in range(panel.checks.count()) if "Numbered steps" in panel.checks.item(i).text()
    )
    assert panel.checks.item(row).text().startswith("✗")
    append(window, "\n## Borrow a laptop\n\n1. Open the portal.\n2. Select **Loan device**.\n")
    qtbot.waitUntil(lambda: panel.checked().get("steps") is True, timeout=20_000)
    assert panel.checks.item(row).text().startswith("✓")
    titles = [
        panel.outline.topLevelItem(i).text(0) for i in range(panel.outline.topLevelItemCount())
    ]
    assert titles == ["Overview", "Borrow a laptop"]
    panel.outline.setFocus()
    panel.outline.setCurrentItem(panel.outline.topLevelItem(1))
    qtbot.keyClick(panel.outline, Qt.Key.Key_Return)
    assert current_line(window) == "## Borrow a laptop"


# -- article details ----------------------------------------------------------------------
def test_metadata_form_and_yaml_stay_in_step(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    form = built.panels["metadata"]
    window.open_article(workspace / "mail" / "outlook-keeps-asking-for-password.md")
    assert form.title.text() == "Outlook keeps asking for your password"
    assert form.tags.text() == "outlook, password, sign-in, email"
    form.title.setFocus()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Outlook asks for your password again")
    qtbot.keyClick(form.title, Qt.Key.Key_Tab)
    assert "title: Outlook asks for your password again\n" in window.current_text()
    assert "id: KB-1001" in window.current_text()
    window.window_actions.undo()
    assert "title: Outlook keeps asking for your password\n" in window.current_text()
    form.owner.setFocus()
    cursor = window.current_editor().document().find("owner: Mail team")
    cursor.insertText("owner: Messaging team")
    qtbot.waitUntil(
        lambda: form.title.text() == "Outlook keeps asking for your password", timeout=5000
    )
    assert form.owner.text() == "Mail team"  # the field being edited is not overwritten
    window.current_editor().setFocus()
    window.text_changed_debounced.emit(window.current_path(), window.current_text())
    assert form.owner.text() == "Messaging team"
    assert "owner: Messaging team" in window.current_text()


def test_metadata_edit_keeps_non_breaking_spaces_and_the_cursor(
    qtbot, panels, workspace: Path
) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    form = built.panels["metadata"]
    text = (
        "---\ntitle: Shortcut keys\n---\n\n## Symptoms\n\n"
        "The menu does not open.\n\nPress Ctrl\u00a0+\u00a0Alt\u00a0+\u00a0K to open it.\n"
    )
    window.open_article(new_file(workspace, "mail/shortcut-keys.md", text))
    editor = window.current_editor()
    at = text.index("menu does")
    editor.setTextCursor(editor.cursor_for(at, at))
    form.title.setFocus()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Shortcut keys do not work")
    qtbot.keyClick(form.title, Qt.Key.Key_Tab)
    expected = text.replace("title: Shortcut keys", "title: Shortcut keys do not work")
    assert window.current_text() == expected
    shift = len(" do not work")
    assert editor.python_position(editor.textCursor().position()) == at + shift
    window.window_actions.undo()
    assert window.current_text() == text


def test_panels_parse_the_article_only_off_the_ui_thread(
    qtbot, panels, workspace: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A pause in typing must not make the UI thread parse the whole article for a panel."""
    import threading

    from kbeditor.gui.panels import similar_panel, structure_panel

    window, built = panels
    wait_index(qtbot, built)
    on_ui_thread: list[str] = []
    for module in (similar_panel, structure_panel):  # the readability panel parses nothing
        real = module.parse_article

        def spy(*args, _real=real, _name=module.__name__, **kwargs):  # type: ignore[no-untyped-def]
            if threading.current_thread() is threading.main_thread():
                on_ui_thread.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, "parse_article", spy)
    similar = built.panels["similar"]
    window.open_article(workspace / "mail" / "outlook-keeps-asking-for-password.md")
    with qtbot.waitSignal(similar.updated, timeout=20_000):
        append(window, "\nOutlook also asks for the password after a restart.\n")
    qtbot.waitUntil(lambda: not built.analysis_lane.busy(), timeout=20_000)
    assert on_ui_thread == []


# -- new article ---------------------------------------------------------------------------
def test_new_article_from_a_template_is_valid(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    qtbot.keyClick(
        window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    dialog = built.new_article_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.template.setCurrentText("known-issue")
    qtbot.keyClicks(dialog.title, "Label printer stops at Venlo depot")
    dialog.product.setCurrentText("DockTrack")
    qtbot.keyClicks(dialog.tags, "labels, printing")
    dialog.folder.setCurrentText("docktrack")
    assert dialog.file_name.text() == "label-printer-stops-at-venlo-depot.md"
    assert dialog.create_button.isEnabled()
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    path = workspace / "docktrack" / "label-printer-stops-at-venlo-depot.md"
    assert dialog.created == path
    assert not path.exists()  # written by the first save
    assert window.save_current()
    article = load_article(path)
    assert article.errors == []
    assert article.metadata.type == "known-issue"
    assert article.metadata.product == "DockTrack"
    assert article.metadata.tags == ["labels", "printing"]
    assert window.current_path() == path.resolve()


def test_new_article_refuses_to_overwrite(qtbot, panels, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    _window, built = panels
    dialog = built.new_article()
    dialog.folder.setCurrentText("mail")
    qtbot.keyClicks(dialog.title, "Outlook keeps asking for password")
    target = workspace / "mail" / "outlook-keeps-asking-for-password.md"
    before = target.read_bytes()
    assert not dialog.create_button.isEnabled()
    assert "already exists" in dialog.message.text()
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.created is None
    assert target.read_bytes() == before


# -- export -------------------------------------------------------------------------------
class UrlRecorder(QObject):
    """Stands in for the desktop's URL opener, so no browser is started."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def __call__(self, url) -> bool:  # type: ignore[no-untyped-def]
        self.urls.append(url.toLocalFile())
        return True


def test_export_dialog_produces_a_site_and_reports_a_broken_link(
    qtbot, panels, workspace: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window, built = panels
    article = workspace / "vpn" / "vpn-wont-connect.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nSee [the old page](no-such-article.md).\n",
        encoding="utf-8",
    )
    broken_line = len(article.read_text(encoding="utf-8").splitlines())
    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = built.export_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.open_url = recorder = UrlRecorder()
    out = tmp_path / "site"
    dialog.folder.setText(str(out))
    with qtbot.waitSignal(dialog.export_done, timeout=120_000) as done:
        dialog.export_button.click()
    assert done.args[0] is not None, dialog.result_label.text()
    assert (out / "index.html").is_file()
    assert (out / "vpn" / "vpn-wont-connect.html").is_file() or any(
        out.rglob("vpn-wont-connect*.html")
    )
    assert "Exported:" in dialog.result_label.text()
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    broken = [p for p in problems if f"vpn/vpn-wont-connect.md:{broken_line}" in p]
    assert broken and "no-such-article" in broken[0], problems
    dialog.problems.setFocus()
    dialog.problems.setCurrentRow(problems.index(broken[0]))
    qtbot.keyClick(dialog.problems, Qt.Key.Key_Return)
    assert window.current_path() == article.resolve()
    assert window.current_editor().line_column()[0] == broken_line
    assert recorder.urls == []  # Return on a problem must not also press Open in browser
    assert dialog.open_button.isEnabled()
    dialog.open_button.click()
    assert recorder.urls == [str(out / "index.html")]
