"""Code actions: the desktop editor's quick-fix menu, as LSP code actions.

For each finding under the cursor: its fix and the other choices it offers,
best first (every spelling suggestion; a fix is marked preferred when the fix is
safe, so "apply preferred fix" keys and fix-on-save never change meaning),
"Ignore <rule> here" (Vale's off/on comments around the paragraph) and, for a
short match, "Add '<term>' to accepted words" (a command: it writes the
workspace vocabulary, which no text edit can do). One "Fix all safe
problems" action covers the whole document. Titles and edits come from
:mod:`kbeditor.lint.edits`, as the editor's do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from lsprotocol import types as lsp

from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.lint.edits import (
    TextEdit,
    accept_candidate,
    fix_title,
    ignore_edit,
    safe_fix_edits,
)
from kbeditor.lsp.diagnostics import covering, lsp_range, to_lsp
from kbeditor.lsp.documents import Checked
from kbeditor.lsp.positions import LineIndex

ACCEPT_COMMAND = "kbeditor.acceptWord"
FIX_ALL_KIND = f"{lsp.CodeActionKind.SourceFixAll.value}.kbeditor"
MAX_PER_CURSOR = 3  # the editor's menu offers actions for the three most serious findings


def code_actions(
    checked: Checked,
    index: LineIndex,
    start: int,
    end: int,
    only: Sequence[str] | None = None,
) -> list[lsp.CodeAction]:
    """The actions for the findings touching ``start``..``end``, then "Fix all safe problems"."""
    found = sorted(covering(checked.diagnostics, start, end), key=_most_serious_first)
    actions: list[lsp.CodeAction] = []
    for d in found[:MAX_PER_CURSOR]:
        actions.extend(_for_diagnostic(checked, index, d))
    fix_all = _fix_all(checked, index)
    if fix_all is not None:
        actions.append(fix_all)
    return [a for a in actions if _wanted(a.kind, only)]


def _for_diagnostic(checked: Checked, index: LineIndex, d: Diagnostic) -> list[lsp.CodeAction]:
    shown = [to_lsp(d, index)]
    out = []
    for fix in (d.fix, *d.alternatives) if d.fix is not None else ():  # every suggestion
        edit = TextEdit(d.start, d.end, fix.replacement)
        title = fix_title(replace(d, fix=fix))
        out.append(_edit_action(title, checked.uri, index, [edit], shown, fix.safe))
    ignore = ignore_edit(checked.text, d.start, d)
    if ignore is not None:
        out.append(_edit_action(f"Ignore {d.rule} here", checked.uri, index, [ignore], shown))
    term = accept_candidate(d)
    if term:
        title = f"Add '{term}' to accepted words"
        out.append(
            lsp.CodeAction(
                title=title,
                kind=lsp.CodeActionKind.QuickFix,
                diagnostics=shown,
                command=lsp.Command(
                    title=title, command=ACCEPT_COMMAND, arguments=[checked.uri, term]
                ),
            )
        )
    return out


def _fix_all(checked: Checked, index: LineIndex) -> lsp.CodeAction | None:
    edits = safe_fix_edits(checked.diagnostics)
    if not edits:
        return None
    title = f"Fix all safe problems ({len(edits)})"
    action = _edit_action(title, checked.uri, index, edits, None)
    action.kind = FIX_ALL_KIND
    return action


def _edit_action(
    title: str,
    uri: str,
    index: LineIndex,
    edits: Iterable[TextEdit],
    diagnostics: list[lsp.Diagnostic] | None,
    preferred: bool = False,
) -> lsp.CodeAction:
    changes = [lsp.TextEdit(range=lsp_range(index, e.start, e.end), new_text=e.text) for e in edits]
    return lsp.CodeAction(
        title=title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=diagnostics,
        is_preferred=True if preferred else None,
        edit=lsp.WorkspaceEdit(changes={uri: changes}),
    )


def _wanted(kind: str | None, only: Sequence[str] | None) -> bool:
    """Whether the client asked for this kind (``only`` lists kinds or their parents)."""
    if not only:
        return True
    name = _kind_name(kind)
    return any(name == _kind_name(o) or name.startswith(f"{_kind_name(o)}.") for o in only)


def _kind_name(kind: object) -> str:
    """A code action kind as the protocol spells it (an enum member or a plain string)."""
    return str(getattr(kind, "value", kind) or "")


def _most_serious_first(d: Diagnostic) -> tuple[int, int]:
    order = {"error": 0, "warning": 1, "suggestion": 2}
    return (order.get(d.severity, 3), d.start)
