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
from kbeditor.lint.lines import reach_before
from kbeditor.lint.memo import Memo
from kbeditor.lint.outline import anchor, heading_pattern, sections_matching
from kbeditor.lint.phrases import phrases
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.span_matches import SpanMatches, block_keys, heading_cuts

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
    _found: Memo[str, tuple[bool, bool]] = field(default_factory=Memo, repr=False, compare=False)
    _cached: bool = field(init=False, repr=False, compare=False)
    # Whether the article says no action is needed, kept per stretch between headings.
    _not_needed: SpanMatches | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._not_needed = SpanMatches(self.not_needed) if self.not_needed is not None else None
        reach = [reach_before(p) for p in (self.contact, self.condition)]
        self._cached = all(r is not None and r <= 1 for r in reach)

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        spans = self._escalation_spans(ctx)
        if self.report == "path":
            if not spans and not self._needs_none(ctx):
                s, e = self._where(article)
                yield Match(s, e)
            return
        if spans and not any(self.details.search(article.mask, s, e) for s, e in spans):  # type: ignore[union-attr]
            s, e = spans[0]
            yield Match(s, _line_end(article, s))

    def _needs_none(self, ctx: LintContext) -> bool:
        """Whether the article says there is nothing to fix, or is itself the way to get help."""
        article = ctx.article
        if self.titles is not None and self.titles.search(" ".join((article.title or "").split())):
            return True
        if self._not_needed is None:
            return False
        mask = article.mask
        return self._not_needed.first(mask, 0, len(mask), heading_cuts(ctx)) is not None

    def _escalation_spans(self, ctx: LintContext) -> list[tuple[int, int]]:
        article = ctx.article
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
        keys = block_keys(ctx) if self._cached else None
        for i, b in enumerate(article.blocks):
            if b.start < begin or b.kind not in (B.PARAGRAPH, B.LIST_ITEM, B.TABLE):
                lead_in = None if b.kind == B.HEADING else lead_in
                continue
            key = keys[i] if keys is not None else None
            known = self._found.get(key) if key is not None else None
            contact, condition = known or self._names(ctx, i, keys)
            if (contact and condition) or (
                b.kind == B.LIST_ITEM and lead_in is not None and contact and lead_in[1]
            ):
                last = b
            if b.kind == B.PARAGRAPH:
                ends = mask[b.start : b.end].rstrip().endswith(":")
                lead_in = (b, condition) if ends else None
        return [] if last is None else [(last.start, _block_run_end(article, last))]

    def _names(
        self, ctx: LintContext, index: int, keys: list[str | None] | None
    ) -> tuple[bool, bool]:
        """Whether a block names a contact, and a condition: kept by the block's text and the
        character before it (``keys``: a word boundary reads it), so a relint searches only
        changed blocks (with patterns that read further back, ``keys`` is None: every time)."""
        b = ctx.article.blocks[index]
        mask = ctx.article.mask
        found = (
            self.contact.search(mask, b.start, b.end) is not None,  # type: ignore[union-attr]
            self.condition.search(mask, b.start, b.end) is not None,  # type: ignore[union-attr]
        )
        key = keys[index] if keys is not None else None
        if key is not None:
            self._found[key] = found
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
