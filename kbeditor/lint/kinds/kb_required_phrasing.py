"""``kb_required_phrasing``: something the article must say, when it is about something.

Fields:

- ``phrases``: what the article must say somewhere (regexes with word boundaries);
- ``headings``: a section with one of these headings also satisfies the rule;
- ``when``: only check articles whose ``when_in`` parts mention one of these
  (for example lock-out, errors or loss); without it every article is checked;
- ``when_in``: where to look for ``when``: ``title``, ``first-section`` (the
  lead paragraph and the first section), ``body``; default title and first section;
- ``within``: look for ``phrases`` only inside sections with these headings
  (for example "what success looks like" inside the recovery steps); when the
  article has no such section the rule stays silent (another rule asks for it);
- ``within_steps``: with ``within``, only sections that hold steps (a list to
  follow, or a sentence that is an instruction) count: "what success looks
  like after the steps" means nothing in a Solution section that only says
  the behaviour is by design.

Findings are reported where the ``when`` trigger was found in the body (the
sentence that raises the reader's fear is where the answer belongs), else at the
first ``within`` section, else at the first sentence
that matches ``report_at`` (for example where the article says "This is a known
issue", which is where the missing words belong), else at the article's first heading. The message's ``%s`` is the trigger found, when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kbeditor import blocks as B
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.outline import (
    anchor,
    heading_pattern,
    sections_matching,
    sentences_in,
    top_sections,
)
from kbeditor.lint.phrases import instruction_verb, phrases
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.span_matches import SpanMatches, heading_cuts

KIND = "kb_required_phrasing"
DOCUMENT = True
FIELDS = {
    "phrases": list,
    "headings": list,
    "when": list,
    "when_in": (list, str),
    "within": list,
    "report_at": list,
    "within_steps": bool,
}
REQUIRED = ("phrases|headings",)
_PLACES = ("title", "first-section", "body")


def compile(spec: dict, rule: RuleContext) -> RequiredPhrasingCheck:
    places = spec.get("when_in") or ["title", "first-section"]
    places = [places] if isinstance(places, str) else places
    for p in places:
        if p not in _PLACES:
            raise rule.error("when_in", f"'{p}' is not one of {', '.join(_PLACES)}")
    return RequiredPhrasingCheck(
        phrases=phrases(rule, spec, "phrases"),
        headings=heading_pattern(rule, "headings", spec.get("headings")),
        when=phrases(rule, spec, "when"),
        when_in=tuple(places),
        within=heading_pattern(rule, "within", spec.get("within")),
        report_at=phrases(rule, spec, "report_at"),
        within_steps=bool(spec.get("within_steps", False)),
    )


@dataclass(slots=True)
class RequiredPhrasingCheck:
    phrases: re.Pattern[str] | None
    headings: re.Pattern[str] | None
    when: re.Pattern[str] | None
    when_in: tuple[str, ...]
    within: re.Pattern[str] | None
    report_at: re.Pattern[str] | None = None
    within_steps: bool = False
    # The searches over the body, kept per stretch between headings: a relint searches
    # only the stretch that changed (see kbeditor.lint.span_matches).
    _found: dict[str, SpanMatches] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        named = {"phrases": self.phrases, "when": self.when, "report_at": self.report_at}
        self._found = {k: SpanMatches(p) for k, p in named.items() if p is not None}

    def _first(self, ctx: LintContext, name: str, start: int, end: int) -> tuple[int, int] | None:
        """Where the pattern ``name`` first matches between two offsets of the mask."""
        return self._found[name].first(ctx.article.mask, start, end, heading_cuts(ctx))

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        trigger, at = "", None
        if self.when is not None:
            trigger, at = self._trigger(ctx)
            if not trigger:
                return
        if self.headings is not None and sections_matching(article, self.headings, any_level=True):
            return
        if self.within is not None:
            places = sections_matching(article, self.within, any_level=True)
            if self.within_steps:
                places = [p for p in places if _has_steps(ctx, p.heading.end, p.end)]
            if not places:
                return
            spans = [(s.heading.end, s.end) for s in places]
            where = (places[0].heading.start, places[0].heading.end)
        else:
            spans = [(article.body_start, len(article.text))]
            where = at or self._where(ctx)
        if self.phrases is not None and any(
            self._first(ctx, "phrases", s, e) is not None for s, e in spans
        ):
            return
        yield Match(where[0], where[1], (trigger,))

    def _where(self, ctx: LintContext) -> tuple[int, int]:
        """The first ``report_at`` match in the body, else the article's first heading."""
        if self.report_at is not None:
            found = self._first(ctx, "report_at", ctx.article.body_start, len(ctx.article.mask))
            if found:
                return found
        return anchor(ctx.article)

    def _trigger(self, ctx: LintContext) -> tuple[str, tuple[int, int] | None]:
        """What raised the need, and where in the body (None when it is in the title)."""
        assert self.when is not None
        article = ctx.article
        for s, e in _places(article, self.when_in):
            found = self._first(ctx, "when", s, e)
            if found:
                return article.mask[found[0] : found[1]], found
        if "title" in self.when_in:
            m = self.when.search(article.title or "")
            if m:
                return m.group(0), None
        return "", None


def _has_steps(ctx: LintContext, start: int, end: int) -> bool:
    """A list, or a sentence that tells the reader to do something ("Update Office.")."""
    article = ctx.article
    if any(b.kind == B.LIST_ITEM and start <= b.start < end for b in article.blocks):
        return True
    mask = article.mask
    return any(
        instruction_verb(mask[s:e], _NO_VERBS, lexicon=True)
        for s, e in sentences_in(ctx, start, end)
    )


_NO_VERBS: frozenset[str] = frozenset()


def _places(article: Article, where: tuple[str, ...]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    if "body" in where:
        out.append((article.body_start, len(article.text)))
    elif "first-section" in where:
        tops = top_sections(article)
        end = tops[1].start if len(tops) > 1 else len(article.text)
        out.append((article.body_start, end))
    return out
