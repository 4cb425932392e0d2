"""Is a word spelt right, and if not, what did the writer mean: Hunspell dictionaries, offline.

A :class:`Speller` answers from one or more Hunspell ``.dic``/``.aff``
dictionaries (read by spylls, a pure-Python Hunspell) plus plain word lists
(Vale's ``ignore`` files, the team's words). The English dictionary is the
en_US one that the spylls wheel ships, so nothing is downloaded at run time.

Speed: Hunspell's morphology costs 20-150 us a word in pure Python, so every
answer is cached per word; an article repeats most of its words and a
workspace repeats most of its articles' words. Loading en_US takes about
2 s, once per process (do it off the UI thread; the editor lints in a worker).

Regular forms (:meth:`Speller.regular`): a word the dictionary lacks but its own
affix rules build from a word it knows ("activations", "reinstalls", "unmanaged"),
whatever flags that word carries, or a known word behind a productive prefix
("nonbrowser", "subtask"). Such a form is accepted only when no known word is one
slip away from it: "untill" is "un" + "till", but "until" is one letter off.

Suggestions are not Hunspell's (pure-Python Hunspell needs seconds per word):
candidates one edit away (a letter dropped, doubled, swapped or wrong), then
two, are kept when Hunspell accepts them, and ranked by how common the word is
in English (the frequency list that pyspellchecker ships).
"""

from __future__ import annotations

import gzip
import json
import math
import threading
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Longer "words" (a run of letters and apostrophes in a log line) get no suggestions and are
# no regular form: the candidates one edit away grow with the square of the length.
MAX_WORD = 40
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})
# Words that a missing space runs into their neighbour ("Systemand", "thisfile"): never half of
# a closed compound.
FUNCTION_WORDS = frozenset(
    "a an and are as at be but by can did do does for from had has have he her his how i if in"
    " into is it its may me my no not of off on one or our out she so than that the their them"
    " then there these they this those to too up us was we were what when which who will with"
    " you your".split()
)
# Words that a missing space runs into their neighbour ("Systemand", "thisfile"): never half of
# a closed compound.
FUNCTION_WORDS = frozenset(
    "a an and are as at be but by can did do does for from had has have he her his how i if in"
    " into is it its may me my no not of off on one or our out she so than that the their them"
    " then there these they this those to too up us was we were what when which who will with"
    " you your".split()
)
_lock = threading.Lock()
_dictionaries: dict[tuple[str, float, float], Any] = {}


class DictionaryError(Exception):
    """A Hunspell dictionary that cannot be found or read."""


def load_hunspell(dic: Path, aff: Path) -> Any:
    """A spylls Dictionary for a .dic/.aff pair, read once per process (per file version)."""
    from spylls.hunspell import Dictionary

    try:
        key = (str(dic.resolve()), dic.stat().st_mtime, aff.stat().st_mtime)
    except OSError as exc:
        raise DictionaryError(f"cannot read {exc.filename}: {exc.strerror}") from None
    with _lock:
        found = _dictionaries.get(key)
        if found is None:
            try:
                found = Dictionary.from_files(str(dic.with_suffix("")))
            except Exception as exc:
                raise DictionaryError(f"cannot read the dictionary {dic.name}: {exc}") from None
            _dictionaries[key] = found
        return found


def default_files() -> tuple[Path, Path]:
    """The bundled en_US dictionary (SCOWL, shipped in the spylls wheel)."""
    base = resources.files("spylls.hunspell") / "data" / "en"
    return Path(str(base / "en_US.dic")), Path(str(base / "en_US.aff"))


def default_dictionary() -> Any:
    return load_hunspell(*default_files())


@cache
def frequencies() -> dict[str, int]:
    """English word counts (lower case) from pyspellchecker's list: ranks suggestions only."""
    data = resources.files("spellchecker") / "resources" / "en.json.gz"
    return json.loads(gzip.decompress(data.read_bytes()))


