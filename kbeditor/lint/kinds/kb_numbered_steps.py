"""``kb_numbered_steps``: the recovery path is a numbered list, not a paragraph.

Fields: ``headings`` (the sections that must hold steps, for example
Resolution/Solution/Workaround; without it the whole article must hold a
numbered list, as a how-to does) and ``min_words`` (a section shorter than
this may state a single action in a sentence; default 40). With
``min_actions`` and ``verbs`` / ``verbs_file``, a section is reported only when
its paragraphs ask for at least that many actions (sentences that start with an
instruction verb, and "..., then select" within them): a workaround that states
one action with notes, or lists alternatives in bullets, is not a procedure.
Actions are counted in one stretch of prose at a time: sub-headings inside the
section ("Method 1", "Scenario 2") start a new stretch, since they are
alternatives, each of which is followed on its own; paragraphs inside bullet
lists are left out for the same reason. Verbs listed in ``not_actions``
("see", "refer", "follow") point elsewhere and are no action of their own, and
sentences that open with a phrase in ``not_action_openers`` ("For example",
"Alternatively") show or replace an action rather than add one. With
``min_chained``, one sentence that chains that many actions ("view the request,
select Propose New Time, and then select Decline") is a procedure too, however
few actions the rest of the section asks for.
The message's ``%s`` is the section's heading ("the article" when there is none).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor import blocks as B
from kbeditor.article import Article
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.outline import (
    anchor,
    heading_pattern,
    section_anchor,
    sections_matching,
)
from kbeditor.lint.phrases import FILLERS, JOINER, instruction_verb_at, word_set
from kbeditor.lint.rules import RuleContext
from kbeditor.words import ENGLISH_WORD

KIND = "kb_numbered_steps"
DOCUMENT = True
FIELDS = {
    "headings": list,
    "min_words": int,
    "min_actions": int,
    "verbs": list,
    "verbs_file": str,
    "not_actions": list,
    "not_action_openers": list,
    "min_chained": int,
    "reader_actions": bool,
}


def compile(spec: dict, rule: RuleContext) -> NumberedStepsCheck:
    return NumberedStepsCheck(
        headings=heading_pattern(rule, "headings", spec.get("headings")),
        min_words=int(spec.get("min_words", 40)),
        min_actions=int(spec.get("min_actions", 0)),
        verbs=word_set(rule, spec, "verbs", "verbs_file"),
        not_actions=_not_actions(rule, spec),
        openers=_openers(rule, spec),
        min_chained=int(spec.get("min_chained", 0)),
        reader_actions=bool(spec.get("reader_actions", False)),
    )


def _not_actions(rule: RuleContext, spec: dict) -> frozenset[str]:
    words = spec.get("not_actions") or []
    if not all(isinstance(w, str) for w in words):
        raise rule.error("not_actions", "must be a list of words")
    return frozenset(w.strip().lower() for w in words)


def _openers(rule: RuleContext, spec: dict) -> re.Pattern[str] | None:
    phrases = spec.get("not_action_openers") or []
    if not all(isinstance(p, str) for p in phrases):
        raise rule.error("not_action_openers", "must be a list of phrases")
    if not phrases:
        return None
    return re.compile(r"^\W*(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)


@dataclass(slots=True)
class NumberedStepsCheck:
    headings: re.Pattern[str] | None
    min_words: int
    min_actions: int
    verbs: frozenset[str]
    not_actions: frozenset[str] = frozenset()
    openers: re.Pattern[str] | None = None
    min_chained: int = 0
    reader_actions: bool = False

    def run(self, ctx: LintContext) -> Iterator[Match]:
        article = ctx.article
        if self.headings is None:
            start, end = article.body_start, len(article.text)
            if (
                not _has_steps(article, start, end)
                and len(article.words(start, end)) >= self.min_words
                and (not self.min_actions or self._is_procedure(article, start, end))
            ):
                s, e = anchor(article)
                yield Match(s, e, ("the article",))
            return
        for sec in sections_matching(article, self.headings):
            if _has_steps(article, sec.heading.end, sec.end):
                continue
            if len(article.words(sec.heading.end, sec.end)) < self.min_words:
                continue
            if self.min_actions and not self._is_procedure(article, sec.heading.end, sec.end):
                continue
            s, e = section_anchor(article, sec)
            yield Match(s, e, (f"'{sec.title}'",))

    def _is_procedure(self, article: Article, start: int, end: int) -> bool:
        """Whether one stretch of the text (between its headings) asks for enough actions."""
        cuts = [start, *(h.start for h in article.headings if start <= h.start < end), end]
        for a, b in zip(cuts, cuts[1:], strict=False):
            total, longest = self._actions(article, a, b)
            if total >= self.min_actions or (self.min_chained and longest >= self.min_chained):
                return True
        return False

    def _actions(self, article: Article, start: int, end: int) -> tuple[int, int]:
        """Actions asked for between two offsets, and the most in any one sentence."""
        count = longest = 0
        for sent in article.sentences:
            block = article.blocks[sent.block]
            if not start <= sent.start < end or block.kind != B.PARAGRAPH or block.quote_depth:
                continue
            if block.depth:  # a note under a bullet: the bullets are alternatives
                continue
            text = article.mask[sent.start : sent.end]
            verb = self._action_at(article, sent.start, text)
            n = 0
            if verb is not None:
                rest = text[verb:]
                n = 1 + sum(1 for m in JOINER.finditer(rest) if m.group(1) in self.verbs)
            if self.reader_actions:
                n += sum(
                    1
                    for m in _YOU_DO.finditer(text)
                    if m.group(1).lower() in self.verbs
                    and not _CONDITION.search(text, 0, m.start())
                )
            count, longest = count + n, max(longest, n)
        return count, longest

    def _action_at(self, article: Article, start: int, text: str) -> int | None:
        """Where the sentence's instruction verb is, when the sentence asks for an action.

        Only a verb that opens the sentence or its main clause counts ("To do this, add
        ...", "Then enter ..."): "you can increase ..." and "the user must enable ..."
        describe what is possible, and a question or a pointer to a link ("Go to
        Microsoft Community", "see Manage permissions") asks for no action here.
        """
        if self.openers is not None and self.openers.match(text):
            return None
        found = instruction_verb_at(text, self.verbs)
        if not found or not found[0] or found[0] in self.not_actions:
            return None
        verb, at = found
        lead = _CLAUSE.split(text[:at])[-1]
        if any(w.lower() not in FILLERS for w in ENGLISH_WORD.findall(lead)):
            return None
        if text.rstrip().endswith("?") or _points_to_link(article, start + at, text, at):
            return None
        return at


def _points_to_link(article: Article, verb_start: int, text: str, at: int) -> bool:
    """True when a link follows the verb within two words ("Go to [Microsoft Community]")."""
    for link in article.links:
        if link.start >= verb_start:
            gap = text[at : at + link.start - verb_start]
            return link.start - verb_start < len(text) - at and len(ENGLISH_WORD.findall(gap)) <= 3
    return False


_CLAUSE = re.compile(r"[,:;]")
# What a how-to written as a story asks of the reader: "you can request ...", "you need to bring".
_CONDITION = re.compile(r"\b(?:if|when|whenever|once|after|before|unless|until)\s+$", re.I)
_YOU_DO = re.compile(
    r"\byou (?:(?:first|then|also) )?(?:can|should|must|need to|have to|will need to|will have to)"
    r" (?:(?:first|then|also) )?([a-z][\w-]*)",
    re.IGNORECASE,
)


def _has_steps(article: Article, start: int, end: int) -> bool:
    return any(
        b.kind == B.LIST_ITEM and b.ordered and start <= b.start < end for b in article.blocks
    )
