"""``kb_advice_context``: generic advice must say why it helps.

"Reboot and try again" or "Clear your cache" given without a reason reads as a
brush-off, and the reader cannot tell whether it applies to them. The rule
reports an ``advice`` phrase unless a ``reasons`` phrase ("because", "so
that", "this clears ...", "if it still ...") appears in the same paragraph or
list item, or in the block right after it.

In a list, advice is a problem only when the list is a string of generic tips:
when at least ``min_share`` of its items (default 0.34) are advice. A restart
that is one step of a specific procedure is not canned advice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor import blocks as B
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.kinds.kb_outline import item_span, list_runs
from kbeditor.lint.kinds.kb_phrases import phrases
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "kb_advice_context"
FIELDS = {"advice": list, "reasons": list, "min_share": (float, int)}
REQUIRED = ("advice", "reasons")


def compile(spec: dict, rule: RuleContext) -> AdviceContextCheck:
    share = float(spec.get("min_share", 0.34))
    if not 0 < share <= 1:
        raise rule.error("min_share", "must be a share between 0 and 1, such as 0.34")
    return AdviceContextCheck(
        advice=phrases(rule, spec, "advice", required=True),  # type: ignore[arg-type]
        reasons=phrases(rule, spec, "reasons", required=True),  # type: ignore[arg-type]
        min_share=share,
    )


@dataclass(slots=True)
class AdviceContextCheck:
    advice: re.Pattern[str]
    reasons: re.Pattern[str]
    min_share: float
    local: bool = False

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        article = ctx.article
        mask = article.mask
        in_lists: dict[int, float] = {}
        for run in list_runs(article):
            spans = [item_span(article, i) for i in run.items]
            tips = sum(1 for s, e in spans if self.advice.search(mask, s, e))
            for i in run.items:
                in_lists[i] = tips / len(run.items)
        for i, b in enumerate(article.blocks):
            if b.kind not in (B.PARAGRAPH, B.LIST_ITEM):
                continue
            start, end = item_span(article, i) if b.kind == B.LIST_ITEM else (b.start, b.end)
            if b.kind == B.PARAGRAPH and b.depth > 0:
                continue  # part of a list item, checked with it
            found = list(self.advice.finditer(mask, b.start, b.end))
            if not found:
                continue
            if b.kind == B.LIST_ITEM and in_lists.get(i, 1.0) < self.min_share:
                continue
            if self.reasons.search(mask, start, end):
                continue
            if b.kind == B.PARAGRAPH and self._reason_after(article, i, end):
                continue
            for m in found:
                yield Match(m.start(), m.end(), (m.group(0),))

    def _reason_after(self, article: Article, index: int, end: int) -> bool:
        for b in article.blocks[index + 1 :]:
            if b.start < end:
                continue
            if b.kind in (B.PARAGRAPH, B.LIST_ITEM):
                return bool(self.reasons.search(article.mask, b.start, b.end))
            if b.kind == B.HEADING:
                return False
        return False
