"""Moving between the current article's problems and applying their fixes.

Works on the current tab's underlines (the editor's diagnostic marks), so a
jump or a fix always lands where the writer sees the problem, even after
edits moved the text since the lint ran.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kbeditor.errors import KbError
from kbeditor.gui.editor import Mark
from kbeditor.gui.editor_tab import EditorTab
from kbeditor.gui.problems import ProblemsPanel
from kbeditor.gui.tab_area import TabArea


class ProblemNavigator(QObject):
    """Problem navigation (F8), quick fixes, "Fix all safe", ignore-here and accepted words.

    Args:
        tab_area: the open tabs; commands act on the current one.
        problems: the problems panel, kept in step with the problem jumped to.
        workspace_root: the current workspace's folder (where accepted words are written).

    Signals:
        status(str): a short message for the status bar.
        notice(str): a window-wide message (the vocabulary could not be written).
        safe_fixes_counted(int): how many fixes "Fix all safe" would apply now.
        vocabulary_changed(): accepted words were added; the rules must be read again.
    """

    status = Signal(str)
    notice = Signal(str)
    safe_fixes_counted = Signal(int)
    vocabulary_changed = Signal()

    def __init__(
        self,
        tab_area: TabArea,
        problems: ProblemsPanel,
        workspace_root: Callable[[], Path],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tab_area, self.problems, self.workspace_root = tab_area, problems, workspace_root
        problems.jump.connect(self.jump_to_problem)
        problems.fix_all_safe.connect(self.fix_all_safe)

    # -- moving between problems --------------------------------------------------------------
    def jump_to_problem(self, index: int) -> None:
        tab = self.tab_area.current_tab()
        if tab is None or tab.analysis is None or not 0 <= index < len(tab.analysis.diagnostics):
            return
        wanted = tab.analysis.diagnostics[index]
        mark = next((m for m in tab.editor.diagnostic_marks if m.data is wanted), None)
        if mark is None:
            return
        tab.editor.setTextCursor(mark.cursor)
        tab.editor.centerCursor()
        tab.editor.setFocus()

    def next_problem(self) -> None:
        self._step(True)

    def previous_problem(self) -> None:
        self._step(False)

    def _step(self, forward: bool) -> None:
        tab = self.tab_area.current_tab()
        if tab is None or not tab.editor.diagnostic_marks:
            return
        here = tab.editor.textCursor().selectionStart()
        marks = sorted(tab.editor.diagnostic_marks, key=lambda m: m.start)
        if forward:
            target = next((m for m in marks if m.start > here), marks[0])
        else:
            target = next((m for m in reversed(marks) if m.start < here), marks[-1])
        tab.editor.setTextCursor(target.cursor)
        tab.editor.centerCursor()
        diagnostics = tab.analysis.diagnostics if tab.analysis else []
        for i, d in enumerate(diagnostics):
            if d is target.data:
                self.problems.select_diagnostic(i)
        self.status.emit(target.data.message)

    # -- fixes --------------------------------------------------------------------------------
    def quick_fix(self) -> None:
        tab = self.tab_area.current_tab()
        if tab is not None:
            tab.editor.show_quick_fix_menu()

    def apply_fix(self, tab: EditorTab, mark: Mark) -> None:
        if tab.editor.apply_fixes([mark]):
            self.status.emit(f"Fixed: {mark.data.message}")

    def safe_marks(self) -> list[Mark]:
        """The current article's marks whose fix is marked safe (only these apply unasked)."""
        tab = self.tab_area.current_tab()
        if tab is None:
            return []
        return [
            m
            for m in tab.editor.diagnostic_marks
            if getattr(m.data, "fix", None) is not None and m.data.fix.safe is True
        ]

    def count_safe_fixes(self) -> None:
        """Tell the menu how many fixes "Fix All Safe" will apply."""
        self.safe_fixes_counted.emit(len(self.safe_marks()))

    def fix_all_safe(self) -> int:
        """Apply every fix marked safe in the current article as one undo step.

        A fix that is not marked safe is applied only when the writer picks it
        from the quick-fix menu.
        """
        tab = self.tab_area.current_tab()
        if tab is None:
            return 0
        count = tab.editor.apply_fixes(self.safe_marks())
        self.status.emit(
            f"Applied {count} safe fixes (Ctrl+Z undoes them all)" if count else "No safe fixes"
        )
        self.count_safe_fixes()
        return count

    # -- silencing a rule ---------------------------------------------------------------------
    def ignore_here(self, tab: EditorTab, mark: Mark) -> None:
        """Silence one rule around the paragraph with Vale's in-document control."""
        from kbeditor.lint.edits import ignore_edit

        edit = ignore_edit(tab.text(), tab.editor.python_position(mark.start), mark.data)
        if edit is not None:
            tab.editor.replace_range(edit.start, edit.end, edit.text)
            self.status.emit(f"{mark.data.rule} is off for this paragraph")

    def accept_word(self, _tab: EditorTab, mark: Mark) -> None:
        """Add the flagged term to the workspace's accepted words and check again."""
        from kbeditor.lint.edits import accept_term

        term = (mark.data.match or "").strip()
        try:
            where = accept_term(self.workspace_root(), term)
        except (OSError, KbError) as exc:
            self.notice.emit(f"Could not add '{term}' to the accepted words: {exc}")
            return
        self.status.emit(f"'{term}' added to the accepted words in {where.name}")
        self.vocabulary_changed.emit()

    def connect_tab(self, tab: EditorTab) -> None:
        """Route a new tab's quick-fix menu requests here."""
        tab.editor.fix_requested.connect(lambda m, t=tab: self.apply_fix(t, m))
        tab.editor.ignore_requested.connect(lambda m, t=tab: self.ignore_here(t, m))
        tab.editor.accept_requested.connect(lambda m, t=tab: self.accept_word(t, m))
