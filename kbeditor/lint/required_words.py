"""Whole words a regex's every match must contain, read off its parse tree.

A phrase rule's branch such as ``{you} (?:have|'ve|had) ... {wrong}`` can only
match in an article holding "have", "ve" or "had" as a word, and one of the
words of ``{wrong}``. An article's word index (:mod:`kbeditor.lint.prefilter`)
knows which words it holds, so a branch whose needed words are all absent
is never tried there: most branches of the tone rules need a word that most
articles lack, and trying them at every "you" or "the" was most of their cost.

:func:`required_words` returns sets of lower-cased words: every match holds,
as a whole ``\\w+`` run, at least one word of each set. It claims only what
it can prove: a word counts only when the pattern puts a boundary or a
non-word character on both sides of it, so it cannot be part of a longer
run in the text; anything it does not understand needs nothing.
"""

from __future__ import annotations

import re
from itertools import product

try:  # Python 3.11+
    from re import _constants as _C  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _C

Needs = tuple[frozenset[str], ...]

_EDGE = "\x00"  # a boundary or a non-word character: a word cannot go on through it
_MAX_OPTIONS = 256  # spellings of a literal run followed this far at most
_MAX_CLASS = 40
_WORD = re.compile(r"[a-z0-9_]+")
_EDGES = {
    "AT_BOUNDARY",
    "AT_BEGINNING",
    "AT_BEGINNING_LINE",
    "AT_BEGINNING_STRING",
    "AT_END",
    "AT_END_LINE",
    "AT_END_STRING",
}


def required_words(parsed) -> Needs:
    """The word sets every match of a parsed pattern (``re._parser.parse``) must contain."""
    try:
        found = _sequence(list(parsed))
    except RecursionError:
        return ()
    return tuple(dict.fromkeys(found))


def present(needs: Needs, words: dict[str, list[int]]) -> bool:
    """True when ``words`` (an index's words) hold a word of each set."""
    held = words.keys()  # a view's isdisjoint walks the smaller side: the set, not the index
    return all(not held.isdisjoint(need) for need in needs)


def _sequence(seq: list, edge_before: bool = False) -> list[frozenset[str]]:
    """The needs of a sequence; ``edge_before``: a boundary or non-word character precedes it."""
    out: list[frozenset[str]] = []
    run: set[str] | None = {_EDGE} if edge_before else None
    for op, av in seq:
        options = _options(op, av)
        if options is None:
            edge = run is not None and all(text.endswith(_EDGE) for text in run)
            if run is not None:
                out += _interior(run)
            run = None
            out += _inside(op, av, edge)
            continue
        if run is not None and len(run) * len(options) <= _MAX_OPTIONS:
            run = {a + b for a, b in product(run, options)}
        else:
            if run is not None:
                out += _interior(run)
            run = set(options)
    if run is not None:
        out += _interior(run)
    return out


def _options(op, av) -> set[str] | None:
    """Every text an element can match, with _EDGE for a boundary or non-word character;
    None when the element is not such a short literal choice."""
    if op is _C.LITERAL:
        return _char(chr(av))
    if op is _C.AT:
        return {_EDGE} if str(av) in _EDGES else None
    if op is _C.IN:
        return _class(av)
    if op is _C.SUBPATTERN:
        return _literal_sequence(av[3])
    if op is _C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            got = _literal_sequence(branch)
            if got is None:
                return None
            out |= got
        return out if len(out) <= _MAX_OPTIONS else None
    if op is _C.MAX_REPEAT or op is _C.MIN_REPEAT:
        lo, hi, sub = av
        if hi > 1 or lo > hi:
            return None
        got = _literal_sequence(sub)
        if got is None:
            return None
        return got | {""} if lo == 0 else got
    return None


def _literal_sequence(seq) -> set[str] | None:
    acc = {""}
    for op, av in seq:
        options = _options(op, av)
        if options is None or len(acc) * len(options) > _MAX_OPTIONS:
            return None
        acc = {a + b for a, b in product(acc, options)}
    return acc


def _char(ch: str) -> set[str] | None:
    if not ch.isascii():
        # A non-ASCII letter goes on a word; other non-ASCII characters (’, –) end one.
        return None if re.match(r"\w", ch) else {_EDGE}
    if ch.isalnum() or ch == "_":
        return {ch.lower()}
    return {_EDGE}


def _class(items) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is _C.LITERAL:
            got = _char(chr(av))
        elif op is _C.RANGE and av[1] - av[0] < _MAX_CLASS:
            got = set()
            for code in range(av[0], av[1] + 1):
                one = _char(chr(code))
                if one is None:
                    return None
                got |= one
        elif op is _C.CATEGORY and av in (_C.CATEGORY_SPACE, _C.CATEGORY_NOT_WORD):
            got = {_EDGE}
        else:
            return None  # a negated class, \w, \d ...
        if got is None:
            return None
        out |= got
    return out if len(out) <= _MAX_CLASS else None


def _interior(run: set[str]) -> list[frozenset[str]]:
    """One word set from a literal run: from each spelling its longest word with an edge on
    both sides (none when a spelling has no such word)."""
    chosen: set[str] = set()
    for text in run:
        best = ""
        for m in _WORD.finditer(text):
            s, e = m.span()
            if s > 0 and e < len(text) and len(m.group()) > len(best):
                best = m.group()
        if not best:
            return []
        chosen.add(best)
    return [frozenset(chosen)]


def _inside(op, av, edge: bool) -> list[frozenset[str]]:
    """What an element that is no short literal choice still needs (a group, a repeat ...);
    ``edge``: a boundary or non-word character comes right before it."""
    if op is _C.SUBPATTERN:
        return _sequence(list(av[3]), edge)
    if op is _C.ATOMIC_GROUP:
        return _sequence(list(av), edge)
    if (op is _C.MAX_REPEAT or op is _C.MIN_REPEAT or op is _C.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _sequence(list(av[2]))  # a second round follows the first, not the edge
    if op is _C.BRANCH:
        # A word of any branch's first set: the match takes one of the branches.
        per_branch = [_sequence(list(branch), edge) for branch in av[1]]
        if per_branch and all(per_branch):
            return [frozenset().union(*(max(b, key=_rarity) for b in per_branch))]
    return []


def _rarity(need: frozenset[str]) -> tuple[int, int]:
    """A guess at how selective a word set is: few words, long ones."""
    return (-len(need), min(len(w) for w in need))
