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

import re
import string
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

KEY_LENGTH = 3
_LIMIT = 32  # enumerate matches this far at most (a first word longer than that is a prefix key)
_MAX_ITEMS = 20_000
_BOUNDARY = "\x00"  # \b
_NON_WORD = "\x02"  # some character that is not a word character
_OPEN = "\x01"  # anything may follow
_RUN = re.compile(r"\w+")
_WORD_CHARS = frozenset(string.ascii_letters + string.digits + "_")
# A first word known to its end: \b, then word characters, then \b or a non-word character.
_WHOLE_WORD = re.compile("\x00+[A-Za-z0-9_]+[\x00\x02]")


class _NotWordList(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Keys:
    """What a pattern's matches start with: a whole first word, or the first letters of a longer one.

    ``words`` are lower-case first words known to their end; ``prefixes`` are
    the first :data:`KEY_LENGTH` letters of first words that may go on.
    ``id`` numbers the pattern in the registry.
    """

    id: int
    words: frozenset[str]
    prefixes: frozenset[str]


class _Registry:
    """Every analysed pattern, and which patterns each word or prefix may start."""

    def __init__(self) -> None:
        self.keys: dict[re.Pattern[str], Keys | None] = {}
        self.by_word: dict[str, tuple[int, ...]] = {}
        self.by_prefix: dict[str, tuple[int, ...]] = {}
        self.lock = threading.Lock()

    def get(self, pattern: re.Pattern[str]) -> Keys | None:
        try:
            return self.keys[pattern]
        except KeyError:
            pass
        words, prefixes = _analyse(pattern)
        with self.lock:
            if pattern in self.keys:
                return self.keys[pattern]
            if words is None:
                self.keys[pattern] = None
                return None
            keys = Keys(len(self.keys), frozenset(words), frozenset(prefixes))
            for w in keys.words:
                self.by_word[w] = (*self.by_word.get(w, ()), keys.id)
            for p in keys.prefixes:
                self.by_prefix[p] = (*self.by_prefix.get(p, ()), keys.id)
            self.keys[pattern] = keys
            return keys


_registry = _Registry()


def word_keys(pattern: re.Pattern[str]) -> Keys | None:
    """The keys a pattern's matches must start with (see the module docstring), or None."""
    return _registry.get(pattern)


def _analyse(pattern: re.Pattern[str]) -> tuple[set[str] | None, set[str]]:
    try:
        items = _sequence(_P.parse(pattern.pattern, pattern.flags & ~re.DEBUG), top=True)
    except Exception:  # noqa: BLE001 - an optimisation only: never fail on it
        return None, set()
    words: set[str] = set()
    prefixes: set[str] = set()
    for item in items:
        whole = _WHOLE_WORD.match(item)
        if whole:
            words.add(whole.group(0).strip("\x00\x02").lower())
            continue
        rest = item.lstrip(_BOUNDARY)
        if not item.startswith(_BOUNDARY):
            return None, set()
        n = 0
        while n < len(rest) and rest[n] in _WORD_CHARS:
            n += 1
        if n < KEY_LENGTH:  # a short word that may go on ("to" in "tomorrow"): too common
            return None, set()
        prefixes.add(rest[:KEY_LENGTH].lower())
    if not words and not prefixes:
        return None, set()
    return words, prefixes


def _done(item: str, top: bool) -> bool:
    """True when an item needs no more characters (top level: its first word is known)."""
    if item[-1:] == _OPEN or len(item) >= _LIMIT:
        return True
    if not top or not item:
        return False
    if item[0] != _BOUNDARY:
        raise _NotWordList  # a match may start elsewhere than at a word start
    return bool(_WHOLE_WORD.match(item))


def _concat(left: set[str], right: set[str], top: bool = False) -> set[str]:
    out: set[str] = set()
    for a in left:
        if _done(a, top):
            out.add(a)
            continue
        for b in right:
            out.add((a + b)[:_LIMIT])
        if len(out) > _MAX_ITEMS:
            raise _NotWordList
    return out


def _sequence(seq, top: bool = False) -> set[str]:  # type: ignore[no-untyped-def]
    """Every possible start of a match of a parsed sequence (cut at ``_LIMIT`` characters)."""
    acc = {""}
    for op, av in seq:
        if all(_done(a, top) for a in acc):
            break
        acc = _concat(acc, _element(op, av), top)
    return acc


def _element(op, av) -> set[str]:  # type: ignore[no-untyped-def]
    if op is _C.LITERAL:
        ch = chr(av)
        return {ch if ch in _WORD_CHARS or not ch.isascii() else _NON_WORD}
    if op is _C.IN:
        return _charset(av)
    if op is _C.AT:
        return {_BOUNDARY} if av is _C.AT_BOUNDARY else {""}
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


def _charset(items) -> set[str]:  # type: ignore[no-untyped-def]
    chars: set[str] = set()
    for op, av in items:
        if op is _C.LITERAL:
            chars.add(chr(av))
        elif op is _C.RANGE and av[1] - av[0] <= 80:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is _C.CATEGORY and av in (_C.CATEGORY_SPACE, _C.CATEGORY_NOT_WORD):
            chars.add(_NON_WORD)
        else:
            return {_OPEN}
    out = set()
    for ch in chars:
        if ch == _NON_WORD or (ch.isascii() and ch not in _WORD_CHARS):
            out.add(_NON_WORD)
        elif ch in _WORD_CHARS:
            out.add(ch)
        else:
            return {_OPEN}  # a non-ASCII letter: case folding is not worth proving
    return out


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


class WordIndex:
    """Where each registered pattern may match in some regions of a string.

    ``candidates[pattern id]`` lists ``(start, end_of_region)`` in order: the
    word starts whose word or prefix is one of the pattern's keys, and the
    ``endpos`` the full scan would use there. Patterns registered after the
    index was built are looked up word by word (:meth:`for_keys`).
    """

    __slots__ = ("candidates", "runs", "known")

    def __init__(self, source: str, regions: list[tuple[int, int]]) -> None:
        registry = _registry
        self.known = len(registry.keys)
        by_word, by_prefix = registry.by_word, registry.by_prefix
        runs: list[tuple[int, int, str]] = []
        cands: dict[int, list[tuple[int, int]]] = {}
        for s, e in regions:
            text = source[s:e]
            low = text.lower() if text.isascii() else None
            for m in _RUN.finditer(source, s, e):
                start = m.start()
                word = low[start - s : m.end() - s] if low is not None else fold(m.group())
                runs.append((start, e, word))
                ids = by_word.get(word, ())
                more = by_prefix.get(word[:KEY_LENGTH], ()) if len(word) >= KEY_LENGTH else ()
                for pid in (*ids, *more) if more else ids:
                    found = cands.get(pid)
                    if found is None:
                        cands[pid] = [(start, e)]
                    elif found[-1][0] != start:
                        found.append((start, e))
        self.candidates = cands
        self.runs = runs

    def for_keys(self, keys: Keys) -> list[tuple[int, int]]:
        if keys.id < self.known:
            return self.candidates.get(keys.id, [])
        words, prefixes = keys.words, keys.prefixes
        return [(s, e) for s, e, w in self.runs if w in words or w[:KEY_LENGTH] in prefixes]


def candidate_matches(
    pattern: re.Pattern[str], source: str, index: WordIndex, keys: Keys
) -> Iterator[re.Match[str]]:
    """The matches ``finditer`` would give over the index's regions, trying only candidates."""
    cur = -1
    match = pattern.match
    for start, end in index.for_keys(keys):
        if start < cur:
            continue
        m = match(source, start, end)
        if m is not None:
            yield m
            cur = m.end()
