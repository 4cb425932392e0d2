"""``kb_escalation``: the article ends with where to go when the steps did not help.

Fields:

- ``headings``: headings of an escalation section ("If this did not help",
  "If something goes wrong", "Still need help" ...);
- ``contact``: phrases that name a way to get help ("contact", "call",
  "raise a ticket" ...);
- ``condition``: phrases that say the steps did not work ("if it still ...",
  "if the problem persists"); without an escalation heading, a paragraph after
  the first recovery section that holds a ``contact`` and a ``condition``
  phrase is the escalation path;
- ``after``: the recovery headings the path must follow (optional);
- ``report``: ``path`` (there is no escalation path at all) or ``details``
  (there is one, but it does not say what to include: ``details`` phrases such
  as "include", "attach", "have ready").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kbeditor import blocks as B
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.kinds.kb_outline import anchor, heading_pattern, sections_matching
from kbeditor.lint.kinds.kb_phrases import phrases
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges

KIND = "kb_escalation"
FIELDS = {
    "headings": list,
    "contact": list,
    "condition": list,
    "details": list,
    "after": list,
    "report": str,
}
REQUIRED = ("headings", "contact", "condition", "report")


def compile(spec: dict, rule: RuleContext) -> EscalationCheck:
    report = spec["report"]
    if report not in ("path", "details"):
        raise rule.error("report", "must be 'path' or 'details'")
    details = phrases(rule, spec, "details", required=report == "details")
    return EscalationCheck(
        headings=heading_pattern(rule, "headings", spec["headings"]),
        contact=phrases(rule, spec, "contact", required=True),
        condition=phrases(rule, spec, "condition", required=True),
        details=details,
        after=heading_pattern(rule, "after", spec.get("after")),
        report=report,
    )


@dataclass(slots=True)
class EscalationCheck:
    headings: re.Pattern[str] | None
    contact: re.Pattern[str] | None
    condition: re.Pattern[str] | None
    details: re.Pattern[str] | None
    after: re.Pattern[str] | None
    report: str
    local: bool = False
    _says_when: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        article = ctx.article
        spans = self._escalation_spans(article)
        if self.report == "path":
            if not spans:
                s, e = self._where(article)
                yield Match(s, e)
            return
        if spans and not any(self.details.search(article.mask, s, e) for s, e in spans):  # type: ignore[union-attr]
            s, e = spans[0]
            yield Match(s, _line_end(article, s))

    def _escalation_spans(self, article: Article) -> list[tuple[int, int]]:
        found = [
            (sec.heading.start, sec.end)
            for sec in sections_matching(article, self.headings, any_level=True)
        ]
        if found:
            return found
        after = sections_matching(article, self.after) if self.after else []
        # The path may sit inside the recovery section, after its steps.
        begin = after[0].heading.end if after else article.body_start
        last = None
        mask = article.mask
        cache = self._says_when
        for b in article.blocks:
            if b.start < begin or b.kind not in (B.PARAGRAPH, B.LIST_ITEM):
                continue
            # Whether a block names a contact and a condition depends on its text alone.
            text = mask[b.start : b.end]
            found = cache.get(text)
            if found is None:
                if len(cache) >= 50_000:
                    cache.clear()
                found = cache[text] = bool(
                    self.contact.search(mask, b.start, b.end)  # type: ignore[union-attr]
                    and self.condition.search(mask, b.start, b.end)  # type: ignore[union-attr]
                )
            if found:
                last = b
        return [] if last is None else [(last.start, _block_run_end(article, last))]

    def _where(self, article: Article) -> tuple[int, int]:
        after = sections_matching(article, self.after) if self.after else []
        if after:
            return after[-1].heading.start, after[-1].heading.end
        return anchor(article)


def _block_run_end(article: Article, block: B.Block) -> int:
    """A paragraph and the list that follows it ("Include:" then bullets)."""
    end = block.end
    seen = False
    for b in article.blocks:
        if b.start < block.end:
            continue
        if b.kind == B.LIST_ITEM or (seen and b.depth > 0):
            end, seen = b.end, True
            continue
        break
    return end


def _line_end(article: Article, start: int) -> int:
    end = article.text.find("\n", start)
    return len(article.text) if end < 0 else end
