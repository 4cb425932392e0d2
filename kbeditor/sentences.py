"""Sentence boundaries inside prose, on the masked text.

A full stop ends a sentence only when it is followed by space and something
that can start one, and when the word before it is not an abbreviation
("e.g.", "Dr.") or part of a number ("version 2.4.1"). Line breaks inside a
paragraph are soft wraps, not boundaries.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

ABBREVIATIONS = frozenset(
    """e.g i.e etc vs approx dr mr mrs ms prof st no nos fig figs ca cf al inc ltd co corp
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    min max est dept ext tel vol ver rev ref sec p pp""".split()
)

# From the start of a run of stops only, and possessive: tried from each dot of a long run
# ("a......, then") it was quadratic, with the same matches.
_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)\]]*+(?=\s|$)")
# A full stop inside closing quotes ('called a "normal form." If ...') or right after a file
# name ("... and Outlk15.adml. The files ..."): quoted words and names are blank in the mask,
# so such an end is found in the text (linear on runs of stops, as above).
_HIDDEN_END = re.compile(r"(?<![.!?])[.!?]++[\"”’']*+(?=\s)")
_SPACE = re.compile(r"\s+")
_STARTS = re.compile(r"[\"'“‘(\[]*[A-Z0-9]")

_WORD_CHARS = frozenset(string.ascii_letters + ".")


def _word_before(text: str, start: int, dot: int) -> tuple[int, int] | None:
    """The span ``([A-Za-z][A-Za-z.]*)$`` finds in ``text[start:dot]``, or None.

    Found by stepping back from ``dot``: that search tried every offset from
    ``start`` and ran each to the end of its letters, which was quadratic in a
    long sentence (a 24 KB article took seconds). ``$`` also matches before a
    final line break, hence the first step.
    """
    end = dot - 1 if dot > start and text[dot - 1] == "\n" else dot
    first = end
    while first > start and text[first - 1] in _WORD_CHARS:
        first -= 1
    while first < end and text[first] == ".":
        first += 1
    return (first, end) if first < end else None


def _is_abbreviation(text: str, dot: int, start: int) -> bool:
    if text[dot] != ".":
        return False
    span = _word_before(text, start, dot)
    if span is None:
        return False
    word = text[span[0] : span[1]].lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha() and text[span[0]].isupper()  # an initial


def split(mask: str, start: int, end: int, text: str | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) within ``mask[start:end]``, trimmed of spaces.

    ``text`` is the original the mask was made from; with it, a sentence that
    opens with inline code ("... policy. `0x80070005` is ...") or emphasis
    still starts a new sentence, although the mask shows only spaces there.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    for dot, after in _ends(mask, text, start, end):
        if dot < pos:
            continue
        if _is_abbreviation(mask, dot, pos) or not _opens_sentence(mask, text, after, end):
            continue
        _add(mask, pos, after, spans, text)
        pos = after
    _add(mask, pos, end, spans, text)
    return spans


def _ends(mask: str, text: str | None, start: int, end: int) -> list[tuple[int, int]]:
    """(first punctuation mark, end) of every possible sentence end, in order."""
    # slices: the look-behinds must not see before ``start``
    ends = [(start + m.start(), start + m.end()) for m in _END.finditer(mask[start:end])]
    if text is None or len(text) != len(mask):
        return ends
    quoted = [
        (start + m.start(), start + m.end())
        for m in _HIDDEN_END.finditer(text[start:end])
        if mask[start + m.start()].isspace()
        and _visible_opener(mask, _past_space(text, start + m.end()))
    ]
    return sorted({*ends, *quoted}) if quoted else ends


def _past_space(text: str, at: int) -> int:
    """The first offset at or after ``at`` that is not whitespace."""
    m = _SPACE.match(text, at)
    return m.end() if m else at


def _visible_opener(mask: str, at: int) -> bool:
    """Whether the next sentence visibly starts at ``at`` (not inside blanked code or names)."""
    return at < len(mask) and not mask[at].isspace() and bool(_STARTS.match(mask, at))


@lru_cache(maxsize=16_384)
def split_block(mask: str, text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of one block, relative to its start, cached by the block's content.

    A block's sentences depend only on its own text, so the editor's relint
    (one paragraph changed) splits one block instead of the whole article.
    """
    return tuple(split(mask, 0, len(mask), text))


def _opens_sentence(mask: str, text: str | None, at: int, end: int) -> bool:
    """Whether what follows ``at`` (after spaces) can begin a sentence."""
    nxt = at
    while nxt < end and mask[nxt].isspace():
        if text is not None and text[nxt] == "`":
            return True  # inline code (blank in the mask) opens the next sentence
        nxt += 1
    if nxt >= end:
        return True
    return bool(_STARTS.match(mask, nxt, end))


def _add(mask: str, a: int, b: int, spans: list[tuple[int, int]], text: str | None) -> None:
    first = a
    while a < b and mask[a].isspace():
        a += 1
    while b > a and mask[b - 1].isspace():
        b -= 1
    if text is not None:
        code = text.find("`", first, a)
        if code >= 0:
            a = code  # a sentence that opens with inline code starts at the code
    if b > a and any(ch.isalnum() for ch in mask[a:b]):
        spans.append((a, b))
