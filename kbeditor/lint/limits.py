"""How large an article the linter checks in full.

Rules are written for articles a reader can take in: a few thousand words.
An article of megabytes is a pasted log or an export gone wrong, and checking
it rule by rule costs minutes while telling the writer nothing new. Above
:data:`MAX_LINT_CHARS` the linter runs no rules on an article and reports one
``kbeditor.TooLarge`` notice instead; front-matter problems are still
reported, and the article still opens, exports and is searched as usual.
"""

from __future__ import annotations

from kbeditor.article import Article
from kbeditor.lint.diagnostic import Diagnostic

# About 150,000 words: fifty times the longest article in the public corpus we measure with.
MAX_LINT_CHARS = 1_000_000

RULE_ID = "kbeditor.TooLarge"


def too_large(article: Article, limit: int | None = MAX_LINT_CHARS) -> bool:
    """True when the article is over the size the linter checks in full."""
    return limit is not None and len(article.text) > limit


def notice(article: Article, limit: int) -> Diagnostic:
    """The one diagnostic that says why an article was not linted."""
    size = len(article.text)
    start = article.body_start
    line, col = article.line_col(start)
    return Diagnostic(
        RULE_ID,
        "structure",
        "warning",
        f"This article is {size:,} characters long; articles over {limit:,} characters are "
        "not checked against the style (they still open, export and are searched). "
        "Split it into smaller articles, or move logs and data into attachments.",
        "Very large articles are not linted: checking them would take minutes.",
        "",
        "",
        start,
        start,
        line,
        col,
        line,
        col,
        None,
    )
