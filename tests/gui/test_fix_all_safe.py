"""Fix All Safe applies only fixes marked safe, and its menu item says how many it will apply."""

from __future__ import annotations

from gui_support import move_to_end_of, wait_linted

ARTICLE = "vpn/vpn-wont-connect.md"
ANCHOR = "so you can keep working in those while you fix this."


def _fixes(tab, text: str):
    return [
        d
        for d in (tab.analysis.diagnostics if tab.analysis else [])
        if d.fix is not None and text in d.match
    ]


def test_fix_all_safe_applies_safe_fixes_only_and_menu_counts_them(qtbot, make_window, workspace):
    window = make_window(workspace, open_path=ARTICLE)
    tab = window.current_tab()
    wait_linted(qtbot, window)
    move_to_end_of(tab.editor, ANCHOR)
    # "Utilize" -> "Use" is safe; "requires that you restart" -> "needs that ..." is not.
    qtbot.keyClicks(tab.editor, " Utilize the web app. This requires that you restart.")
    qtbot.waitUntil(
        lambda: bool(_fixes(tab, "Utilize")) and bool(_fixes(tab, "requires")), timeout=10000
    )
    assert _fixes(tab, "Utilize")[0].fix.safe
    assert not _fixes(tab, "requires")[0].fix.safe
    safe = sum(1 for d in tab.analysis.diagnostics if d.fix is not None and d.fix.safe)
    unsafe_texts = [
        (d.match, d.fix.replacement)
        for d in tab.analysis.diagnostics
        if d.fix is not None and not d.fix.safe
    ]
    window.menus["Problems"].aboutToShow.emit()
    action = window.command_actions["fix_all_safe"]
    assert action.text() == f"Fix All &Safe ({safe})"
    assert action.isEnabled()
    action.trigger()
    text = tab.text()
    assert "Use the web app." in text
    assert "This requires that you restart." in text  # the unsafe fix waits for the writer
    for match, _ in unsafe_texts:
        assert match in text
    window.menus["Problems"].aboutToShow.emit()
    assert action.text() == "Fix All &Safe"
    assert not action.isEnabled()
