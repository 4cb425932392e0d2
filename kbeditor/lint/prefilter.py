"""Where a word-list regex can match: candidate positions from one word index per scope.

Most Vale rules are word lists: ``\\b(?:word|other phrase|...)\\b``. Python's
``re`` tries such a pattern at every position of the text, and with 150 rules
that is most of the linting time. But a match of such a pattern can only start
where a word starts, and only where that word begins with one of a few known
strings. So:

- :func:`word_keys` works out, once per pattern, the *keys* its matches can
  start with (the first three letters of the first word, or the whole word
  when shorter, lower-cased), or None when that cannot be proven;
- :class:`WordIndex` lists, once per scope and article, every word start with
  its key;
- :func:`candidate_matches` tries the pattern only at the word starts whose
  key is one of the pattern's keys, with exactly the semantics of
  ``pattern.finditer`` (same string, same end, same non-overlapping order), so
  the matches are identical, just found with a fraction of the work.

The analysis reads the pattern's parse tree and only claims what it can prove;
anything it does not understand makes the pattern fall back to a full scan.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TypeVar, cast

from kbeditor.lint.budget import TimedPattern
from kbeditor.lint.memo import Memo
from kbeditor.words import WORD_RUN as _RUN

try:  # Python 3.11+
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _C
    import sre_parse as _P

T = TypeVar("T")
KEY_LENGTH = 3
_PATTERNS_CACHED = 8192
_LIMIT = 32  # enumerate matches this far at most (a first word longer than that is a prefix key)
_MAX_ITEMS = 20_000
_BOUNDARY = "\x00"  # \b (or ^, or a look-ahead for a non-word character)
_OPEN = "\x01"  # anything may follow
_NON_WORD = "\x02"  # some character that is not a word character
_DIGIT = "\x03"  # some digit
_WORD_CHAR = re.compile(r"\w")
_SPLIT = re.compile(f"({_RUN.pattern})", _RUN.flags)
_DIGITS = re.compile(r"\d")
_WORD_CHARS = frozenset(string.ascii_letters + string.digits + "_")
# How a match may start: [non-word character] \b word [\b or non-word character].
_START = re.compile("(?:(\x00*\x02)\x00*|\x00+)([A-Za-z0-9_]*)([\x00\x02]?)")
_AT_START = {"AT_BOUNDARY", "AT_BEGINNING", "AT_BEGINNING_LINE", "AT_BEGINNING_STRING"}


class _NotWordList(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Keys:
    """Where a pattern's matches can start.

    ``words``: lower-case first words known to their end; ``prefixes``: the
    first :data:`KEY_LENGTH` letters of first words that may go on;
    ``after_words``/``after_prefixes``: the same for matches that start with
    one non-word character just before the word (``(?:^|\\s)I\\b``);
    ``digits``: matches may start at any digit (``\\d{1,2} ?[ap]m``).
    """

    words: frozenset[str] = frozenset()
    prefixes: frozenset[str] = frozenset()
    after_words: frozenset[str] = frozenset()
    after_prefixes: frozenset[str] = frozenset()
    digits: bool = False


def per_pattern(fn: Callable[[re.Pattern[str]], T]) -> Callable[[re.Pattern[str]], T]:
    """Cache a function of a compiled pattern by the pattern object itself.

    ``functools.lru_cache`` hashes its argument on every call, and hashing a
    compiled pattern hashes its whole compiled code (microseconds for a
    long word list, on every rule of every lint). Rules keep their pattern
    objects, so looking them up by identity gives the same answers for free;
    each entry holds its pattern, so an id is never reused while cached.
    """
    cache: Memo[int, tuple[re.Pattern[str], T]] = Memo(_PATTERNS_CACHED)

    def cached(pattern: re.Pattern[str]) -> T:
        hit = cache.get(id(pattern))
        if hit is not None and hit[0] is pattern:
            return hit[1]
        value = fn(pattern)
        cache[id(pattern)] = (pattern, value)
        return value

    cached.__doc__ = fn.__doc__
    cached.__name__ = fn.__name__
    cached.__wrapped__ = fn  # type: ignore[attr-defined]
    return cached


@per_pattern
def word_keys(pattern: re.Pattern[str]) -> Keys | None:
    """The keys a pattern's matches must start with (see the module docstring), or None.

    A long alternation gets its branches' keys from its :class:`BranchGate`
    (a match starts where one of its branches does): the gate reads them off
    one parse of each branch, and the whole pattern need not be parsed again.
    """
    gate = branch_gate(pattern)
    if gate is not None:
        return gate.keys
    return whole_keys(pattern)


def whole_keys(pattern: re.Pattern[str]) -> Keys | None:
    """:func:`word_keys` read off the whole pattern's parse tree (no gate asked)."""
    flags = pattern.flags & ~re.DEBUG
    try:
        return _keys(_sequence(_P.parse(pattern.pattern, flags), top=True))
    except Exception:
        pass
    # A long alternation can be too large to enumerate whole: its keys are then the union
    # of its branches' keys (a match starts where one of its branches matches).
    split = None if flags & re.VERBOSE else _split_alternation(pattern.pattern)
    if split is None:
        return None
    union = _branch_keys(*split, flags)
    return None if union is None else _union(union)


