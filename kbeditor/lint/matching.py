"""Running one regex over a rule's spans quickly, with offsets valid in the article text.

A kind compiles each regex it searches with into a :class:`CompiledPattern`
at load time; the pattern carries what the prefilter knows about it (the
words its matches can start with, whether it is anchored or may cross line
breaks), as Vale's rules carry a ``MightMatch``.
A kind then asks the pattern for its matches in a scope or a block and never
touches word indexes itself: the scope (:class:`~kbeditor.lint.scope.Ranges`)
and the lint (:class:`~kbeditor.lint.context.LintContext`) own those.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kbeditor.lint.prefilter import (
    BranchGate,
    Keys,
    WordIndex,
    branch_gate,
    candidate_matches,
    has_required,
    required_chars,
    word_keys,
)
from kbeditor.lint.scope import Ranges

if TYPE_CHECKING:
    from kbeditor.lint.context import LintContext

# Below this many spans each is matched on its own; above, one pass over the joined text.
_JOIN_AT = 4


_ANCHOR = re.compile(r"(?<![\\\[])\^|(?<!\\)\$")
# Repeated classes that also match line breaks could run through the gaps of the
# joined text (and cost quadratic time there): such patterns search span by span.
# A negated class that names the line break itself (``[^"\n]``) stops at the gaps.
_CROSSING = re.compile(r"\[\^(?![^\]]*(?<!\\)\\n)|\\[sSWD][*+{]|\(\?[a-z]*s")


def is_anchored(pattern: str) -> bool:
    """True when a pattern uses ^ or $ as anchors: it must then see each span on its own."""
    return bool(_ANCHOR.search(pattern))


def crosses_lines(pattern: str) -> bool:
    """True when a pattern may match across line breaks (negated classes, repeated \\s ...)."""
    return bool(_CROSSING.search(pattern))


def iter_matches(
    pattern: re.Pattern[str], ranges: Ranges, anchored: bool = False, crossing: bool = False
) -> Iterator[re.Match[str]]:
    """All matches of a pattern inside the spans.

    Many spans are searched in one pass over ``ranges.joined``, where the gaps
    between spans are line breaks: a match cannot run from one span into the
    next, and ``^``/``$`` (multi-line, as in Vale's templates) hold at every
    span's start and end, so anchored patterns always take that path. Patterns
    that could run through those line breaks (``crossing``) search span by span
    (anchored ones on a slice of their own).

    Word-list patterns (see :mod:`kbeditor.lint.prefilter`) are tried only
    where a word they can start with starts, and other patterns skip text
    without a character every match needs (a comma, "!"), with the same results.
    """
    joined = index_kind(pattern, len(ranges), anchored, crossing)
    if joined is not None:
        keys = word_keys(pattern)
        index = ranges.word_index(joined=joined)
        if index is not None and keys is not None:
            source = ranges.joined if joined else ranges.source
            found = candidate_matches(pattern, source, index, keys)
            yield from in_blocks(pattern, source, found, len(source))
            return
    required = required_chars(pattern)
    if crossing:
        src = ranges.source
        for s, e in ranges:
            if required and not has_required(src, s, e, required):
                continue
            if anchored:
                piece = src[s:e]
                for m in pattern.finditer(piece):
                    yield _Shifted(m, s)  # type: ignore[misc]
            else:
                yield from pattern.finditer(src, s, e)
        return
    if anchored or len(ranges) >= _JOIN_AT:
        lo, hi = ranges.bounds
        joined_text = ranges.joined
        if not required or has_required(joined_text, lo, hi, required):
            yield from in_blocks(pattern, joined_text, pattern.finditer(joined_text, lo, hi), hi)
        return
    src = ranges.source
    for s, e in ranges:
        if not required or has_required(src, s, e, required):
            yield from in_blocks(pattern, src, pattern.finditer(src, s, e), e)


def in_blocks(
    pattern: re.Pattern[str], text: str, matches: Iterator[re.Match[str]], hi: int
) -> Iterator[re.Match[str]]:
    """Matches as Vale finds them, one block at a time: none starts on the blank line before a
    block. ``(?:^|\\s)I\\s`` on "...\\n\\nI am" is "I " at the start of the block, where Vale
    reports it, not "\\nI " from the line before."""
    last = -1
    for m in matches:
        at = m.start()
        if at < last:
            continue
        if text.startswith("\n", at) and m.end() > at + 1 and _blank_before(text, at):
            block = at
            while block < m.end() and text[block] == "\n":
                block += 1
            again = pattern.search(text, block, hi)
            if again is None:
                return
            if again.start() < m.end():  # found again inside the block; otherwise finditer will
                last = again.end()
                yield again
            continue
        yield m


def _blank_before(text: str, at: int) -> bool:
    """The line break at ``at`` ends a blank line, or starts a run of them (a block boundary)."""
    return at == 0 or text[at - 1] == "\n" or text.startswith("\n\n", at)


def index_kind(
    pattern: re.Pattern[str], spans: int, anchored: bool = False, crossing: bool = False
) -> bool | None:
    """Which word index :func:`iter_matches` would read for a pattern over that many spans.

    True: the index of the joined text; False: the index of the spans in the
    source; None: none (the pattern is not a word list, or searches slices).
    """
    if (anchored and crossing) or word_keys(pattern) is None:
        return None
    return bool(anchored or (not crossing and spans >= _JOIN_AT))


@dataclass(frozen=True, slots=True, eq=False)
class CompiledPattern:
    """A rule's regex with its prefilter, worked out once when the rule is loaded.

    ``regex`` is the compiled regex (``re`` or the budgeted matcher); ``keys``
    the word starts its matches begin with, or None when that cannot be
    proven (:mod:`kbeditor.lint.prefilter`); ``anchored`` and ``crossing`` say
    how it must search a scope of several spans (see :func:`iter_matches`).
    """

    regex: Any  # re.Pattern[str], or a TimedPattern with the same interface
    anchored: bool
    crossing: bool
    keys: Keys | None

    @classmethod
    def of(cls, regex: re.Pattern[str], written: str | None = None) -> CompiledPattern:
        """The pattern of ``regex``; anchoring and line-crossing are read from ``written``
        (the pattern as the rule built it, before compiling added guards), else from ``regex``."""
        text = regex.pattern if written is None else written
        return cls(regex, is_anchored(text), crosses_lines(text), word_keys(regex))

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """One plain ``search`` of the regex (a check's question about one sentence or clause)."""
        if endpos is None:
            return self.regex.search(text, pos)
        return self.regex.search(text, pos, endpos)

    def finditer(self, ranges: Ranges) -> Iterator[re.Match[str]]:
        """Every match inside the spans, in order (see :func:`iter_matches`)."""
        return iter_matches(self.regex, ranges, self.anchored, self.crossing)

    def finditer_by_span(self, ranges: Ranges) -> Iterator[tuple[int, int, list[re.Match[str]]]]:
        """Each span with the matches ``finditer`` finds in it on its own, span by span.

        Read off the scope's word index when there is one: the pattern is
        then tried only where one of its first words starts.
        """
        src = ranges.source
        keys = self.keys
        index = ranges.word_index(joined=False) if keys is not None else None
        if index is None or keys is None:
            for s, e in ranges:
                yield s, e, list(self.regex.finditer(src, s, e))
            return
        found = list(candidate_matches(self.regex, src, index, keys))
        i = 0
        for s, e in ranges:
            while i < len(found) and found[i].start() < s:
                i += 1
            j = i
            while j < len(found) and found[j].start() < e:
                j += 1
            yield s, e, found[i:j]
            i = j

    def in_blocks(self, ctx: LintContext) -> BlockSearch:
        """A search of this pattern block by block over the article's mask (see :class:`BlockSearch`)."""
        return BlockSearch(self, ctx.article.mask, ctx.article_words)


class _Shifted:
    """A match found in a slice, reporting offsets in the whole source."""

    __slots__ = ("_m", "_d")

    def __init__(self, m: re.Match[str], delta: int) -> None:
        self._m = m
        self._d = delta

    def group(self, *args: int | str) -> Any:  # a str, or a tuple for several groups, as re
        return self._m.group(*args)

    def start(self, g: int | str = 0) -> int:
        return self._m.start(g) + self._d

    def end(self, g: int | str = 0) -> int:
        return self._m.end(g) + self._d

    @property
    def lastindex(self) -> int | None:
        return self._m.lastindex

    @property
    def re(self) -> re.Pattern[str]:
        return self._m.re


# Blocks scanned in full before the article's word index is used (see BlockSearch).
_PLAIN_BLOCKS = 3
_WORD_CHAR = re.compile(r"\w")


class BlockSearch:
    """Matches of one pattern in blocks of an article's mask, tried where the word index says.

    ``finditer`` over each block costs a full regex scan of the article; a
    word-list pattern starts at a few known words, so the article's
    whole-mask word index gives the few places worth trying. A block whose
    first or last character is inside a longer word, or an article without an
    index, is scanned in full: results are the same. So are the first few
    blocks asked for: after an edit only the changed blocks are, and building
    the index would cost more than scanning them.
    """

    __slots__ = (
        "_pattern",
        "_mask",
        "_article_words",
        "_starts",
        "_words",
        "_gate",
        "_done",
        "_asked",
    )

    def __init__(
        self,
        pattern: CompiledPattern,
        mask: str,
        article_words: Callable[[], WordIndex | None],
    ) -> None:
        self._pattern = pattern
        self._mask = mask
        self._article_words = article_words
        self._starts: list[int] | None = None
        self._words: list[str] = []
        self._gate: BranchGate | None = None
        self._done = False
        self._asked = 0

    def _candidates(self) -> list[int] | None:
        if not self._done:
            self._done = True
            keys = self._pattern.keys
            index = self._article_words() if keys is not None else None
            if index is not None and keys is not None and index.covers(self._mask):
                gate = None
                if not (keys.after_words or keys.after_prefixes or keys.digits):
                    gate = branch_gate(self._pattern.regex)
                if gate is not None:  # tried branch by branch (see prefilter.BranchGate)
                    found = index.word_candidates(keys)
                    self._starts = [p for p, _, _, _ in found]
                    self._words = [w for _, _, w, _ in found]
                    self._gate = gate
                else:
                    self._starts = [p for p, _ in index.candidates(keys)]
        return self._starts

    def spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans ``finditer(mask, start, end)`` would give."""
        mask = self._mask
        regex = self._pattern.regex
        self._asked += 1
        starts = self._candidates() if self._asked > _PLAIN_BLOCKS else None
        word_at = _WORD_CHAR.match
        if (
            starts is None
            or (0 < start < len(mask) and word_at(mask, start - 1) and word_at(mask, start))
            or (0 < end < len(mask) and word_at(mask, end - 1) and word_at(mask, end))
        ):
            return [m.span() for m in regex.finditer(mask, start, end)]
        out = []
        match = regex.match
        cur = -1
        gate, words = self._gate, self._words
        for i in range(bisect.bisect_left(starts, start), len(starts)):
            p = starts[i]
            if p >= end:
                break
            if p < cur:
                continue
            if gate is not None and not any(
                b.match(mask, p, end) is not None for b in gate.for_word(words[i])
            ):
                cur = p + 1
                continue
            m = match(mask, p, end)
            cur = p + 1  # a position is tried once
            if m is not None:
                out.append(m.span())
                cur = m.end()
        return out
