"""Checking text while it is being written: relint the paragraphs that changed, never crash.

The editor and the language server both check a document again after every
pause in typing. Both keep the previous :class:`LintResult` of each open
document and hand it back here, so only the paragraphs whose text changed are
checked again (plus the rules that read the whole article). A rule that
raises on half-typed text is logged and the writer keeps typing: the
document simply shows no findings for that revision.
"""

from __future__ import annotations

import logging

from kbeditor.article import Article
from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.lint.engine import Linter, LintResult

log = logging.getLogger(__name__)


def live_check(
    linter: Linter, article: Article, previous: LintResult | None = None
) -> tuple[list[Diagnostic], LintResult | None]:
    """(diagnostics, the result to pass back as ``previous`` next time for this document)."""
    try:
        result = linter.relint(article, previous)
    except Exception:  # a bug in a rule: report it, keep typing
        log.exception("linting %s failed", article.path)
        return [], None
    return list(result.diagnostics), result
