"""Defects found while writers tried the editor: each test failed before its fix."""

from __future__ import annotations

import re
from pathlib import Path

from gui_support import wait_linted

from kbeditor.workspace import Workspace

ARTICLE = "vpn/vpn-wont-connect.md"


def test_a_restored_recovery_copy_undone_away_is_not_offered_again(qtbot, make_window, workspace):
    Workspace(workspace).write_recovery(workspace / ARTICLE, "# Old unsaved changes\n")
    window = make_window(workspace, {"restore-recovery": "restore"}, remember=False)
    tab = window.tab_area.tab_for((workspace / ARTICLE).resolve())
    assert tab is not None and tab.modified
    tab.editor.undo()  # back to the text on disk
    assert not tab.modified
    window.close()  # a clean quit: nothing to ask
    assert Workspace(workspace).pending_recoveries() == []


def test_a_new_article_is_written_only_when_saved_and_its_template_text_is_an_error(
    qtbot, make_window, workspace
):
    from kbeditor.gui.panels import panels_of

    window = make_window(workspace, {"save-on-close": "discard"}, remember=False)
    built = panels_of(window)
    dialog = built.new_article()
    dialog.folder.setCurrentText("mail")
    qtbot.keyClicks(dialog.title, "Calendar invites arrive twice")
    dialog.create_article()
    path = workspace / "mail" / "calendar-invites-arrive-twice.md"
    assert not path.exists()  # nothing on disk before the first save
    tab = window.current_tab()
    assert tab.path == path.resolve() and tab.modified
    assert "title: Calendar invites arrive twice" in tab.text()
    wait_linted(qtbot, window)
    assert "KB.TemplateText" in {d.rule for d in tab.analysis.diagnostics}
    assert window.close_tab(tab)  # "Don't save"
    assert not path.exists()
    built.shutdown()


def test_a_failed_strict_export_says_it_failed_and_why(qtbot, make_window, workspace, tmp_path):
    from kbeditor.gui.panels import panels_of

    article = workspace / "vpn" / "vpn-wont-connect.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nSee [the old page](no-such-article.md).\n",
        encoding="utf-8",
    )
    window = make_window(workspace, remember=False, restore=False)
    built = panels_of(window)
    dialog = built.export_site()
    dialog.folder.setText(str(tmp_path / "site"))
    dialog.strict.setChecked(True)
    seen: list[tuple[int, int]] = []
    dialog.progress.valueChanged.connect(lambda v: seen.append((v, dialog.progress.maximum())))
    with qtbot.waitSignal(dialog.export_done, timeout=120_000):
        dialog.export_button.click()
    result = dialog.result_label.text()
    assert "failed" in result.lower() and "broken link" in result, result
    assert dialog.progress.format() != "Done" and "failed" in dialog.progress.format().lower()
    assert "pages" not in dialog.progress.format()
    progress_seen = [v for v, m in seen if m > 1]
    assert progress_seen and max(progress_seen) == max(m for _, m in seen)  # reaches the end
    built.shutdown()


def test_new_article_gets_a_free_id_refuses_a_taken_one_and_does_not_guess_the_product(
    qtbot, make_window, workspace
):
    from kbeditor.gui.panels import panels_of
    from kbeditor.gui.panels.context import save_setting

    save_setting("new/product", "DockTrack")  # the product used last time
    window = make_window(workspace, remember=False, restore=False)
    built = panels_of(window)
    dialog = built.new_article()
    assert dialog.product.currentText() == ""  # not silently the last one used
    qtbot.keyClicks(dialog.title, "Calendar invites arrive twice")
    assert dialog.article_id.text() == "KB-1051"  # the next free id (the sample KB ends at 1050)
    assert dialog.create_button.isEnabled()
    dialog.article_id.setText("KB-1042")  # docktrack/add-a-depot-to-docktrack-config.md
    assert not dialog.create_button.isEnabled()
    assert "add-a-depot-to-docktrack-config.md" in dialog.message.text()
    built.shutdown()


