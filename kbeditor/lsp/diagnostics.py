"""Our diagnostics as LSP diagnostics and hovers.

Severities map as a writer expects to see them in any editor: errors and
warnings as such, suggestions as information (LSP's "hint" is drawn so faintly
by most editors that a suggestion would go unseen). The rule id is the
diagnostic's code, so a client can show it and filter on it; the rule's link
becomes the code's description link.
"""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types as lsp

from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.lint.edits import fix_title
from kbeditor.lsp.positions import LineIndex

SOURCE = "kbeditor"
SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "suggestion": lsp.DiagnosticSeverity.Information,
}


def lsp_range(index: LineIndex, start: int, end: int) -> lsp.Range:
    """The LSP range of Python offsets ``start``..``end``."""
    (line, char), (end_line, end_char) = index.position(start), index.position(end)
    return lsp.Range(
        start=lsp.Position(line=line, character=char),
        end=lsp.Position(line=end_line, character=end_char),
    )


def to_lsp(diagnostic: Diagnostic, index: LineIndex) -> lsp.Diagnostic:
    """One finding as the client shows it."""
    link = diagnostic.link if diagnostic.link.startswith(("http://", "https://")) else ""
    return lsp.Diagnostic(
        range=lsp_range(index, diagnostic.start, diagnostic.end),
        message=diagnostic.message,
        severity=SEVERITY.get(diagnostic.severity, lsp.DiagnosticSeverity.Warning),
        code=diagnostic.rule,
        code_description=lsp.CodeDescription(href=link) if link else None,
        source=SOURCE,
    )


def covering(diagnostics: Iterable[Diagnostic], start: int, end: int) -> list[Diagnostic]:
    """The diagnostics that touch the offsets ``start``..``end`` (a cursor is start == end)."""
    return [d for d in diagnostics if d.start <= end and d.end >= start]


def hover_markdown(diagnostics: Iterable[Diagnostic]) -> str:
    """What hovering a finding shows: the message, the rule's description, the fix, the rule."""
    parts = []
    for d in diagnostics:
        lines = [f"**{d.message}**"]
        if d.description:
            lines.append(d.description.strip())
        if d.fix is not None:
            safety = "safe" if d.fix.safe else "read it first: it may change the meaning"
            lines.append(f"Fix: {fix_title(d)} ({safety})")
        rule = f"[{d.rule}]({d.link})" if d.link.startswith(("http://", "https://")) else d.rule
        lines.append(f"*{rule} · {d.severity}*")
        parts.append("\n\n".join(lines))
    return "\n\n---\n\n".join(parts)
