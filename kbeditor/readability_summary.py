"""Reading figures for one article: grade against the audience's target, ease, time, hard sentences.

The editor's readability panel shows these and highlights hard sentences the
way Hemingway Editor does. Grades use the Flesch-Kincaid formula over our own
word and sentence counts (so code, URLs and markup never count), with
syllables from textstat, cached per sentence: a writer's edit changes one
sentence, and recounting the rest would be wasted work.
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass

from kbeditor.article import Article

# Reading grade a reader of each audience handles comfortably (KB-STYLE.md, section 5).
TARGET_GRADE = {"end-user": 8.0, "it-staff": 11.0, "developer": 12.0}
# Hemingway Editor marks a sentence of at least 14 words as hard from grade 10 and as very
# hard from grade 14; shorter sentences are never flagged. Technical audiences get the
# same bands moved up, as the KB style's per-sentence readability rule does.
HARD_GRADE = {"end-user": 10.0, "it-staff": 12.0, "developer": 13.0}
VERY_HARD_GRADE = {"end-user": 14.0, "it-staff": 16.0, "developer": 17.0}
MIN_FLAGGED_WORDS = 14
# Silent reading of instructions is slower than of fiction; 200 words a minute is the
# figure most help-centre tools use.
WORDS_PER_MINUTE = 200

_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_CACHE_SIZE = 20_000
_syllable_cache: OrderedDict[str, int] = OrderedDict()


@dataclass(frozen=True, slots=True)
class SentenceGrade:
    """A sentence hard enough to flag: its offsets in ``Article.text``, words and grade."""

    start: int
    end: int
    words: int
    grade: float
    level: str  # "hard" or "very hard"

    @property
    def tooltip(self) -> str:
        what = "Very hard to read" if self.level == "very hard" else "Hard to read"
        return f"{what}: grade {self.grade:.0f}, {self.words} words. Split it or cut words."


@dataclass(frozen=True, slots=True)
class ReadabilitySummary:
    """The figures the readability panel shows for one article."""

    audience: str
    target: float
    grade: float
    reading_ease: float
    words: int
    sentences: int
    reading_minutes: int
    hard: tuple[SentenceGrade, ...]

    @property
    def on_target(self) -> bool:
        return self.grade <= self.target

    @property
    def hard_count(self) -> int:
        return sum(1 for s in self.hard if s.level == "hard")

    @property
    def very_hard_count(self) -> int:
        return sum(1 for s in self.hard if s.level == "very hard")


def syllables(sentence: str) -> int:
    """Syllables in a piece of prose, with a cache that outlives textstat's 128 entries."""
    cached = _syllable_cache.get(sentence)
    if cached is not None:
        _syllable_cache.move_to_end(sentence)
        return cached
    import textstat  # loads the pronunciation dictionary on first use (about 2 s)

    count = int(textstat.syllable_count(sentence))
    _syllable_cache[sentence] = count
    if len(_syllable_cache) > _CACHE_SIZE:
        _syllable_cache.popitem(last=False)
    return count


def grade(words: int, sentences: int, syllable_count: int) -> float:
    """Flesch-Kincaid grade level."""
    if not words or not sentences:
        return 0.0
    return 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59


def reading_ease(words: int, sentences: int, syllable_count: int) -> float:
    """Flesch reading ease (higher is easier; 60-70 is plain English)."""
    if not words or not sentences:
        return 100.0
    return 206.835 - 1.015 * words / sentences - 84.6 * syllable_count / words


def sentence_level(words: int, sentence_grade: float, audience: str = "end-user") -> str | None:
    """ "hard", "very hard" or None, by Hemingway Editor's thresholds for the audience."""
    if words < MIN_FLAGGED_WORDS:
        return None
    if sentence_grade >= VERY_HARD_GRADE.get(audience, VERY_HARD_GRADE["end-user"]):
        return "very hard"
    if sentence_grade >= HARD_GRADE.get(audience, HARD_GRADE["end-user"]):
        return "hard"
    return None


def summarise(article: Article) -> ReadabilitySummary:
    """All the panel's figures for ``article``; prose only (code and markup are masked)."""
    total_words = total_syllables = counted = 0
    hard: list[SentenceGrade] = []
    audience = article.metadata.audience
    for sentence in article.sentences:
        prose = article.mask[sentence.start : sentence.end]
        n = len(_WORD.findall(prose))
        if not n:
            continue
        s = syllables(prose)
        total_words += n
        total_syllables += s
        counted += 1
        g = grade(n, 1, s)
        level = sentence_level(n, g, audience)
        if level:
            hard.append(SentenceGrade(sentence.start, sentence.end, n, round(g, 1), level))
    words = len(article.words())
    return ReadabilitySummary(
        audience=audience,
        target=TARGET_GRADE.get(audience, TARGET_GRADE["end-user"]),
        grade=round(max(grade(total_words, counted, total_syllables), 0.0), 1),
        reading_ease=round(reading_ease(total_words, counted, total_syllables), 1),
        words=words,
        sentences=len(article.sentences),
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0,
        hard=tuple(hard),
    )
