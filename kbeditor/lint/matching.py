"""Running one regex over a rule's spans quickly, with offsets valid in the article text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kbeditor.lint.scope import Ranges

# Below this many spans each is matched on its own; above, one pass over the joined text.
_JOIN_AT = 4


def is_anchored(pattern: str) -> bool:
    """True when a pattern uses ^ or $ as anchors: it must then see each span on its own."""
    return bool(re.search(r"(?<![\\\[])\^|(?<!\\)\$", pattern))


def iter_matches(
    pattern: re.Pattern[str], ranges: Ranges, anchored: bool = False
) -> Iterator[re.Match[str]]:
    """All matches of a pattern inside the spans.

    Many spans are searched in one pass over ``ranges.joined``, where the gaps
    between spans are line breaks: a match cannot run from one span into the
    next, and ``^``/``$`` (multi-line, as in Vale's templates) hold at every
    span's start and end, so anchored patterns always take that path.
    """
    if anchored or len(ranges) >= _JOIN_AT:
        lo, hi = ranges.bounds
        yield from pattern.finditer(ranges.joined, lo, hi)
        return
    src = ranges.source
    for s, e in ranges:
        yield from pattern.finditer(src, s, e)