def _union(keys: list[Keys]) -> Keys:
    """Keys that admit what any of ``keys`` admits."""
    return Keys(
        frozenset().union(*(k.words for k in keys)),
        frozenset().union(*(k.prefixes for k in keys)),
        frozenset().union(*(k.after_words for k in keys)),
        frozenset().union(*(k.after_prefixes for k in keys)),
        any(k.digits for k in keys),
    )


def _keys(items: set[str]) -> Keys | None:
    sets: dict[str, set[str]] = {"words": set(), "prefixes": set()}
    sets.update(after_words=set(), after_prefixes=set())
    digits = False
    for item in items:
        if item.lstrip(_BOUNDARY)[:1] == _DIGIT or item.lstrip(_BOUNDARY)[:1].isdigit():
            digits = True
            continue
        m = _START.match(item)
        if m is None or not m.group(2):
            return None
        after = "after_" if m.group(1) else ""
        word = m.group(2).lower()
        if m.group(3):
            sets[after + "words"].add(word)
        elif len(word) >= KEY_LENGTH:
            sets[after + "prefixes"].add(word[:KEY_LENGTH])
        else:  # a short word that may go on ("to" in "tomorrow")
            return None
    if not any(sets.values()) and not digits:
        return None
    return Keys(**{k: frozenset(v) for k, v in sets.items()}, digits=digits)


def _done(item: str, top: bool) -> bool:
    """True when an item needs no more characters (top level: its first word is known)."""
    if item[-1:] == _OPEN or len(item) >= _LIMIT:
        return True
    if not top or not item:
        return False
    head = item.lstrip(_BOUNDARY)[:1]
    if head == _DIGIT or head.isdigit():
        return True
    m = _START.match(item)
    if m is None:
        raise _NotWordList  # a match may start elsewhere than at a word start
    if m.end() < len(item):  # the first word is followed by something else
        if not (m.group(2) and m.group(3)):
            raise _NotWordList
        return True
    return bool(m.group(2) and m.group(3))


def _concat(left: set[str], right: set[str], top: bool = False) -> set[str]:
    out: set[str] = set()
    for a in left:
        if _done(a, top):
            out.add(a)
            continue
        for b in right:
            out.add((a + b)[:_LIMIT] if top else _cut((a + b)[:_LIMIT]))
        if len(out) > _MAX_ITEMS:
            raise _NotWordList
    return out


def _cut(item: str) -> str:
    """A part of a pattern after the end of its first word: what follows no longer matters.

    Letters, then \b or a non-word character, end a first word wherever the part
    is placed, so the rest is replaced by "anything" (this keeps long phrase lists small).
    """
    for i, ch in enumerate(item):
        if ch in _WORD_CHARS:
            continue
        if ch in (_BOUNDARY, _NON_WORD) and i > 0 and i + 1 < len(item) and item[-1] != _OPEN:
            return item[: i + 1] + _OPEN
        return item
    return item


def _sequence(seq, top: bool = False) -> set[str]:
    """Every possible start of a match of a parsed sequence (cut at ``_LIMIT`` characters)."""
    acc = {""}
    for op, av in seq:
        if all(_done(a, top) for a in acc):
            break
        acc = _concat(acc, _element(op, av), top)
    return acc


