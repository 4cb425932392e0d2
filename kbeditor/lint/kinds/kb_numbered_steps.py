"""``kb_numbered_steps``: the recovery path is a numbered list, not a paragraph.

Fields: ``headings`` (the sections that must hold steps, for example
Resolution/Solution/Workaround; without it the whole article must hold a
numbered list, as a how-to does) and ``min_words`` (a section shorter than
this may state a single action in a sentence; default 40). With
``min_actions`` and ``verbs`` / ``verbs_file``, a section is reported only when
its paragraphs ask for at least that many actions (sentences that start with an
instruction verb, and "..., then select" within them): a workaround that states
one action with notes, or lists alternatives in bullets, is not a procedure.
The message's ``%s`` is the section's heading ("the article" when there is none).
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
from kbeditor.lint.kinds.kb_phrases import JOINER, instruction_verb_at, word_set
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "kb_numbered_steps"
FIELDS = {"headings": list, "min_words": int, "min_actions": int, "verbs": list, "verbs_file": str}


def compile(spec: dict, rule: RuleContext) -> NumberedStepsCheck:
    return NumberedStepsCheck(
        headings=heading_pattern(rule, "headings", spec.get("headings")),
        min_words=int(spec.get("min_words", 40)),
        min_actions=int(spec.get("min_actions", 0)),
        verbs=word_set(rule, spec, "verbs", "verbs_file"),
    )


@dataclass(slots=True)
class NumberedStepsCheck:
    headings: re.Pattern[str] | None
    min_words: int
    min_actions: int
    verbs: frozenset[str]
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
            if (
                self.min_actions
                and self._actions(article, sec.heading.end, sec.end) < self.min_actions
            ):
                continue
            s, e = section_anchor(article, sec)
            yield Match(s, e, (f"'{sec.title}'",))

    def _actions(self, article: Article, start: int, end: int) -> int:
        count = 0
        for sent in article.sentences:
            block = article.blocks[sent.block]
            if not start <= sent.start < end or block.kind != B.PARAGRAPH or block.quote_depth:
                continue
            text = article.mask[sent.start : sent.end]
            found = instruction_verb_at(text, self.verbs)
            if found and found[0]:
                rest = text[found[1] :]
                count += 1 + sum(1 for m in JOINER.finditer(rest) if m.group(1) in self.verbs)
        return count


def _has_steps(article: Article, start: int, end: int) -> bool:
    return any(
        b.kind == B.LIST_ITEM and b.ordered and start <= b.start < end for b in article.blocks
    )
