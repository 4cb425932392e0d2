"""Running one regex over a rule's spans quickly, with offsets valid in the article text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kbeditor.lint.prefilter import candidate_matches, has_required, required_chars, word_keys
from kbeditor.lint.scope import Ranges

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


def search(pattern: re.Pattern[str], ranges: Ranges) -> Iterator[re.Match[str]]:
    """iter_matches with the anchoring and line-crossing of the pattern worked out."""
    text = pattern.pattern
    return iter_matches(pattern, ranges, is_anchored(text), crosses_lines(text))


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
