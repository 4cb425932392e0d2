"""``kb_numbered_steps``: the recovery path is a numbered list, not a paragraph.

Fields: ``headings`` (the sections that must hold steps, for example
Resolution/Solution/Workaround; without it the whole article must hold a
numbered list, as a how-to does) and ``min_words`` (a section shorter than
this may state a single action in a sentence; default 40). The message's
``%s`` is the section's heading ("the article" when there is none).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor import blocks as B
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.kinds.kb_outline import (
    anchor,
    heading_pattern,
    section_anchor,
    sections_matching,
)
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "kb_numbered_steps"
FIELDS = {"headings": list, "min_words": int}


def compile(spec: dict, rule: RuleContext) -> NumberedStepsCheck:
    return NumberedStepsCheck(
        headings=heading_pattern(rule, "headings", spec.get("headings")),
        min_words=int(spec.get("min_words", 40)),
    )


@dataclass(slots=True)
class NumberedStepsCheck:
    headings: re.Pattern[str] | None
    min_words: int
    local: bool = False

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        article = ctx.article
        if self.headings is None:
            start, end = article.body_start, len(article.text)
            if (
                not _has_steps(article, start, end)
                and len(article.words(start, end)) >= self.min_words
            ):
                s, e = anchor(article)
                yield Match(s, e, ("the article",))
            return
        for sec in sections_matching(article, self.headings):
            if _has_steps(article, sec.heading.end, sec.end):
                continue
            if len(article.words(sec.heading.end, sec.end)) < self.min_words:
                continue
            s, e = section_anchor(article, sec)
            yield Match(s, e, (f"'{sec.title}'",))


def _has_steps(article: Article, start: int, end: int) -> bool:
    return any(
        b.kind == B.LIST_ITEM and b.ordered and start <= b.start < end for b in article.blocks
    )
