"""Python offsets and Qt positions: an emoji before a flagged word must not shift its underline."""

from __future__ import annotations

from gui_support import wait_linted
from hypothesis import given
from hypothesis import strategies as st

from kbeditor.gui.positions import Utf16Map, to_py, to_qt


def test_astral_characters_take_two_qt_positions() -> None:
    text = "a😀b𝄞c"
    assert [to_qt(text, i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [to_py(text, p) for p in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]
    assert to_py(text, 2) == 1  # the middle of a surrogate pair belongs to its character


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_conversion_round_trips_and_matches_utf16_length(text: str) -> None:
    positions = Utf16Map(text)
    for i in range(len(text) + 1):
        assert positions.to_qt(i) == len(text[:i].encode("utf-16-le")) // 2
        assert positions.to_py(positions.to_qt(i)) == i


def test_underline_after_an_emoji_covers_exactly_the_flagged_words(qtbot, make_window, workspace):
    path = workspace / "mail" / "emoji.md"
    path.write_text(
        "---\ntitle: Outlook asks again\naudience: end-user\n---\n\n## Symptoms\n\n"
        "😀🎉 Outlook shows a credential prompt again and again.\n",
        encoding="utf-8",
    )
    window = make_window(workspace, open_path="mail/emoji.md")
    tab = window.current_tab()
    wait_linted(qtbot, window)
    marks = [m for m in tab.editor.diagnostic_marks if m.data.match == "credential prompt"]
    assert marks, [m.data.match for m in tab.editor.diagnostic_marks]
    assert marks[0].cursor.selectedText() == "credential prompt"
    # The same holds for the problems panel's jump and the quick fix.
    index = tab.analysis.diagnostics.index(marks[0].data)
    window.navigator.jump_to_problem(index)
    assert tab.editor.textCursor().selectedText() == "credential prompt"
    tab.editor.apply_fixes(marks[:1])
    assert "😀🎉 Outlook shows a password window again" in tab.text()
