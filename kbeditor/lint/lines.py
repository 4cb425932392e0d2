"""Which rule patterns are decided line by line, so a relint can reuse them per unchanged line.

A rule that reads the article as written (scope ``raw``) sees one span, the
whole body, so it cannot be reused per prose block as other rules are. But a
pattern that can never match a line break, and looks at most one character
around a match, finds in a line exactly what it finds there in the whole
text: a relint then searches only the lines that changed. The analysis reads
the pattern's parse tree and says yes only when it can prove this.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kbeditor.lint.context import Match
from kbeditor.lint.scope import Ranges

try:  # Python 3.11+
    from re import _compiler as _RC  # type: ignore[attr-defined]
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_compile as _RC
    import sre_constants as _C
    import sre_parse as _P

_ATOMS = {_C.LITERAL, _C.NOT_LITERAL, _C.IN, _C.ANY, _C.CATEGORY}
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", _C.MAX_REPEAT)}
_WORD_EDGES = {_C.AT_BOUNDARY, _C.AT_NON_BOUNDARY}
_LINE_EDGES = {_C.AT_BEGINNING, _C.AT_END}


class _NotConfined(Exception):
    pass


def confined_to_line(pattern: Any) -> bool:
    """True when every match lies inside one line and depends on that line alone.

    That is: no part of the pattern matches a line break; ``^``/``$`` only with
    MULTILINE (so they hold at each line's ends); look-arounds one character
    wide (at a line's ends they see its line breaks, as in the whole text); no
    back-references and no ``\\A``/``\\Z``.
    """
    source = getattr(pattern, "pattern", None)
    if not isinstance(source, str):
        return False
    try:
        parsed = _P.parse(source, pattern.flags & ~re.DEBUG)
        _check(parsed, parsed.state.flags)
    except Exception:
        return False
    return True


def _check(items: Iterable[tuple[Any, Any]], flags: int) -> None:
    for op, av in items:
        if op in _ATOMS:
            _no_line_break(op, av, flags)
        elif op is _C.BRANCH:
            for branch in av[1]:
                _check(branch, flags)
        elif op is _C.SUBPATTERN:
            _group, add, remove, body = av
            _check(body, (flags | add) & ~remove)
        elif op in _REPEATS:
            _check(av[2], flags)
        elif op is _C.AT:
            if av in _WORD_EDGES or (av in _LINE_EDGES and flags & re.MULTILINE):
                continue
            raise _NotConfined
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            if av[1].getwidth() != (1, 1) or not _plain(av[1]):
                raise _NotConfined
        else:
            raise _NotConfined


def _plain(items: Iterable[tuple[Any, Any]]) -> bool:
    """Characters and choices between them only (what a one-character look-around reads)."""
    for op, av in items:
        if op is _C.BRANCH:
            if not all(_plain(b) for b in av[1]):
                return False
        elif op is _C.SUBPATTERN:
            if not _plain(av[3]):
                return False
        elif op not in _ATOMS:
            return False
    return True


def _no_line_break(op: Any, av: Any, flags: int) -> None:
    """Raise unless this one-character item refuses a line break (tried on one)."""
    state = _P.State()
    state.flags = flags
    single = _RC.compile(_P.SubPattern(state, [(op, av)]), flags)
    if single.match("\n"):
        raise _NotConfined


def line_spans(text: str, start: int) -> list[tuple[int, int]]:
    """Runs of whole lines from ``start`` to the end, each ending after a blank line.

    A pattern confined to a line finds the same in a run of lines as in each
    line alone, and runs are fewer than lines (about one per block).
    """
    spans = []
    find = text.find
    end = len(text)
    while start < end:
        blank = find("\n\n", start)
        stop = end if blank < 0 else blank + 2
        spans.append((start, stop))
        start = stop
    return spans


class LineParts:
    """The body's lines for the rules decided line by line: which lines a previous result
    already checked (reused by their text and the character before them), and the matches
    of each line, kept relative to its start as prose blocks keep theirs.
    """

    __slots__ = ("spans", "starts", "keys", "found", "changed")

    def __init__(self, text: str, start: int, previous: Mapping[Any, Any] | None) -> None:
        self.spans = line_spans(text, start)
        self.starts = [s for s, _ in self.spans]
        self.keys = [("line", text[s - 1 : s], text[s:e]) for s, e in self.spans]
        self.found: list[list[tuple[int, Match]]] = [[] for _ in self.spans]
        changed = []
        for j, key in enumerate(self.keys):
            cached = previous.get(key) if previous else None
            if cached is None:
                changed.append(self.spans[j])
            else:
                self.found[j] = list(cached)
        # The lines to check again, over the article's text (the characters around them as is).
        self.changed = Ranges(changed, text)

    def add(self, ri: int, matches: Iterable[Match]) -> None:
        """File a rule's matches under the lines they lie in (each lies in one line)."""
        starts = self.starts
        for m in matches:
            j = bisect.bisect_right(starts, m.start) - 1
            self.found[j].append((ri, m.shifted(-starts[j])))

    def store(self, cache: dict[Any, Any], sink: list[tuple[int, Match]]) -> None:
        """Keep each line's matches for the next relint, and hand them all to ``sink``."""
        for key, start, found in zip(self.keys, self.starts, self.found, strict=True):
            cache[key] = tuple(found)
            if found:
                sink.extend((ri, m.shifted(start)) for ri, m in found)


def reach_before(pattern: Any) -> int | None:
    """How many characters before a search's start position a match may read, or None.

    A search from ``start`` reads the text before it only through look-behinds,
    ``\\b`` and ``^`` (one character); so its matches depend on the text from
    ``start - reach`` on, which is what a cache of them may be keyed by. None
    when that cannot be proven (a pattern of the budgeted matcher, an unknown
    construct).
    """
    if not isinstance(pattern, re.Pattern):
        return None
    try:
        return max(1, _reach(_P.parse(pattern.pattern, pattern.flags & ~re.DEBUG)))
    except Exception:
        return None


def _reach(items: Iterable[tuple[Any, Any]]) -> int:
    best = 0
    for op, av in items:
        if op in _ATOMS or op is _C.AT or op is _C.GROUPREF:
            continue
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            direction, body = av
            inner = _reach(body)
            if direction < 0:
                width = body.getwidth()[1]
                if width >= _C.MAXREPEAT:
                    raise _NotConfined
                inner += width
            best = max(best, inner)
        elif op is _C.BRANCH:
            best = max([best, *(_reach(b) for b in av[1])])
        elif op is _C.SUBPATTERN:
            best = max(best, _reach(av[3]))
        elif op in _REPEATS:
            best = max(best, _reach(av[2]))
        elif op is getattr(_C, "ATOMIC_GROUP", None):
            best = max(best, _reach(av))
        else:  # conditionals and anything newer: not proven
            raise _NotConfined
    return best


def splits_at_lines(pattern: Any) -> bool:
    """True when a pattern's matches never hold a line break and are never empty.

    Its matches in a span are then those in the span's pieces cut at line
    starts, searched one by one: no match runs over a cut, and the one
    character a look-around reads there is a line break on both sides.
    """
    if not isinstance(pattern, re.Pattern) or not confined_to_line(pattern):
        return False
    try:
        return _P.parse(pattern.pattern, pattern.flags & ~re.DEBUG).getwidth()[0] > 0
    except Exception:
        return False
