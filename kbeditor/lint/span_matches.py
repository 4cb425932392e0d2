"""A pattern's matches in a span of an article, kept by the span's text for the next relint.

Document-level checks search sections or the whole body with phrase lists
on every relint, although an edit changes one paragraph. A
:class:`SpanMatches` keeps what a search found in a span, keyed by the text
it read (the span and the few characters before it that a look-behind may
read, see :func:`~kbeditor.lint.lines.reach_before`), so a span whose text
did not change is not searched again. A pattern whose matches stay inside a
line (:func:`~kbeditor.lint.lines.splits_at_lines`) is searched in a long
span piece by piece, cut at the line starts the caller gives (headings), so
that only the changed piece is searched again. The answers are those of
``finditer``/``search`` on the whole span, by construction; a pattern that
cannot be proven safe to cache is simply searched every time.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from typing import Any

from kbeditor.article import Article
from kbeditor.lint.context import LintContext
from kbeditor.lint.lines import reach_before, splits_at_lines
from kbeditor.lint.memo import Memo

Span = tuple[int, int]
# Spans kept per pattern, and the longest span kept: a key holds the span's text, so the
# two bound the memory (a longer span, or one that changes on every edit, is not kept).
_KEPT = 1024
_LONGEST = 8192


class SpanMatches:
    """The spans a pattern matches in spans of a text (``finditer`` as ``re`` gives them)."""

    __slots__ = ("regex", "_reach", "_split", "_memo")

    def __init__(self, regex: Any) -> None:
        self.regex = regex
        self._reach = reach_before(regex)
        self._split = self._reach is not None and splits_at_lines(regex)
        self._memo: Memo[tuple[str, int], tuple[Span, ...]] = Memo(_KEPT)

    def find(self, text: str, start: int, end: int) -> list[Span]:
        """Every match of ``finditer(text, start, end)``, as (start, end)."""
        return [(s + start, e + start) for s, e in self._relative(text, start, end)]

    def first(self, text: str, start: int, end: int, cuts: Sequence[int] = ()) -> Span | None:
        """The match of ``search(text, start, end)``, or None.

        ``cuts`` are line starts (sorted) where a long span may be read piece by piece.
        """
        for a, b in self._pieces(start, end, cuts):
            found = self._relative(text, a, b)
            if found:
                s, e = found[0]
                return s + a, e + a
        return None

    def _pieces(self, start: int, end: int, cuts: Sequence[int]) -> list[Span]:
        if not self._split or not cuts:
            return [(start, end)]
        inner = cuts[bisect.bisect_right(cuts, start) : bisect.bisect_left(cuts, end)]
        bounds = [start, *inner, end]
        return list(itertools.pairwise(bounds))

    def _relative(self, text: str, start: int, end: int) -> tuple[Span, ...]:
        """The matches in the span, relative to its start (cached by the text they depend on)."""
        if self._reach is None or end - start > _LONGEST:
            return self._search(text, start, end)
        lo = max(0, start - self._reach)
        key = (text[lo:end], start - lo)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._search(text, start, end)
        return found

    def _search(self, text: str, start: int, end: int) -> tuple[Span, ...]:
        return tuple(
            (m.start() - start, m.end() - start) for m in self.regex.finditer(text, start, end)
        )


def line_cuts(text: str, offsets: Sequence[int]) -> list[int]:
    """The offsets (sorted) that start a line of ``text``: where a span may be cut."""
    return sorted(o for o in offsets if 0 < o <= len(text) and text[o - 1] == "\n")


def block_keys(ctx: LintContext) -> list[str | None]:
    """Each block's masked text with the character before it, worked out once per lint.

    What a search over one block finds, with a pattern that reads at most one
    character before its start (``reach_before`` of 1), depends on this text
    alone: checks key their per-block answers by it, so a relint works out
    only the changed blocks' again. None for a block at the very start of the
    text (nothing before it: not kept).
    """
    return ctx.fact("span_matches.block_keys", _block_keys)


def _block_keys(article: Article) -> list[str | None]:
    mask = article.mask
    return [mask[b.start - 1 : b.end] if b.start else None for b in article.blocks]


def heading_cuts(ctx: LintContext) -> list[int]:
    """The headings' starts that start a line: where a long search may be cut (once per lint)."""
    return ctx.fact("span_matches.heading_cuts", _heading_cuts)


def _heading_cuts(article: Article) -> list[int]:
    return line_cuts(article.mask, [h.start for h in article.headings])
