"""Spelling in the editor: its own colour, suggestions first, team words, ignore in one article."""

from __future__ import annotations

from gui_support import move_to_end_of, wait_linted
from PySide6.QtGui import QTextCharFormat

from kbeditor.gui.spelling_menu import problem_menu, spelling_colour

ARTICLE = "vpn/vpn-wont-connect.md"
ANCHOR = "so you can keep working in those while you fix this."


def marks_on(tab, text: str):
    return [m for m in tab.editor.diagnostic_marks if m.cursor.selectedText() == text]


def colour_of(editor, mark) -> str | None:
    for sel in editor.extraSelections():
        if (
            sel.cursor.selectionStart() == mark.start
            and sel.cursor.selectionEnd() == mark.end
            and sel.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
        ):
            return sel.format.underlineColor().name()
    return None


def test_a_typo_gets_the_spelling_colour_and_suggestions_first(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    wait_linted(qtbot, window, timeout=60000)  # the first lint of a process loads the dictionary
    move_to_end_of(tab.editor, ANCHOR)
    qtbot.keyClicks(tab.editor, " Restart the computr first.")
    qtbot.waitUntil(lambda: bool(marks_on(tab, "computr")), timeout=10000)
    mark = marks_on(tab, "computr")[0]
    assert mark.data.rule == "KB.Spelling"
    assert colour_of(tab.editor, mark) == spelling_colour().name()
    labels = [a.text() for a in tab.editor.diagnostic_actions(mark.start + 1)]
    assert labels[0] == "Replace with 'computer'"
    assert "Add 'computr' to the team's words" in labels
    assert "Ignore 'computr' in this article" in labels
    actions = tab.editor.diagnostic_actions(mark.start + 1)
    actions[0].trigger()
    assert "Restart the computer first." in tab.text()
    qtbot.waitUntil(lambda: not marks_on(tab, "computr"), timeout=10000)


def test_ignore_in_this_article_and_add_to_the_team_words(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    wait_linted(qtbot, window, timeout=60000)
    move_to_end_of(tab.editor, ANCHOR)
    qtbot.keyClicks(tab.editor, " Open zorbix and flarpnet first.")
    qtbot.waitUntil(lambda: bool(marks_on(tab, "flarpnet")), timeout=10000)
    mark = marks_on(tab, "zorbix")[0]
    ignore = "Ignore 'zorbix' in this article"
    next(a for a in tab.editor.diagnostic_actions(mark.start + 1) if a.text() == ignore).trigger()
    assert "<!-- spelling-ignore: zorbix -->" in tab.text()
    qtbot.waitUntil(lambda: not marks_on(tab, "zorbix"), timeout=10000)
    tab.editor.undo()  # one step takes the comment away again
    assert "spelling-ignore" not in tab.text()

    mark = marks_on(tab, "flarpnet")[0]
    add = "Add 'flarpnet' to the team's words"
    next(a for a in tab.editor.diagnostic_actions(mark.start + 1) if a.text() == add).trigger()
    vocab = list(workspace.rglob("accept.txt"))
    assert len(vocab) == 1 and "flarpnet" in vocab[0].read_text(encoding="utf-8").split()
    qtbot.waitUntil(lambda: not marks_on(tab, "flarpnet"), timeout=10000)


def test_the_problems_panel_offers_a_repeated_word_to_the_team_words(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    wait_linted(qtbot, window, timeout=60000)
    move_to_end_of(tab.editor, ANCHOR)
    qtbot.keyClicks(tab.editor, " Open quorbix, then quorbix settings, then close quorbix.")
    qtbot.waitUntil(lambda: bool(marks_on(tab, "quorbix")), timeout=10000)
    (mark,) = marks_on(tab, "quorbix")  # written three times: one alert, offered to add
    assert "used 3 times" in mark.data.message
    index = window.problems.diagnostics.index(mark.data)
    menu = problem_menu(window, index)
    labels = [a.text() for a in menu.actions()]
    assert labels == [
        "No suggestions",
        "Add 'quorbix' to the team's words",
        "Ignore 'quorbix' in this article",
    ]
    menu.actions()[1].trigger()
    vocab = list(workspace.rglob("accept.txt"))
    assert len(vocab) == 1 and "quorbix" in vocab[0].read_text(encoding="utf-8").split()
    qtbot.waitUntil(lambda: not marks_on(tab, "quorbix"), timeout=10000)
    assert problem_menu(window, None) is None and problem_menu(window, 10_000) is None
