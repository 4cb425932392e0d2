"""Inline Markdown inside prose blocks: code spans, links, images, URLs, HTML.

The scanner's second pass. It records inline elements with their offsets and
blanks out everything that is not prose in a *mask*: a copy of the text of the
same length where markup, code, URLs and tags are spaces. Any regex run over
the mask returns offsets that are valid in the original text, which is what
lets every rule and the editor share one coordinate system.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link:
    """``[text](target)``; ``text_start``/``text_end`` cover the link text."""

    start: int
    end: int
    text_start: int
    text_end: int
    target: str
    image: bool = False

    def text(self, source: str) -> str:
        return source[self.text_start : self.text_end]


_TICKS = re.compile(r"`+")
# One blank, then anything but angle brackets: "\s+[^<>]*?" tried every split of a run of
# spaces (quadratic on "<a" and 100,000 spaces) and matched the same tags.
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^<>\s]+>")
_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"(?:\((?P<target><[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
    r"|\[(?P<ref>[^\]\n]*)\])"
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_EMPHASIS = re.compile(r"(?<![\w*])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*])|~~")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


# Any inline element needs one of these; a block without them (most list items) is all prose.
_INLINE_SIGN = re.compile(r"[`<\[*_~\\&]|https?://|www\.")
_BLANKED = re.compile(rb"\x01+")
_NOT_BREAK = re.compile(r"[^\r\n]")


def new_mask(text: str) -> bytearray:
    """A mask of ``text`` with nothing blanked yet: one flag per character.

    Flags rather than a list of characters: a list of one-character strings
    took eight bytes a character and a Python step per blanked character.
    """
    return bytearray(len(text))


def blank(mask: bytearray, start: int, end: int) -> None:
    """Mark ``[start, end)`` as not prose (:func:`masked` makes it spaces, keeping line breaks)."""
    if end > start:
        mask[start:end] = b"\x01" * (end - start)


def masked(text: str, mask: bytearray, start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` with the marked characters made spaces (line breaks kept, so lines
    and offsets hold)."""
    stop = len(text) if end is None else end
    pieces: list[str] = []
    done = start
    for m in _BLANKED.finditer(mask, start, stop):
        a, b = m.span()
        pieces.append(text[done:a])
        run = text[a:b]
        pieces.append(_NOT_BREAK.sub(" ", run) if "\n" in run or "\r" in run else " " * (b - a))
        done = b
    pieces.append(text[done:stop])
    return "".join(pieces)


def code_spans(segment: str) -> list[tuple[int, int]]:
    """Inline code spans as Python-Markdown finds them, in one pass over the backtick runs.

    The regex this replaces, ``(`+)(.+?)(?<!`)\\1(?!`)``, was about cubic on a run of
    backticks. Its matches are kept exactly: a run of ``r`` backticks opens a span
    closed by the first later run of exactly ``k`` backticks, for the largest
    ``k <= r`` that has one (the opening run then keeps ``r - k`` backticks inside
    the span); a run with no closer is text, and so are the backticks it holds.
    """
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(segment)]
    by_length: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(i)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        closer = _closing_run(runs, by_length, i)
        if closer is None:
            i += 1
            continue
        spans.append((runs[i][0], runs[closer][1]))
        i = closer + 1
    return spans


def _closing_run(
    runs: list[tuple[int, int]], by_length: dict[int, list[int]], i: int
) -> int | None:
    """The run that closes a span opened at run ``i``, or None (see :func:`code_spans`)."""
    a, b = runs[i]
    for k in range(b - a, 0, -1):
        same = by_length.get(k)
        if same:
            j = bisect.bisect_right(same, i)
            if j < len(same):
                return same[j]
    return None


def comments(segment: str) -> list[tuple[int, int]]:
    """``<!-- ... -->`` spans; one search each (a lazy regex rescanned to the end per opener)."""
    spans: list[tuple[int, int]] = []
    pos = segment.find("<!--")
    while pos >= 0:
        end = segment.find("-->", pos + 4)
        if end < 0:
            break  # no later opener can close either
        spans.append((pos, end + 3))
        pos = segment.find("<!--", end + 3)
    return spans


class _Taken:
    """Character positions already claimed by an inline element, for overlap tests in O(length)."""

    __slots__ = ("_used",)

    def __init__(self, size: int) -> None:
        self._used = bytearray(size)

    def free(self, a: int, b: int) -> bool:
        return self._used.find(1, a, b) < 0

    def take(self, a: int, b: int) -> None:
        self._used[a:b] = b"\x01" * (b - a)


def scan_inline(text: str, start: int, end: int, mask: bytearray) -> tuple[list[Span], list[Link]]:
    """Find inline elements in ``text[start:end]`` and blank non-prose in ``mask``.

    Returns the inline code spans and the links (and images) found.
    """
    if not _INLINE_SIGN.search(text, start, end):
        return [], []
    segment = text[start:end]
    code: list[Span] = []
    links: list[Link] = []
    taken = _Taken(len(segment))

    def blank_here(a: int, b: int) -> None:
        blank(mask, start + a, start + b)

    for a, b in code_spans(segment):
        code.append(Span(start + a, start + b))
        taken.take(a, b)
        blank_here(a, b)
    for found in (comments(segment), _spans(_AUTOLINK, segment), _spans(_TAG, segment)):
        for a, b in found:
            if taken.free(a, b):
                taken.take(a, b)
                blank_here(a, b)
    for m in _LINK.finditer(segment):
        if not taken.free(m.start(), m.end()):
            continue
        taken.take(m.start(), m.end())
        links.append(_link(m, start))
        ts, te = m.start("text"), m.end("text")
        if m.group("bang"):
            blank_here(m.start(), m.end())
        else:
            blank_here(m.start(), ts)
            blank_here(te, m.end())
    for pattern in (_URL, _ESCAPE, _ENTITY, _EMPHASIS):
        for m in pattern.finditer(segment):
            if taken.free(m.start(), m.end()):
                blank_here(m.start(), m.end())
    return code, links


def _spans(pattern: re.Pattern[str], segment: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(segment)]


def _link(m: re.Match[str], start: int) -> Link:
    target = (m.group("target") or m.group("ref") or "").strip("<>")
    return Link(
        start + m.start(),
        start + m.end(),
        start + m.start("text"),
        start + m.end("text"),
        target,
        bool(m.group("bang")),
    )