def test_a_click_on_a_tab_in_side_by_side_view_makes_that_article_current(
    qtbot, make_window, workspace
):
    from gui_support import activate
    from PySide6.QtCore import Qt

    window = make_window(workspace, open_path=ARTICLE, remember=False)
    left = window.current_tab()
    right = window.open_side_by_side("mail/outlook-keeps-asking-for-password.md")
    window.current_editor().setFocus()
    assert window.current_tab() is right or window.tab_area.current_tab() is right
    changed = []
    window.current_article_changed.connect(changed.append)
    bar = window.tab_area.primary.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert window.current_tab() is left
    assert changed and changed[-1] == left.path
    activate(window)
    qtbot.keyClick(
        window.current_editor() or window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier
    )
    assert left not in window.tabs() and right in window.tabs()


def test_an_unreadable_first_article_still_makes_the_window_ready(qtbot, make_window, workspace):
    """``--screenshot`` waits for ``ready``: a binary or UTF-16 article has nothing to check."""
    for name, data in (
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
        ("utf16.md", "# Title\n\nText.\n".encode("utf-16")),
    ):
        (workspace / name).write_bytes(data)
        window = make_window(workspace, open_path=name, remember=False)
        assert window.current_path() == (workspace / name).resolve()
        qtbot.waitUntil(lambda w=window: w.router.is_ready, timeout=10_000)


def test_a_failing_panel_job_after_its_lane_is_gone_raises_nothing(qtbot, qapp, capfd):
    import time

    import shiboken6
    from PySide6.QtCore import QObject

    from kbeditor.gui.jobs import JobRunner

    owner = QObject()
    lane = JobRunner(owner)

    def fails() -> None:
        time.sleep(0.3)
        raise ValueError("the index is busy")

    lane.submit("search", fails, lambda _r: None, failed=lambda _e: None)
    shiboken6.delete(owner)  # the window closed while the job ran
    time.sleep(0.6)
    qapp.processEvents()
    assert "Signal source has been deleted" not in capfd.readouterr().err


def test_open_accepts_a_path_given_from_the_current_folder(
    qtbot, make_window, workspace, monkeypatch
):
    from kbeditor.commands.gui import article_argument

    monkeypatch.chdir(workspace.parent)
    given = f"{workspace.name}/{ARTICLE}"  # as typed: kbeditor gui kb --open kb/vpn/...
    article = article_argument(given)
    window = make_window(workspace, open_path=str(article), remember=False)
    tab = window.current_tab()
    assert tab.path == (workspace / ARTICLE).resolve() and tab.banner.text() == ""
    assert "VPN" in tab.text()


def test_the_broken_front_matter_banner_clears_once_the_yaml_is_fixed_and_saved(
    qtbot, make_window, workspace
):
    path = workspace / "mail" / "broken.md"
    path.write_text(
        "---\ntitle: [unclosed\nproduct: Mail\n---\n\n## Symptoms\n\nOutlook closes.\n",
        encoding="utf-8",
    )
    window = make_window(workspace, open_path="mail/broken.md", remember=False)
    tab = window.current_tab()
    assert "front matter" in tab.banner.text().lower()
    start = tab.text().index("[")
    tab.editor.setTextCursor(tab.editor.cursor_for(start, start + 1))
    tab.editor.textCursor().insertText("")  # the writer deletes the stray "["
    assert "title: unclosed" in tab.text()
    assert window.save_tab(tab)
    assert tab.banner.text() == ""


README = Path(__file__).resolve().parents[2] / "README.md"
KEY = re.compile(
    r"(?<![\w+])((?:(?:Ctrl|Shift|Alt)\+)+(?:F\d+|Tab|PgUp|PgDown|[A-Z0-9.=+-])|F\d+)(?![a-z])"
)


