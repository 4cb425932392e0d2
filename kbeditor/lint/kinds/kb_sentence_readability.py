"""``kb_sentence_readability``: sentences that are hard or very hard to read, Hemingway-style.

Each sentence of the rule's scope gets a reading grade (``formula``, a
textstat function, default Flesch-Kincaid). A sentence of at least
``min_words`` words is reported when its grade reaches ``grade`` for the
article's audience and, if ``below`` is set, stays under it (so a "hard"
rule and a "very hard" rule do not report the same sentence twice).
The message's ``%s`` are the grade (one decimal) and the word count. The
grade is :func:`kbeditor.readability_summary.sentence_grade`, rounded before it
is compared, so the number shown is the number judged.
Link text counts as two plain words ("this page"): a writer cannot shorten the
title of the page it links to. ``skip_patterns`` (regexes over the sentence as
written) leave out text that is not really a sentence, such as a directive or a
stack trace pasted without a code block.

    grade: {end-user: 10, it-staff: 12, developer: 13}
    below: {end-user: 14, it-staff: 16, developer: 17}
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.grades import audience_numbers, formula_name
from kbeditor.lint.memo import Memo
from kbeditor.lint.regexes import RegexError, compile_pattern
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges
from kbeditor.readability_summary import format_grade, sentence_grade
from kbeditor.words import count_words

KIND = "kb_sentence_readability"
FIELDS = {
    "formula": str,
    "grade": dict,
    "below": dict,
    "min_words": int,
    "skip_patterns": list,
}
REQUIRED = ("grade",)


def compile(spec: dict, rule: RuleContext) -> SentenceReadabilityCheck:
    return SentenceReadabilityCheck(
        formula=formula_name(rule, spec),
        grade=audience_numbers(rule, spec, "grade"),
        below=audience_numbers(rule, spec, "below"),
        min_words=int(spec.get("min_words", 14)),
        skip=[rule.regex("skip_patterns", p) for p in spec.get("skip_patterns") or []],
    )


@dataclass(slots=True)
class SentenceReadabilityCheck:
    formula: str
    grade: dict[str, float]
    below: dict[str, float]
    min_words: int
    skip: list[re.Pattern[str]]
    local: bool = True

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        for start, end, score, count in self.graded(ctx, ranges):
            yield Match(start, end, (format_grade(score), str(count)))

    def graded(self, ctx: LintContext, ranges: Ranges) -> Iterator[tuple[int, int, float, int]]:
        """(start, end, grade, words) of each sentence this rule reports (the readability panel lists them too)."""
        low = self.grade.get(ctx.audience)
        if low is None:
            return
        high = self.below.get(ctx.audience)
        article = ctx.article
        # The "hard" and "very hard" rules read the same sentences: they share the work.
        seen = ctx.fact("readable_sentences", lambda a: {})
        raw = ranges.source is article.text
        skip = _any_of(tuple(self.skip)) if self.skip else None
        for s, e in ranges:
            if skip is not None and _skipped(skip, article.text, s, e):
                continue
            found = seen.get((s, e, raw))
            if found is None:
                text = " ".join(_without_link_text(ctx, ranges.source, s, e).split())
                found = seen[(s, e, raw)] = (text, count_words(text))
            text, count = found
            if count < self.min_words:
                continue
            score = sentence_grade(text, self.formula)
            if score >= low and (high is None or score < high):
                yield s, e, score, count


_SKIPPED: Memo[tuple[object, str], bool] = Memo(100_000)
_ANY_OF: Memo[tuple[re.Pattern[str], ...], tuple[object, tuple[re.Pattern[str], ...]]] = Memo(256)


def _any_of(patterns: tuple[re.Pattern[str], ...]) -> tuple[object, tuple[re.Pattern[str], ...]]:
    """(a cache key, the patterns to try) for a rule's skip patterns, worked out once.

    Patterns without groups and with the same flags are searched as one
    alternation (a match of any is a match of the whole); the key is their
    text and flags, cheap to hash, and the same for rules with the same list.
    """
    found = _ANY_OF.get(patterns)
    if found is None:
        key = tuple((p.pattern, p.flags) for p in patterns)
        tried = patterns
        same_flags = len({p.flags for p in patterns}) == 1
        if len(patterns) > 1 and same_flags and not any(p.groups for p in patterns):
            try:
                joined = "|".join(f"(?:{p.pattern})" for p in patterns)
                tried = (compile_pattern(joined, patterns[0].flags),)
            except RegexError:
                tried = patterns
        found = _ANY_OF[patterns] = (key, tried)
    return found


def _skipped(
    skip: tuple[object, tuple[re.Pattern[str], ...]], text: str, start: int, end: int
) -> bool:
    """True when a skip pattern matches the sentence (cached on the sentence and the character before)."""
    token, patterns = skip
    key = (token, text[start - 1 : end] if start else "\n" + text[:end])
    found = _SKIPPED.get(key)
    if found is None:
        found = _SKIPPED[key] = any(p.search(text, start, end) for p in patterns)
    return found


def _links_between(ctx: LintContext, start: int, end: int) -> list:
    """The article's links whose text starts between two offsets, in order (a binary search)."""
    starts, ordered = ctx.fact("link_text_starts", _link_text_starts)
    links = ctx.article.links
    if not ordered:  # pragma: no cover - the parser lists links in order
        return [lk for lk in links if start <= lk.text_start <= end]
    return links[bisect.bisect_left(starts, start) : bisect.bisect_right(starts, end)]


def _link_text_starts(article) -> tuple[list[int], bool]:
    starts = [lk.text_start for lk in article.links]
    return starts, all(a <= b for a, b in zip(starts, starts[1:], strict=False))


def _without_link_text(ctx: LintContext, source: str, start: int, end: int) -> str:
    """The sentence with each link's text replaced by "this page"."""
    parts: list[str] = []
    pos = start
    for link in _links_between(ctx, start, end):
        if link.image or link.text_start < start or link.text_end > end:
            continue
        parts.append(source[pos : link.text_start])
        parts.append(" this page ")
        pos = link.text_end
    parts.append(source[pos:end])
    return "".join(parts)
