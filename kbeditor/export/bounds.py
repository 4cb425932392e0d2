"""Bounds on what Python-Markdown is given: the preview's length, and crowded paragraphs.

Python-Markdown rebuilds a paragraph's text once per inline element it finds
(emphasis, code, links), so its time grows with the square of their number:
40,000 ``**a**`` in one paragraph took 26 s in export and preview alike. A
paragraph with more markup characters than :data:`MAX_MARKUP` (a few thousand
elements, a fraction of a second) is given to it as raw HTML holding the
escaped text, which it passes through untouched: the reader sees the
paragraph as typed, and a warning names its line. Such a paragraph anywhere
else (a list item, a quote, a table) makes the whole article plain text, as a
list nested too deep does.

The preview renders at most :data:`PREVIEW_CHARS` of the body, cut at a block
boundary, with a notice saying so: rendering runs after every pause in
typing, and a megabyte takes several seconds. Export renders everything.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from kbeditor import blocks as B
from kbeditor.article import Article

# Markup characters in one paragraph above which it is shown as plain text.
MAX_MARKUP = 10_000
# Characters of the body the preview renders (about 15,000 words).
PREVIEW_CHARS = 100_000

# Characters that can open or close an inline element.
_MARKUP = re.compile(r"[*_`\[\]<>&\\~!]")


@dataclass(frozen=True, slots=True)
class Plan:
    """What to render: the body up to ``end``, the ``plain`` paragraphs as escaped text.

    ``whole_plain`` says a crowded block could not be replaced on its own, so the
    whole article is plain text.
    """

    end: int
    plain: list[B.Block]
    whole_plain: bool = False


def plan(article: Article, max_chars: int | None = None) -> Plan:
    """Where to cut the body (``max_chars`` of it at most) and which paragraphs are too crowded."""
    end = cut(article, max_chars)
    plain: list[B.Block] = []
    text = article.text
    for block in article.blocks:
        if block.start >= end:
            break
        if not block.is_prose or block.end - block.start <= MAX_MARKUP:
            continue
        if len(_MARKUP.findall(text, block.start, block.end)) <= MAX_MARKUP:
            continue
        if block.kind != B.PARAGRAPH or block.depth or block.quote_depth:
            return Plan(end, [], whole_plain=True)
        plain.append(block)
    return Plan(end, plain)


def cut(article: Article, max_chars: int | None) -> int:
    """The end of the last block that fits in ``max_chars`` of body (the whole text without
    a limit or when it all fits)."""
    size = len(article.text)
    if max_chars is None or size - article.body_start <= max_chars:
        return size
    limit = article.body_start + max_chars
    ends = [b.end for b in article.blocks]
    i = bisect.bisect_right(ends, limit)
    if i:
        return ends[i - 1]
    line_break = article.text.rfind("\n", article.body_start, limit)
    return line_break if line_break > article.body_start else limit


def as_html(article: Article, block: B.Block) -> str:
    """A paragraph as a raw HTML block of its escaped text, on as many lines as the source."""
    return f"<p>{html.escape(article.text[block.start : block.end])}</p>"


def crowded_message(article: Article, block: B.Block) -> str:
    count = len(_MARKUP.findall(article.text, block.start, block.end))
    return (
        f"this paragraph has {count:,} markup characters, too many to render as Markdown "
        "in good time; it is shown as plain text"
    )


def preview_notice(article: Article, end: int) -> str:
    """The line at the top of a preview that shows only part of the article."""
    shown = end - article.body_start
    total = len(article.text) - article.body_start
    return (
        f"The preview shows the first {shown:,} of {total:,} characters of this article "
        f"(the first {PREVIEW_CHARS:,} at most); export and search use all of it."
    )
