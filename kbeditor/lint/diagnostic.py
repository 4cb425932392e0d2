"""What the linter reports: one :class:`Diagnostic` per finding, with an optional :class:`Fix`.

These values cross every layer (engine, CLI reports, editor squiggles and the
problems panel), so they are frozen and carry everything a consumer needs:
offsets into ``Article.text`` for the editor, 1-based line/column for people
and CI, and the rule's explanation for the writer.
"""

from __future__ import annotations

from dataclasses import dataclass

# Lowest to highest. The order is the public meaning of --min-level and --fail-on.
SEVERITIES: tuple[str, ...] = ("suggestion", "warning", "error")
_RANK = {name: i for i, name in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """Position of a severity in :data:`SEVERITIES` (suggestion 0 .. error 2)."""
    return _RANK[severity]


def at_least(severity: str, minimum: str) -> bool:
    """True when ``severity`` is ``minimum`` or more serious."""
    return _RANK[severity] >= _RANK[minimum]


def is_severity(value: object) -> bool:
    return isinstance(value, str) and value in _RANK


@dataclass(frozen=True, slots=True)
class Fix:
    """A quick fix: replace the diagnostic's span (``start``..``end``) with ``replacement``.

    ``safe`` says whether the fix can be applied without reading it (it cannot
    change the meaning), as ruff marks its fixes; ``title`` is the menu text,
    for example "Replace with 'sign-in check'".
    """

    replacement: str
    safe: bool
    title: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of one rule.

    ``start``/``end`` are offsets into ``Article.text``; ``line``/``column``
    and ``end_line``/``end_column`` are 1-based (columns count code points,
    the end column is the column of the last character + 1). ``alternatives``
    are further fixes after ``fix``, best first (spelling suggestions).
    """

    rule: str  # 'Style.Rule'
    category: str
    severity: str  # one of SEVERITIES
    message: str
    description: str
    link: str
    match: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None = None
    alternatives: tuple[Fix, ...] = ()

    @property
    def style(self) -> str:
        return self.rule.split(".", 1)[0]

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape (see the README): offsets are left out, positions are 1-based.

        ``suggestions`` lists every replacement offered, best first (``fix`` is the first);
        a spelling alert carries its likely intended words there.
        """
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "match": self.match,
            "fix": (
                {
                    "replacement": self.fix.replacement,
                    "safe": self.fix.safe,
                    "title": self.fix.title,
                }
                if self.fix
                else None
            ),
            # Every replacement offered, best first: the fix, then the other choices.
            "suggestions": [f.replacement for f in (self.fix, *self.alternatives) if f],
        }