def _element(op, av) -> set[str]:
    if op is _C.LITERAL:
        ch = chr(av)
        return {ch if ch in _WORD_CHARS or _is_foreign_letter(ch) else _NON_WORD}
    if op is _C.IN:
        return _charset(av)
    if op is _C.AT:
        # At a word's first letter, ^ and \A imply \b; elsewhere they only narrow the matches.
        return {_BOUNDARY} if str(av) in _AT_START else {""}
    if op is _C.ASSERT_NOT and not av[1]:
        return set()  # (?!) never matches
    if op is _C.ASSERT and av[0] == 1:
        ahead = _sequence(av[1])
        if ahead and all(a[:1] == _NON_WORD for a in ahead):
            return {_BOUNDARY}  # a non-word character follows: the word ends here
        return {""}
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return {""}  # look-arounds only narrow the matches further
    if op is _C.SUBPATTERN:
        return _sequence(av[3])
    if op is _C.ATOMIC_GROUP:
        return _sequence(av)
    if op is _C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            out |= _sequence(branch)
        return out
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        once = _sequence(sub)
        total: set[str] = set()
        acc = {""}
        for n in range(_LIMIT + 2):
            if n > hi:
                break
            saturated = all(_done(a, False) for a in acc)
            if saturated or n >= min(lo, _LIMIT + 1):
                total |= acc
            if saturated:
                break
            acc = _concat(acc, once)
        return total
    return {_OPEN}


def _is_foreign_letter(ch: str) -> bool:
    """A non-ASCII character ``\\w`` matches (kept as itself: a word goes on through it).

    Any other non-ASCII character, such as the curly apostrophe of "you’ve", is a
    non-word character to ``\\b`` and ends a first word just as "'" does.
    """
    return not ch.isascii() and _WORD_CHAR.match(ch) is not None


def _charset(items) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is _C.LITERAL:
            chars.add(chr(av))
        elif op is _C.RANGE and av[1] - av[0] <= 80:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is _C.CATEGORY and av in (_C.CATEGORY_SPACE, _C.CATEGORY_NOT_WORD):
            chars.add(_NON_WORD)
        elif op is _C.CATEGORY and av is _C.CATEGORY_DIGIT:
            chars.add(_DIGIT)
        else:
            return {_OPEN}
    if _DIGIT in chars:  # \d (any Unicode digit), with ASCII digits at most
        return {_DIGIT} if chars <= set("0123456789" + _DIGIT) else {_OPEN}
    out = set()
    for ch in chars:
        if ch == _NON_WORD or (ch.isascii() and ch not in _WORD_CHARS):
            out.add(_NON_WORD)
        elif ch in _WORD_CHARS:
            out.add(ch)
        elif not _is_foreign_letter(ch):
            out.add(_NON_WORD)  # a curly quote or a dash: no word character, as for \b
        else:
            return {_OPEN}  # a non-ASCII letter: case folding is not worth proving
    return out