def read_word_list(path: Path) -> list[str]:
    """One word per line (Vale's ignore files, accept lists); blank lines and # comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"cannot read the word list {path}: {exc}") from None
    return [w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#")]


class Speller:
    """Checks words against dictionaries and word lists; caches every answer.

    Args:
        dictionaries: loaded Hunspell dictionaries, or callables that load one
            (loading en_US takes seconds, so it waits for the first word).
        words: extra words: a word in lower case accepts any capitalisation,
            one with capitals accepts that spelling (and its all-caps form).
    """

    def __init__(self, dictionaries: Sequence[Any], words: Iterable[str] = ()) -> None:
        self._sources = list(dictionaries)
        self._loaded: list[Any] | None = None
        self.words = frozenset(w.translate(_APOSTROPHES) for w in words)
        self._lower = frozenset(w for w in self.words if w == w.lower())
        self._known: dict[str, bool] = {}
        self._suggested: dict[str, tuple[str, ...]] = {}
        self._slips: dict[str, tuple[str, ...]] = {}
        self._suffixes: list[list[Any]] | None = None
        self._prefixes: set[str] | None = None
        self._load_lock = threading.Lock()

    @property
    def dictionaries(self) -> list[Any]:
        if self._loaded is None:
            with self._load_lock:  # two worker threads must not both load en_US
                if self._loaded is None:
                    self._loaded = [d() if callable(d) else d for d in self._sources]
        return self._loaded

    def known(self, word: str) -> bool:
        """True when a dictionary or the word lists accept ``word`` as written."""
        found = self._known.get(word)
        if found is None:
            found = self._known[word] = self._lookup(word.translate(_APOSTROPHES))
        return found

    def _lookup(self, word: str) -> bool:
        if word in self.words or word.lower() in self._lower:
            return True
        if word.isupper() and any(w.upper() == word for w in self.words):
            return True
        if any(d.lookup(word) for d in self.dictionaries):
            return True
        if word.endswith("'s") and len(word) > 3:  # a possessive of a known name: Excel's
            return self.known(word[:-2])
        return False

    def regular(self, word: str, prefixes: Iterable[str] = ()) -> bool:
        """True when ``word`` is a regular form of a known word (affix rules, a prefix).

        Hunspell's suffix rules of every loaded dictionary are applied to any known
        stem (the dictionary's flags say which forms it lists, not which exist); the
        consonant-doubling slip ("occured", "refered") is not a regular form.
        """
        lower = word.lower().translate(_APOSTROPHES)
        if len(lower) > MAX_WORD:
            return False
        if not (self._by_suffix(lower) or self._by_prefix(lower, prefixes)):
            return False
        return not self.slips(lower)

    def joined(self, word: str) -> bool:
        """True when ``word`` is two known words written as one ("timesheet", "checkboxes").

        Each part has three letters or more and neither is a function word: "Systemand" and
        "youin" are a missing space, not a compound. A slip from a known word is no compound.
        """
        lower = word.lower().translate(_APOSTROPHES)
        if len(lower) > MAX_WORD:
            return False
        for i in range(3, len(lower) - 2):
            head, tail = lower[:i], lower[i:]
            if head in FUNCTION_WORDS or tail in FUNCTION_WORDS:
                continue
            if self.known(head) and (self.known(tail) or self._by_suffix(tail)):
                return not self.slips(lower)
        return False

    def run_in(self, word: str) -> bool:
        """True when ``word`` is a known word and a function word without the space between.

        "Systemand", "Reporton", "youin": a missing space, never a name or a compound.
        """
        lower = word.lower().translate(_APOSTROPHES)
        if len(lower) > MAX_WORD:
            return False
        for i in range(1, len(lower)):
            head, tail = lower[:i], lower[i:]
            if (head in FUNCTION_WORDS and len(tail) > 2 and self.known(tail)) or (
                tail in FUNCTION_WORDS and len(head) > 2 and self.known(head)
            ):
                return True
        return False

    def _by_suffix(self, word: str) -> str | None:
        """The known stem that a suffix rule turns into ``word``, if any."""
        for rules in self._suffix_rules():
            for rule in rules:
                if not word.endswith(rule.add) or len(word) - len(rule.add) < 3:
                    continue
                stem = word[: len(word) - len(rule.add)] + rule.strip
                if (
                    rule.cond_regexp.search(stem)
                    and self.known(stem)
                    and not _undoubled(stem, rule.add, self)
                ):
                    return stem
        return None

    def _by_prefix(self, word: str, prefixes: Iterable[str]) -> bool:
        """A prefix of the dictionary's rules or of ``prefixes`` before a known (or regular) word."""
        if self._prefixes is None:
            self._prefixes = {
                p.add for d in self.dictionaries for r in d.aff.PFX.values() for p in r
            }
        heads = self._prefixes.union(p.lower() for p in prefixes)
        for head in heads:
            rest = word[len(head) :].lstrip("-")
            if not head or not word.startswith(head) or len(rest) < 4:
                continue
            if self.known(rest) or self._by_suffix(rest):
                return True
        return False

    def _suffix_rules(self) -> list[list[Any]]:
        if self._suffixes is None:
            self._suffixes = [r for d in self.dictionaries for r in d.aff.SFX.values()]
        return self._suffixes

    def slips(self, word: str) -> tuple[str, ...]:
        """Known words one edit away from ``word`` (a letter dropped, doubled, swapped or wrong).

        Candidates come from the English frequency list (and the team's words), as
        suggestions do; a form that ends in the other word's ending, such as "activations"
        beside "activation", is a form of it, not a slip from it.
        """
        lower = word.lower()
        if len(lower) > MAX_WORD:
            return ()
        found = self._slips.get(lower)
        if found is None:
            near = self._score(_edits(lower), frequencies(), 0.0)
            found = self._slips[lower] = tuple(
                w for w in near if w != lower and not _inflects(lower, w)
            )
        return found

    def suggest(self, word: str, limit: int = 3) -> tuple[str, ...]:
        """The likely intended words, best first (at most ``limit``), in the word's capitalisation."""
        found = self._suggested.get(word)
        if found is None:
            found = self._suggested[word] = self._suggest(word.translate(_APOSTROPHES))
        return found[:limit]

    def _suggest(self, word: str) -> tuple[str, ...]:
        lower = word.lower()
        if len(lower) > MAX_WORD:
            return ()
        freq = frequencies()
        first = _edits(lower)
        scored = self._score(first, freq, 0.0)
        if not scored and len(lower) <= 10:  # two edits away: costs ~50x one edit
            second = {e2 for e1 in first for e2 in _deletes_and_swaps(e1) if e2 in freq}
            scored.update(self._score(second - first, freq, -4.0))
        ranked = sorted(scored, key=lambda w: (-scored[w], w))
        out = [_like(word, w) for w in ranked if w != lower]
        return tuple(dict.fromkeys(out))[:5]

    def _score(
        self, candidates: set[str], freq: dict[str, int], penalty: float
    ) -> dict[str, float]:
        scored: dict[str, float] = {}
        for cand in candidates:
            count = freq.get(cand)
            if count is None and cand not in self._lower:
                continue
            if self.known(cand) or self.known(cand.capitalize()):
                scored[cand] = math.log(1 + (count or 1000)) + penalty
        return scored


def _edits(word: str) -> set[str]:
    """Every string one edit away: a letter dropped, swapped with the next, changed or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    out.update(a + c + b for a, b in splits for c in _LETTERS)
    if "'" in word:
        out.add(word.replace("'", ""))
    return out


def _undoubled(stem: str, ending: str, speller: Speller) -> bool:
    """ "occur" + "ed": English doubles the last consonant here, and the dictionary knows "occurred"."""
    if ending[:1] not in "aeiou" or len(stem) < 3:
        return False
    a, b, c = stem[-3], stem[-2], stem[-1]
    if a in "aeiou" or b not in "aeiou" or c in "aeiouwxy":
        return False
    return speller.known(stem + c + ending)


def _inflects(word: str, other: str) -> bool:
    """``word`` is ``other`` with an ending added ("reinstalls", "reinstall"), or the reverse."""
    short, long = sorted((word, other), key=len)
    return long.startswith(short) and long[len(short) :] in ("s", "es", "'s", "d", "ed", "r", "er")


def _deletes_and_swaps(word: str) -> set[str]:
    out = {word[:i] + word[i + 1 :] for i in range(len(word))}
    out.update(word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1))
    return out


def _like(original: str, word: str) -> str:
    """``word`` in the capitalisation of ``original`` (Title, UPPER or as is)."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
