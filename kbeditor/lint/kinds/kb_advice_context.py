"""``kb_advice_context``: generic advice must say why it helps.

"Reboot and try again" or "Clear your cache" on its own reads as a brush-off,
and the reader cannot tell whether it applies to them. The rule reports an
``advice`` phrase given as a bare tip and not followed by a reason:

- in a list of generic tips (at least ``min_items`` items, of which at least
  ``min_share`` are bare advice, as below), every tip without a ``reasons``
  phrase in its item;
- numbered steps outside such lists are a procedure and never reported;
- elsewhere, advice that makes up the whole sentence (at most
  ``max_other_words`` words besides the advice, the ``fillers`` such as "please",
  "and", "try", "again", and the ``frames`` that turn advice into a polite
  request or a question: "Could you please ...", "Have you tried ...?") with no
  ``reasons`` phrase in its paragraph or the block before or after it
  ("because", "so that", "this clears ...", "if it still ...").

A ``fallbacks`` phrase ("if the problem persists", "otherwise") says what to
do when the advice fails, and counts as a reason for any advice but a
``referrals`` one ("contact your administrator", also advice): a referral is
itself what the reader does when all else fails, so "Contact IT if the problem
persists" still names no one and asks for nothing.

``advice``, ``referrals``, ``reasons``, ``fallbacks`` and ``frames`` are templates over the ``words`` classes
(see :mod:`kbeditor.lint.phrase_templates`): ``{VERB:restart}`` is every form
of every verb in the class ``restart``, so "restarting the router" and "Reinstall"
are the same advice as "restart your computer".

Sections headed by one of ``skip_headings`` (causes, symptoms) list
situations, not advice, and are not read.

A restart that is one step of a specific procedure ("Exit Registry Editor, and
then restart the computer"), advice in link text (a pointer to a full
procedure) and messages quoted from the screen are not canned advice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kbeditor import blocks as B
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.matching import BlockSearch, CompiledPattern
from kbeditor.lint.memo import Memo
from kbeditor.lint.outline import (
    OffsetRanges,
    heading_pattern,
    item_span,
    sections_matching,
    sentence_at,
    sentences_in,
    shared_list_runs,
)
from kbeditor.lint.phrase_templates import Templates, compile_templates, word_classes
from kbeditor.lint.phrases import quoted_from_screen, word_set, words
from kbeditor.lint.rules import RuleContext

KIND = "kb_advice_context"
DOCUMENT = True
# A leading condition or topic ("If the page does not load, ...", "For licence issues, ...") says
# when or what about, not why: it does not count.
_CONDITION = re.compile(r"^(?:if|when|once|after|whenever|for)\b[^,]*,\s*", re.IGNORECASE)
FIELDS = {
    "advice": list,
    "referrals": list,
    "reasons": list,
    "fallbacks": list,
    "min_share": (float, int),
    "min_items": int,
    "max_other_words": int,
    "fillers": list,
    "fillers_file": str,
    "skip_headings": list,
    "words": dict,
    "frames": list,
}
REQUIRED = ("advice", "reasons")


def compile(spec: dict, rule: RuleContext) -> AdviceContextCheck:
    share = float(spec.get("min_share", 0.34))
    if not 0 < share <= 1:
        raise rule.error("min_share", "must be a share between 0 and 1, such as 0.34")
    classes = word_classes(rule, spec)
    frames = _pattern(rule, compile_templates(rule, spec, "frames", classes), "frames")
    referrals = _pattern(rule, compile_templates(rule, spec, "referrals", classes), "referrals")
    # A referral is advice too: one search finds both, and the referral pattern tells them apart.
    every = {"advice": list(spec.get("advice") or []) + list(spec.get("referrals") or [])}
    return AdviceContextCheck(
        advice=CompiledPattern.of(
            _pattern(rule, compile_templates(rule, every, "advice", classes), "advice")  # type: ignore[arg-type]
        ),
        reasons=_pattern(rule, compile_templates(rule, spec, "reasons", classes), "reasons"),  # type: ignore[arg-type]
        fallbacks=_pattern(rule, compile_templates(rule, spec, "fallbacks", classes), "fallbacks"),
        referrals=referrals,
        frames=frames,
        min_share=share,
        min_items=int(spec.get("min_items", 3)),
        max_other=int(spec.get("max_other_words", 2)),
        fillers=word_set(rule, spec, "fillers", "fillers_file"),
        skip=heading_pattern(rule, "skip_headings", spec.get("skip_headings")),
    )


def _pattern(rule: RuleContext, found: Templates | None, name: str) -> re.Pattern[str] | None:
    """The regex of a template list; this kind checks no word against the lexicon after matching."""
    if found is not None and (found.checks or found.starts):
        raise rule.error(
            name, "{VB} and {START} slots are not supported here: use {VERB:class} or {~verb}"
        )
    return found.pattern if found is not None else None


@dataclass(slots=True)
class AdviceContextCheck:
    advice: CompiledPattern
    reasons: re.Pattern[str]
    fallbacks: re.Pattern[str] | None
    referrals: re.Pattern[str] | None
    frames: re.Pattern[str] | None
    min_share: float
    min_items: int
    max_other: int
    fillers: frozenset[str]
    skip: re.Pattern[str] | None

    _found: Memo[str, tuple[tuple[int, int], ...]] = field(
        default_factory=Memo, repr=False, compare=False
    )
    _tips: Memo[tuple[str, tuple[tuple[int, int], ...]], bool] = field(
        default_factory=Memo, repr=False, compare=False
    )

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        mask = article.mask
        starts = self.advice.in_blocks(ctx)
        tip_lists = self._tip_lists(ctx, starts)
        links = OffsetRanges((lk.text_start, lk.text_end) for lk in article.links)
        skipped = OffsetRanges.of_sections(sections_matching(article, self.skip, any_level=True))
        for i, b in enumerate(article.blocks):
            if b.kind not in (B.PARAGRAPH, B.LIST_ITEM) or (b.kind == B.PARAGRAPH and b.depth > 0):
                continue
            found = self._advice_in(mask, b, starts)
            if not found or b.start in skipped:
                continue
            start, end = item_span(article, i) if b.kind == B.LIST_ITEM else (b.start, b.end)
            for ms, me in found:
                if ms in links:
                    continue
                if quoted_from_screen(article, b, ms, me):
                    continue
                referral = self._referral(mask, ms)
                if self._reasoned(mask, start, end, referral):
                    break
                if i in tip_lists:
                    yield Match(ms, me, (mask[ms:me],))
                elif b.kind == B.LIST_ITEM and b.ordered:
                    break  # a step of a procedure, not a tip
                elif self._bare(ctx, ms, me) and not self._reason_near(article, i, end, referral):
                    yield Match(ms, me, (mask[ms:me],))

    def _advice_in(self, mask: str, b: B.Block, starts: BlockSearch) -> tuple[tuple[int, int], ...]:
        """Where advice phrases are in a block (cached on its text and the character before it)."""
        key = mask[b.start - 1 : b.end] if b.start else "\n" + mask[: b.end]
        found = self._found.get(key)
        if found is None:
            spans = starts.spans(b.start, b.end)
            found = tuple((s - b.start, e - b.start) for s, e in spans)
            self._found[key] = found
        return tuple((b.start + s, b.start + e) for s, e in found) if found else ()

    def _tip_lists(self, ctx: LintContext, starts: BlockSearch) -> set[int]:
        """Block indexes of items in lists that are strings of generic tips."""
        article = ctx.article
        out: set[int] = set()
        for run in shared_list_runs(ctx):
            if len(run.items) < self.min_items:
                continue
            spans = [item_span(article, i) for i in run.items]
            tips = sum(1 for s, e in spans if self._bare_tip(ctx, s, e, starts))
            if tips / len(run.items) >= self.min_share:
                out.update(run.items)
        return out

    def _bare_tip(self, ctx: LintContext, start: int, end: int, starts: BlockSearch) -> bool:
        """Whether a list item's first advice is a bare tip (cached on the item's text and
        sentences: a relint asks again about every item of every list)."""
        mask = ctx.article.mask
        key = (
            mask[start - 1 : end] if start else "\n" + mask[:end],
            tuple((s - start, e - start) for s, e in sentences_in(ctx, start, end)),
        )
        bare = self._tips.get(key)
        if bare is None:
            found = starts.spans(start, end)  # the first advice, as a search would find it
            bare = self._tips[key] = bool(found) and self._bare(ctx, *found[0])
        return bare

    def _bare(self, ctx: LintContext, start: int, end: int) -> bool:
        """True when the advice is the whole sentence, give or take a few filler words."""
        sent = sentence_at(ctx, start)
        if sent is None:
            return False
        mask = ctx.article.mask
        before = _CONDITION.sub("", mask[sent[0] : start].lstrip())
        after = mask[end : sent[1]]
        if self.frames is not None:
            # "Have you tried ...?", "Could you please ...", "... and see if that helps": apart, so
            # that a frame ending in $ can mean "right before the advice" ("Zoom problems can ...")
            before, after = self.frames.sub(" ", before), self.frames.sub(" ", after)
        other = [w for w in words(before + " " + after) if w.lower() not in self.fillers]
        return len(other) <= self.max_other

    def _referral(self, mask: str, start: int) -> bool:
        """Whether the advice at ``start`` is a referral (its pattern looks past the advice)."""
        return self.referrals is not None and self.referrals.match(mask, start) is not None

    def _reasoned(self, mask: str, start: int, end: int, referral: bool) -> bool:
        """A reason in mask[start:end]; a fallback ("if the problem persists") is none for a referral."""
        if self.reasons.search(mask, start, end):
            return True
        return (
            not referral
            and self.fallbacks is not None
            and bool(self.fallbacks.search(mask, start, end))
        )

    def _reason_near(self, article: Article, index: int, end: int, referral: bool) -> bool:
        """A reason in the prose block just before or just after the advice."""
        looked = 0
        for b in reversed(article.blocks[:index]):
            if b.kind == B.HEADING or looked == 2:
                break
            if b.kind in (B.PARAGRAPH, B.LIST_ITEM) and article.words(b.start, b.end):
                if self._reasoned(article.mask, b.start, b.end, referral):
                    return True
                looked += 1
        for b in article.blocks[index + 1 :]:
            if b.start < end:
                continue
            if b.kind in (B.PARAGRAPH, B.LIST_ITEM):
                return self._reasoned(article.mask, b.start, b.end, referral)
            if b.kind == B.HEADING:
                return False
        return False