def _documented_keys() -> tuple[set[str], set[str]]:
    """(key sequences, Alt+letter mnemonics) the README's editor section promises."""
    text = README.read_text(encoding="utf-8")
    editor = text[text.index("## The editor") : text.index("## Command line")]
    keys = set(KEY.findall(editor))
    mnemonics = {k for k in keys if re.fullmatch(r"Alt\+[A-Z]", k)}
    return keys - mnemonics, mnemonics


def _mnemonic_clashes(window) -> list[tuple[str, list[str]]]:
    """Alt+letter keys with more than one owner among the menus and the window's widgets.

    Qt counts the labels and buttons of every side panel, even those behind
    another panel's tab: two owners make a key only move the focus, or open a menu.
    """
    from PySide6.QtWidgets import QAbstractButton, QLabel

    owners = [a.text() for a in window.menuBar().actions()]
    for widget in window.findChildren(QAbstractButton) + window.findChildren(QLabel):
        text = widget.text().replace("&&", "")
        if "&" not in text or widget.window() is not window:  # a dialog's keys are its own
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        owners.append(text)
    clashes = []
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        found = [t for t in owners if f"&{letter}" in t.upper()]
        if len(found) > 1:
            clashes.append((letter, found))
    return clashes


def test_every_documented_shortcut_reaches_exactly_one_action(qtbot, make_window, workspace):
    from PySide6.QtGui import QAction, QKeySequence

    window = make_window(workspace, open_path=ARTICLE, remember=False)
    keys, mnemonics = _documented_keys()
    assert "Ctrl+W" in keys and "Alt+O" in mnemonics
    bound: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            name = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            bound.setdefault(name, []).append(action.text())
    for key in sorted(keys):
        name = QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)
        assert len(bound.get(name, [])) == 1, (key, bound.get(name))
    assert _mnemonic_clashes(window) == []  # a clash makes Qt pick the menu, or nothing


def test_alt_key_for_hard_sentences_toggles_them_and_leaves_the_help_menu_shut(
    qtbot, make_window, workspace
):
    from gui_support import activate
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from kbeditor.gui.panels import panels_of

    window = make_window(workspace, open_path=ARTICLE, remember=False)
    built = panels_of(window)
    panel = built.panels["readability"]
    built.show_dock(built.docks[2])
    activate(window)
    text = README.read_text(encoding="utf-8")
    key = re.search(r"\*\*Highlight hard sentences\*\* \((Alt\+[A-Z])\)", text).group(1)
    before = panel.toggle.isChecked()
    qtbot.keyClick(window, Qt.Key(ord(key[-1])), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: panel.toggle.isChecked() != before, timeout=2000)  # animated click
    assert QApplication.activePopupWidget() is None  # no menu opened instead
    built.shutdown()


def test_problems_say_checking_until_the_first_result(qtbot, make_window, workspace):
    window = make_window(workspace, remember=False, restore=False)
    window.open_article(ARTICLE)
    tab = window.current_tab()
    if tab.analysis is None:  # the check is still running
        assert "Checking" in window.problems.summary.text()
        assert "No problems" not in window.problems.summary.text()
    wait_linted(qtbot, window, timeout=60_000)
    assert "Checking" not in window.problems.summary.text()


def test_a_binary_file_leaves_no_figures_of_the_previous_article(qtbot, make_window, workspace):
    (workspace / "logo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    window = make_window(workspace, open_path=ARTICLE, remember=False)
    wait_linted(qtbot, window)
    qtbot.waitUntil(lambda: window.preview.toPlainText().strip() != "", timeout=10_000)
    assert "words" in window.status.words.text()
    window.open_article("logo.md")
    assert window.status.words.text() == "" and window.status.counts.text() == ""
    assert window.preview.toPlainText().strip() == ""
    assert "No problems" not in window.problems.summary.text()
    assert "cannot be read" in window.problems.summary.text()
