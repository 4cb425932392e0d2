"""``kb_escalation``: the article ends with where to go when the steps did not help.

Fields:

- ``headings``: headings of an escalation section ("If this did not help",
  "If something goes wrong", "Still need help" ...);
- ``contact``: phrases that name a way to get help ("contact", "call",
  "raise a ticket" ...);
- ``condition``: phrases that say the steps did not work ("if it still ...",
  "if the problem persists"); without an escalation heading, a paragraph after
  the first recovery section that holds a ``contact`` and a ``condition``
  phrase is the escalation path (a list item with a ``contact`` phrase counts
  when the paragraph that introduces its list, ending in ":", holds the
  ``condition``: "If this error is unexpected, do the following:"; a table
  of errors whose "next steps" say "if ..., contact ..." counts too);
- ``after``: the recovery headings the path must follow (optional);
- ``report``: ``path`` (there is no escalation path at all) or ``details``
  (there is one, but it does not say what to include: ``details`` phrases such
  as "include", "attach", "have ready");
- ``not_needed``: phrases that tell the reader there is nothing to fix ("you can
  safely ignore this", "no action is required"): such an article needs no
  escalation path;
- ``escalation_titles``: titles of articles that are themselves the way to get
  help ("Get support for ...", "Contact support"): they need none either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kbeditor import blocks as B
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.memo import Memo
from kbeditor.lint.outline import anchor, heading_pattern, sections_matching
from kbeditor.lint.phrases import phrases
from kbeditor.lint.rules import RuleContext

KIND = "kb_escalation"
DOCUMENT = True
FIELDS = {
    "headings": list,
    "contact": list,
    "condition": list,
    "details": list,
    "after": list,
    "report": str,
    "not_needed": list,
    "escalation_titles": list,
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
        not_needed=phrases(rule, spec, "not_needed"),
        titles=heading_pattern(rule, "escalation_titles", spec.get("escalation_titles")),
    )


@dataclass(slots=True)
class EscalationCheck:
    headings: re.Pattern[str] | None
    contact: re.Pattern[str] | None
    condition: re.Pattern[str] | None
    details: re.Pattern[str] | None
    after: re.Pattern[str] | None
    report: str
    not_needed: re.Pattern[str] | None = None
    titles: re.Pattern[str] | None = None
    _says_when: Memo[str, bool] = field(default_factory=Memo, repr=False, compare=False)

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        spans = self._escalation_spans(article)
        if self.report == "path":
            if not spans and not self._needs_none(article):
                s, e = self._where(article)
                yield Match(s, e)
            return
        if spans and not any(self.details.search(article.mask, s, e) for s, e in spans):  # type: ignore[union-attr]
            s, e = spans[0]
            yield Match(s, _line_end(article, s))

    def _needs_none(self, article: Article) -> bool:
        """Whether the article says there is nothing to fix, or is itself the way to get help."""
        if self.titles is not None and self.titles.search(" ".join((article.title or "").split())):
            return True
        return self.not_needed is not None and bool(self.not_needed.search(article.mask))

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
        lead_in = None  # a paragraph ending in ":" whose condition covers the list after it
        for b in article.blocks:
            if b.start < begin or b.kind not in (B.PARAGRAPH, B.LIST_ITEM, B.TABLE):
                lead_in = None if b.kind == B.HEADING else lead_in
                continue
            if self._says_when_to_escalate(mask, b.start, b.end) or (
                b.kind == B.LIST_ITEM
                and lead_in is not None
                and self.contact.search(mask, b.start, b.end)  # type: ignore[union-attr]
                and self.condition.search(mask, lead_in.start, lead_in.end)  # type: ignore[union-attr]
            ):
                last = b
            if b.kind == B.PARAGRAPH:
                lead_in = b if mask[b.start : b.end].rstrip().endswith(":") else None
        return [] if last is None else [(last.start, _block_run_end(article, last))]

    def _says_when_to_escalate(self, mask: str, start: int, end: int) -> bool:
        """Whether a block names a contact and a condition (cached: it depends on its text alone)."""
        text = mask[start:end]
        found = self._says_when.get(text)
        if found is None:
            found = self._says_when[text] = bool(
                self.contact.search(mask, start, end)  # type: ignore[union-attr]
                and self.condition.search(mask, start, end)  # type: ignore[union-attr]
            )
        return found

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