@per_pattern
def required_chars(pattern: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Sets of characters a match must contain one of each (``(?:[^,]+,)+`` needs a comma).

    Only characters without case are used, so the test is the same with and
    without ``ignorecase``. A text without one of them cannot hold a match.
    """
    try:
        found = _required(_P.parse(pattern.pattern, pattern.flags & ~re.DEBUG))
    except Exception:
        return ()
    return tuple(dict.fromkeys(found))


def _required(seq) -> list[frozenset[str]]:
    out: list[frozenset[str]] = []
    for op, av in seq:
        if op is _C.LITERAL:
            ch = chr(av)
            if ch.lower() == ch.upper():
                out.append(frozenset(ch))
        elif op is _C.IN:
            chars: set[str] = set()
            for iop, iav in av:
                if iop is not _C.LITERAL or chr(iav).lower() != chr(iav).upper():
                    chars = set()
                    break
                chars.add(chr(iav))
            if chars:
                out.append(frozenset(chars))
        elif op is _C.SUBPATTERN:
            out += _required(av[3])
        elif op is _C.ATOMIC_GROUP:
            out += _required(av)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT) and av[0] >= 1:
            out += _required(av[2])
        elif op is _C.BRANCH:
            # One required set from every branch: a match holds a character of their union.
            firsts = [_required(branch) for branch in av[1]]
            if firsts and all(firsts):
                out.append(frozenset().union(*(f[0] for f in firsts)))
    return out


def has_required(source: str, start: int, end: int, required: tuple[frozenset[str], ...]) -> bool:
    """True when ``source[start:end]`` holds a character of each required set."""
    find = source.find
    return all(any(find(ch, start, end) >= 0 for ch in chars) for chars in required)


@lru_cache(maxsize=512)
def _fold_char(ch: str) -> str:
    """The ASCII letter a character matches when case is ignored (Kelvin sign, long s ...), or itself."""
    for letter in string.ascii_lowercase:
        if re.fullmatch(letter, ch, re.IGNORECASE):
            return letter
    return ch


def fold(key: str) -> str:
    """A text's key as a rule's key is written: lower case, ASCII where ``re`` would match ASCII."""
    if key.isascii():
        return key.lower()
    return "".join(_fold_char(c) if not c.isascii() else c.lower() for c in key)


def _index_words(by_word: dict[str, list[int]], low: str, start: int, end: int) -> None:
    """Add the word starts of ``low[start:end]`` (already lower-cased) to ``by_word``.

    One ``split`` and running sums of the pieces' lengths find every word and
    its offset in C; a ``finditer`` loop that asks each match for its text and
    start was the largest cost of a lint's word index.
    """
    _index_piece(by_word, low[start:end], start)


def _index_piece(by_word: dict[str, list[int]], piece: str, start: int) -> None:
    """:func:`_index_words` of a lower-cased piece of text that starts at ``start``."""
    parts = _SPLIT.split(piece)  # [gap, word, gap, word, ..., gap]
    offsets = list(accumulate(map(len, parts), initial=start))
    words = parts[1::2]
    if not piece.isascii():
        words = [w if w.isascii() else fold(w) for w in words]
    get = by_word.get
    for word, at in zip(words, offsets[1:-1:2], strict=True):
        found = get(word)
        if found is None:
            by_word[word] = [at]
        else:
            found.append(at)


# The one character whose lower case is two ("İ" -> "i̇": offsets in a lowered text shift),
# and the one whose lower case depends on what follows (a final "Σ" -> "ς").
_CONTEXT_CASE = ("\u0130", "\u03a3")


class WordIndex:
    """The word starts in some regions of a string, by lower-cased word."""

    __slots__ = ("by_word", "_by_prefix", "_digits", "_source", "_regions", "_starts", "_low")

    def __init__(self, source: str, regions: list[tuple[int, int]]) -> None:
        by_word: dict[str, list[int]] = {}
        self._low: str | None = None
        if regions != [(0, len(source))] and not any(c in source for c in _CONTEXT_CASE):
            # Some regions of a long text (a relint's changed block): lower-case those alone.
            for s, e in regions:
                _index_piece(by_word, source[s:e].lower(), s)
        else:
            self._index_lowered(by_word, source, regions)
        self.by_word = by_word
        self._by_prefix: dict[str, list[str]] | None = None
        self._digits: list[int] | None = None
        self._source = source
        self._regions = regions
        self._starts = [s for s, _ in regions]

    def _index_lowered(
        self, by_word: dict[str, list[int]], source: str, regions: list[tuple[int, int]]
    ) -> None:
        """Index the regions from the whole text lower-cased (kept: views read it)."""
        lowered = source.lower()
        # A letter that lower-cases to two: fold word by word instead.
        low = lowered if len(lowered) == len(source) else None
        self._low = low
        for s, e in regions:
            if low is not None:
                _index_words(by_word, low, s, e)
                continue
            for m in _RUN.finditer(source, s, e):
                by_word.setdefault(fold(m.group()), []).append(m.start())

    def _words(self, words: frozenset[str], prefixes: frozenset[str]) -> set[str]:
        by_word = self.by_word
        found = by_word.keys() & words if words else set()
        if prefixes:
            by_prefix = self._by_prefix
            if by_prefix is None:
                by_prefix = self._by_prefix = {}
                for w in by_word:
                    if len(w) >= KEY_LENGTH:
                        by_prefix.setdefault(w[:KEY_LENGTH], []).append(w)
            for p in prefixes & by_prefix.keys():
                found.update(by_prefix[p])
        return found

    def candidates(self, keys: Keys) -> list[tuple[int, int]]:
        """``(pos, endpos)`` where a match of a pattern with these keys may start, in order."""
        starts_of = self._starts_of
        out = [start for w in self._words(keys.words, keys.prefixes) for start in starts_of(w)]
        if keys.after_words or keys.after_prefixes:
            after = self._words(keys.after_words, keys.after_prefixes)
            out += [start - 1 for w in after for start in starts_of(w) if not self._first(start)]
        if keys.digits:
            out += self._digit_starts()
        if not out:
            return []
        out.sort()
        regions = self._regions
        if len(regions) == 1:
            end = regions[0][1]
            return [(p, end) for p in out]
        starts = self._starts
        return [(p, regions[bisect.bisect_right(starts, p) - 1][1]) for p in out]

    def word_candidates(self, keys: Keys) -> list[tuple[int, int, str, int]]:
        """``(pos, endpos, word, how)`` for the candidates of :meth:`candidates`, in order:
        what :class:`BranchGate` reads. ``how`` is :data:`AT_WORD` (the word starts at pos),
        :data:`AFTER_WORD` (it starts just after) or :data:`AT_DIGIT` (``word`` is empty).
        The same walk as :meth:`candidates`, keeping which word each position came from;
        written out twice because both run on every lint and a shared step costs a list more."""
        starts_of = self._starts_of
        out = [
            (p, w, AT_WORD) for w in self._words(keys.words, keys.prefixes) for p in starts_of(w)
        ]
        if keys.after_words or keys.after_prefixes:
            after = self._words(keys.after_words, keys.after_prefixes)
            out += [
                (p - 1, w, AFTER_WORD) for w in after for p in starts_of(w) if not self._first(p)
            ]
        if keys.digits:
            out += [(p, "", AT_DIGIT) for p in self._digit_starts()]
        if not out:
            return []
        out.sort()
        regions = self._regions
        if len(regions) == 1:
            end = regions[0][1]
            return [(p, end, w, how) for p, w, how in out]
        starts = self._starts
        return [(p, regions[bisect.bisect_right(starts, p) - 1][1], w, how) for p, w, how in out]

    def _digit_starts(self) -> list[int]:
        """Where a run of digits starts in the regions (found once per index)."""
        if self._digits is None:
            self._digits = [
                m.start() for s, e in self._regions for m in _DIGITS.finditer(self._source, s, e)
            ]
        return self._digits

    def covers(self, source: str) -> bool:
        """True when this index is of all of ``source`` (one region from 0 to its end)."""
        return self._source is source and self._regions == [(0, len(source))]

    def _starts_of(self, word: str) -> list[int]:
        return self.by_word[word]

    def _first(self, start: int) -> bool:
        """True when a word starts its region (nothing before it to start a match at)."""
        i = bisect.bisect_right(self._starts, start) - 1
        return self._regions[i][0] == start

    def view(
        self, source: str, regions: list[tuple[int, int]], pieces: list[tuple[int, int]]
    ) -> WordIndex | None:
        """The index of a scope of this index's text, read off this one (no second scan).

        For an index over a whole string (one region from 0 to its end):
        ``WordIndex(source, regions)`` for a scope whose ``source`` equals this
        string inside ``pieces`` (each piece searched as a string of its own:
        for a joined scope text, its spans with touching ones merged; else its
        spans) lists the words of this index that start inside a piece, with
        the same keys, as long as no word runs across a piece's first or last
        character. None when one does (or this index folded word by word):
        the scope then builds its own index.
        """
        low = self._low
        if low is None or self._regions != [(0, len(low))]:
            return None
        word_at = _WORD_CHAR.match
        size = len(low)
        for a, b in pieces:
            if 0 < a < size and word_at(low, a - 1) and word_at(low, a):
                return None
            if 0 < b < size and word_at(low, b - 1) and word_at(low, b):
                return None
        return _ScopeView(self, source, regions, pieces)


class _ScopeView(WordIndex):
    """A scope's word index as a view of its article's (see :meth:`WordIndex.view`)."""

    __slots__ = ("_base", "_piece_starts", "_piece_ends", "_lists")

    def __init__(
        self,
        base: WordIndex,
        source: str,
        regions: list[tuple[int, int]],
        pieces: list[tuple[int, int]],
    ) -> None:
        self.by_word = base.by_word  # a word of the scope is a word of the article
        self._by_prefix = None
        self._digits = None
        self._source = source
        self._regions = regions
        self._starts = [s for s, _ in regions]
        self._low = None
        self._base = base
        self._piece_starts = [a for a, _ in pieces]
        self._piece_ends = [b for _, b in pieces]
        self._lists: dict[str, list[int]] = {}

    def _words(self, words: frozenset[str], prefixes: frozenset[str]) -> set[str]:
        return self._base._words(words, prefixes)

    def _starts_of(self, word: str) -> list[int]:
        found = self._lists.get(word)
        if found is None:
            starts, ends = self._piece_starts, self._piece_ends
            found = []
            for p in self.by_word[word]:
                i = bisect.bisect_right(starts, p) - 1
                if i >= 0 and p < ends[i]:
                    found.append(p)
            self._lists[word] = found
        return found


class ArticleWords:
    """The word index of an article's whole mask, built on first call (scopes read views of it)."""

    __slots__ = ("_mask", "_index")

    def __init__(self, mask: str) -> None:
        self._mask = mask
        self._index: WordIndex | None = None

    def __call__(self) -> WordIndex:
        if self._index is None:
            self._index = WordIndex(self._mask, [(0, len(self._mask))])
        return self._index


def candidate_matches(
    pattern: re.Pattern[str], source: str, index: WordIndex, keys: Keys
) -> Iterator[re.Match[str]]:
    """The matches ``finditer`` would give over the index's regions, trying only candidates."""
    gate = branch_gate(pattern)
    if gate is not None:
        yield from _gated_matches(pattern, gate, source, index, keys)
        return
    cur = -1
    match = pattern.match
    for start, end in index.candidates(keys):
        if start < cur:
            continue
        m = match(source, start, end)
        cur = start + 1  # a position is tried once
        if m is not None:
            yield m
            cur = m.end()


def _gated_matches(
    pattern: re.Pattern[str], gate: BranchGate, source: str, index: WordIndex, keys: Keys
) -> Iterator[re.Match[str]]:
    """:func:`candidate_matches` for a pattern with a gate: at each candidate, first the
    branches that can start there; the whole pattern only where one of them matches."""
    cur = -1
    match = pattern.match
    branches_for = gate.for_word
    found = index.word_candidates(keys)
    n = len(found)
    i = 0
    while i < n:
        start, end, word, how = found[i]
        branches = branches_for(word, how)
        i += 1
        while i < n and found[i][0] == start:  # one position, several ways to start there
            branches += branches_for(found[i][2], found[i][3])
            i += 1
        if start < cur:
            continue
        cur = start + 1  # a position is tried once
        for branch in branches:
            if branch.match(source, start, end) is not None:
                m = match(source, start, end)  # the same match, with the whole pattern's groups
                if m is not None:
                    yield m
                    cur = m.end()
                break


class BranchGate:
    """The branches of a long alternation that can start with a given word.

    A phrase rule's pattern is one group of dozens of alternatives
    (``(?=[ab...])\\b(?:first template|second template|...)``), and ``re`` tries
    every one of them at every candidate word, each costing microseconds when
    it opens with a word class. The pattern matches at a position exactly when
    one of its branches (with the same head and tail) does, and only the
    branches whose own keys admit the word there can; so those few are tried,
    each compiled on its own the first time a word needs it, and the whole
    pattern runs only where one matched, for the match itself (its groups).
    """

    __slots__ = (
        "_head",
        "_branches",
        "_tail",
        "_flags",
        "_keys",
        "keys",
        "_by_word",
        "_compiled",
        "_timed",
    )

    def __init__(
        self,
        head: str,
        branches: list[str],
        tail: str,
        flags: int,
        keys: list[Keys],
        timed: bool = False,
    ) -> None:
        self._head, self._branches, self._tail, self._flags = head, branches, tail, flags
        self._timed = timed  # a workspace's own rule: each branch runs within the rule's budget
        self._keys = keys
        self.keys = _union(keys)  # where a match of the whole alternation can start
        self._by_word: Memo[tuple[str, int], tuple[re.Pattern[str], ...]] = Memo(_PATTERNS_CACHED)
        self._compiled: list[re.Pattern[str] | None] = [None] * len(branches)

    def for_word(self, word: str, how: int = 0) -> tuple[re.Pattern[str], ...]:
        """The branches, in order, whose matches can start at a candidate (often none)."""
        found = self._by_word.get((word, how))
        if found is None:
            found = self._by_word[(word, how)] = tuple(
                self._branch(i) for i, k in enumerate(self._keys) if _admits(k, word, how)
            )
        return found

    def _branch(self, i: int) -> re.Pattern[str]:
        found = self._compiled[i]
        if found is None:
            source = self._head + self._branches[i] + self._tail
            found = re.compile(source, self._flags)
            if self._timed:
                found = cast("re.Pattern[str]", TimedPattern(found))
            self._compiled[i] = found
        return found


_MIN_BRANCHES = 8
AT_WORD, AFTER_WORD, AT_DIGIT = 0, 1, 2


def _admits(keys: Keys, word: str, how: int) -> bool:
    """Whether a branch with these keys can start at a candidate of this word and kind."""
    if how == AT_DIGIT:
        return keys.digits
    prefix = word[:KEY_LENGTH] if len(word) >= KEY_LENGTH else None
    if how == AFTER_WORD:
        return word in keys.after_words or prefix in keys.after_prefixes
    return word in keys.words or prefix in keys.prefixes


@per_pattern
def branch_gate(pattern: re.Pattern[str]) -> BranchGate | None:
    """A :class:`BranchGate` for a long alternation of word-keyed branches, else None."""
    timed = isinstance(pattern, TimedPattern)
    if not (timed or isinstance(pattern, re.Pattern)) or pattern.flags & re.VERBOSE:
        return None
    if _BACKREF.search(pattern.pattern):
        return None  # a back-reference counts groups, which a subset of branches renumbers
    split = _split_alternation(pattern.pattern)
    if split is None or len(split[1]) < _MIN_BRANCHES:
        return None
    head, branches, tail = split
    flags = pattern.flags & ~re.UNICODE
    keys = _branch_keys(head, branches, tail, flags)
    if keys is None:
        return None
    # Gates are built as the style loads. A relint searches a changed block alone, where
    # the pattern's required characters are asked for: parsing a long alternation for them
    # takes tens of ms, so it is done now, not on the writer's first pause.
    required_chars(pattern)
    return BranchGate(head, branches, tail, flags, keys, timed)


def _branch_keys(head: str, branches: list[str], tail: str, flags: int) -> list[Keys] | None:
    """The keys of each branch of a split alternation (as its own pattern); None if one has none."""
    keys = []
    for branch in branches:
        try:
            found = _keys(_sequence(_P.parse(head + branch + tail, flags), top=True))
        except Exception:
            return None
        if found is None:
            return None
        keys.append(found)
    return keys


_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


def _split_alternation(src: str) -> tuple[str, list[str], str] | None:
    """``head(?:A|B|...)tail`` as (head, [A, B, ...], tail) when the pattern has that shape:
    the first top-level ``(?:`` group holds the only top-level alternation and is not repeated."""
    depth, in_class, k = 0, False, 0
    open_at = close_at = -1
    cuts: list[int] = []
    while k < len(src):
        c = src[k]
        if c == "\\":
            k += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            k += 1
            k += src.startswith("^", k)
            k += src.startswith("]", k)  # a ] first in a class is one of its members
            continue
        elif c == "(":
            if depth == 0 and open_at < 0 and src.startswith("(?:", k):
                open_at = k
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0 and open_at >= 0 and close_at < 0:
                close_at = k
        elif c == "|":
            if depth == 0:
                return None  # an alternation outside the group
            if depth == 1 and open_at >= 0 and close_at < 0:
                cuts.append(k)
        k += 1
    if close_at < 0 or depth != 0 or src[close_at + 1 : close_at + 2] in ("*", "+", "?", "{"):
        return None
    starts = [open_at + 3, *(c + 1 for c in cuts)]
    ends = [*cuts, close_at]
    branches = [src[a:b] for a, b in zip(starts, ends, strict=True)]
    return src[: open_at + 3], branches, src[close_at:]
