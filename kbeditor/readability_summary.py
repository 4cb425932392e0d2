"""The one reading grade: of an article, of a sentence, and against which target.

Every place that shows or judges a reading grade calls this module: the
``kb_article_grade`` and ``kb_sentence_readability`` rule kinds, the editor's
status bar and readability panel (through :func:`summarise`, computed once per
lint on the analysis thread). So the number, its rounding and the verdict are
the same everywhere.

- A grade is rounded to one decimal once, here (:func:`round_grade`), and
  that rounded number is both shown and compared with the target.
- The sentences graded are ``Article.sentences`` over ``Article.mask``: the
  article model decides what is prose (code, and whatever else it masks, never
  counts). Headings are not sentences there, so they never count.
- Targets are not constants: they come from the rules in force
  (:func:`reading_targets`), so a workspace that edits ``target:`` or
  ``tolerance:`` in its copy of ``ArticleGrade.yml``, or turns the rule off,
  changes what the panel and the status bar say.

Counts are textstat's (:mod:`kbeditor.lint.textstats`), cached per sentence:
an edit recounts one sentence, and a grade asked for again for the same
parsed article (the panel after the lint) is read from a cache.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kbeditor.article import SENTENCE_BLOCKS, Article
from kbeditor.inference import Profile, profile
from kbeditor.lint.memo import Memo
from kbeditor.lint.textstats import GradeCounts, grade, total_counts
from kbeditor.sentences import split_block

FLESCH_KINCAID = "flesch_kincaid_grade"
FORMULA_NAMES = {
    "flesch_kincaid_grade": "Flesch-Kincaid",
    "automated_readability_index": "Automated Readability",
    "coleman_liau_index": "Coleman-Liau",
    "gunning_fog": "Gunning Fog",
    "smog_index": "SMOG",
}
# Silent reading of instructions is slower than of fiction; 200 words a minute is the
# figure most help-centre tools use.
WORDS_PER_MINUTE = 200
ARTICLE_GRADE_KIND = "kb_article_grade"
SENTENCE_GRADE_KIND = "kb_sentence_readability"

_CACHE_MAX = 100_000
_pieces: Memo[str, tuple[str, int]] = Memo(_CACHE_MAX)
_blocks: Memo[tuple[str, str], tuple[GradeCounts, int, int] | tuple[()]] = Memo(_CACHE_MAX // 10)
_by_article: weakref.WeakKeyDictionary[Article, dict[str, ArticleGrade]] = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


# -- the numbers -------------------------------------------------------------------------
def round_grade(value: float) -> float:
    """The one rounding of a grade: one decimal (and never ``-0.0``)."""
    return round(value, 1) + 0.0


def format_grade(value: float) -> str:
    """A grade as every face prints it: ``12.3``."""
    return f"{round_grade(value):.1f}"


def format_target(value: float) -> str:
    """A target or tolerance as written in the rule file: ``11``, ``11.5``."""
    return f"{value:g}"


def sentence_grade(text: str, formula: str = FLESCH_KINCAID) -> float:
    """The reading grade of one sentence (rounded; ``formula`` is a textstat function name)."""
    return round_grade(grade(formula, text))


@dataclass(frozen=True, slots=True)
class ArticleGrade:
    """An article's reading grade and the counts behind it.

    ``grade`` is rounded (:func:`round_grade`); ``words`` are the prose words
    graded (whitespace-separated, as the rule's ``min_words`` counts them);
    ``ease`` is Flesch reading ease from the same counts.
    """

    grade: float
    words: int
    sentences: int
    ease: float
    formula: str = FLESCH_KINCAID


def article_grade(article: Article, formula: str = FLESCH_KINCAID) -> ArticleGrade:
    """The reading grade of an article's prose sentences (cached on the parsed article)."""
    with _lock:
        found = _by_article.get(article, {}).get(formula)
    if found is not None:
        return found
    counts, words, sentences = _totals(article)
    if formula == FLESCH_KINCAID:
        # A full stop added at the end changes none of textstat's counts, so the
        # sentences' own counts (shared with the sentence rules) add up to the grade.
        raw = counts.flesch_kincaid()
    else:
        pieces, _ = _prose_pieces(article)
        raw = grade(formula, [_closed(p) for p in pieces if p])
    found = ArticleGrade(
        grade=round_grade(max(raw, 0.0)) if words else 0.0,
        words=words,
        sentences=sentences,
        ease=round_grade(reading_ease(counts)),
        formula=formula,
    )
    with _lock:
        _by_article.setdefault(article, {})[formula] = found
    return found


def reading_ease(counts: GradeCounts) -> float:
    """Flesch reading ease (higher is easier; 60-70 is plain English), textstat's way."""
    words = counts.words
    sentences = 0 if counts.empty else max(1, counts.sentences - counts.short)
    if not words or not sentences:
        return 100.0
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (counts.syllables / words)


def _totals(article: Article) -> tuple[GradeCounts, int, int]:
    """textstat's counts over the prose sentences, their words, and the sentences with words.

    Added up block by block, each block's share cached by its masked and written text
    (which alone decide its sentences, as ``Article.sentences`` splits them): a relint
    after one paragraph counts only that paragraph again, and does not wait for the
    whole article's sentences.
    """
    mask, text = article.mask, article.text
    parts: list[GradeCounts] = []
    words = pieces = 0
    for b in article.blocks:
        if b.kind not in SENTENCE_BLOCKS:
            continue
        start, end = b.start, b.end
        key = (mask[start:end], text[start:end])
        part = _blocks.get(key)
        if part is None:
            spans = split_block(*key)
            part = _blocks[key] = _block_totals(key[0], spans) if spans else ()
        if part:  # a block without sentences adds nothing, as before
            parts.append(part[0])
            words += part[1]
            pieces += part[2]
    return GradeCounts.total(parts), words, pieces


def _block_totals(mask: str, spans: tuple[tuple[int, int], ...]) -> tuple[GradeCounts, int, int]:
    """:func:`_totals` of one block's sentences (offsets in the block's masked text)."""
    pieces = [" ".join(mask[start:end].split()) for start, end in spans]
    spoken = [p for p in pieces if p]
    return total_counts(pieces), sum(p.count(" ") + 1 for p in spoken), len(spoken)


def _prose_pieces(article: Article) -> tuple[list[str], int]:
    """Each sentence's prose with its whitespace collapsed, and the words in them."""
    cache = _pieces
    mask = article.mask
    pieces: list[str] = []
    words = 0
    for s in article.sentences:
        raw = mask[s.start : s.end]
        found = cache.get(raw)
        if found is None:
            piece = " ".join(raw.split())
            found = cache[raw] = (piece, piece.count(" ") + 1 if piece else 0)
        pieces.append(found[0])
        words += found[1]
    return pieces, words


def _closed(sentence: str) -> str:
    """A sentence with one full stop at the end, so list items without one still count as sentences."""
    return sentence if sentence[-1:] in ".!?" else sentence + "."


# -- the targets in force ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GradeTarget:
    """What the article-grade rule in force asks of an article of one audience.

    The rule alerts when the grade is above ``limit`` (target plus tolerance);
    articles with fewer than ``min_words`` prose words are not judged.
    """

    rule: str
    audience: str
    target: float
    tolerance: float
    min_words: int
    formula: str = FLESCH_KINCAID

    @property
    def limit(self) -> float:
        return round_grade(self.target + self.tolerance)

    def exceeded_by(self, value: ArticleGrade) -> bool:
        """True exactly when the rule reports this grade."""
        return value.words >= self.min_words and value.grade > self.limit

    def describe(self) -> str:
        """``target of 11 for it-staff readers (alerts above 12.0)``."""
        alerts = f" (alerts above {format_grade(self.limit)})" if self.tolerance else ""
        return f"target of {format_target(self.target)} for {self.audience} readers{alerts}"


@dataclass(frozen=True, slots=True)
class SentenceBand:
    """A sentence rule in force: sentences from ``grade`` (and below ``below``) are ``level``."""

    rule: str
    level: str  # "hard" or "very hard"
    grade: float
    below: float | None
    min_words: int


@dataclass(frozen=True, slots=True)
class ReadingTargets:
    """The reading targets the rule set in force sets for one audience and article type.

    ``grade`` is None when no article-grade rule applies; ``missing`` then
    says why, in words a writer understands.
    """

    audience: str
    grade: GradeTarget | None
    missing: str
    bands: tuple[SentenceBand, ...]


def reading_targets(
    rules: Iterable[Any], audience: str, article_type: str | None
) -> ReadingTargets:
    """The targets of ``rules`` (the linter's compiled rules, config applied) for an article.

    The first ``kb_article_grade`` rule that applies to the audience and type
    sets the grade target; every ``kb_sentence_readability`` rule that applies
    is a band of hard sentences (one with ``below`` is "hard", one without is
    "very hard", as KB.HardSentence and KB.VeryHardSentence are).
    """
    target: GradeTarget | None = None
    graders = 0
    bands: list[SentenceBand] = []
    for rule in rules:
        if rule.kind not in (ARTICLE_GRADE_KIND, SENTENCE_GRADE_KIND):
            continue
        if not rule.applies_to(audience, article_type):
            continue
        check = rule.check
        if rule.kind == ARTICLE_GRADE_KIND:
            graders += 1
            wanted = check.target.get(audience)
            if target is None and wanted is not None:
                target = GradeTarget(
                    rule.id, audience, wanted, check.tolerance, check.min_words, check.formula
                )
            continue
        low = check.grade.get(audience)
        if low is not None:
            high = check.below.get(audience)
            level = "hard" if high is not None else "very hard"
            bands.append(SentenceBand(rule.id, level, low, high, check.min_words))
    missing = ""
    if target is None:
        missing = (
            f"the reading-grade rule sets no target for {audience} readers"
            if graders
            else "no reading-grade rule is on"
        )
    return ReadingTargets(audience, target, missing, tuple(bands))


# -- what the editor shows -------------------------------------------------------------------
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
        return (
            f"{what}: grade {format_grade(self.grade)}, {self.words} words. Split it or cut words."
        )


@dataclass(frozen=True, slots=True)
class ReadabilitySummary:
    """The figures the status bar and the readability panel show for one article."""

    audience: str
    grade: float | None  # None: no prose sentence to grade
    formula: str
    target: GradeTarget | None
    missing: str  # why there is no target (when ``target`` is None)
    graded_words: int
    reading_ease: float
    words: int
    sentences: int
    reading_minutes: int
    hard: tuple[SentenceGrade, ...]
    bands: tuple[SentenceBand, ...] = ()  # the hard-sentence thresholds in force

    @property
    def judged(self) -> bool:
        """A target is in force and the article is long enough to be judged against it."""
        return (
            self.target is not None
            and self.grade is not None
            and self.graded_words >= self.target.min_words
        )

    @property
    def above_target(self) -> bool:
        """True exactly when the article-grade rule reports the article."""
        return (
            self.judged
            and self.target is not None
            and self.grade is not None
            and self.grade > self.target.limit
        )

    @property
    def on_target(self) -> bool:
        return not self.above_target

    @property
    def verdict(self) -> str:
        """One sentence on the grade and its target, as the panel and the status bar's tip say it."""
        if self.grade is None:
            return "No prose to grade yet."
        t = self.target
        if t is None:
            return f"No target is set: {self.missing}."
        if not self.judged:
            return f"Not judged: fewer than {t.min_words} words of prose ({t.describe()})."
        return f"{'Above' if self.above_target else 'Within'} the {t.describe()}."

    @property
    def hard_count(self) -> int:
        return sum(1 for s in self.hard if s.level == "hard")

    @property
    def very_hard_count(self) -> int:
        return sum(1 for s in self.hard if s.level == "very hard")


def summarise(
    article: Article,
    rules: Iterable[Any] | None = None,
    targets: ReadingTargets | None = None,
    reading: Profile | None = None,
) -> ReadabilitySummary:
    """All the editor's reading figures for ``article`` under the rules in force.

    ``rules`` are the linter's compiled rules (``Linter.rules``); without them
    the bundled KB style is used. ``reading`` is the type and audience the
    linter used (``Linter.profile``; inferred by default), so the target is the
    rule's. Hard sentences are exactly those the sentence rules report (their
    own selection, inline disables honoured).
    """
    reading = reading or profile(article)
    if targets is None:
        targets = reading_targets(
            rules if rules is not None else _bundled_rules(), reading.audience, reading.type
        )
    formula = targets.grade.formula if targets.grade else FLESCH_KINCAID
    graded = article_grade(article, formula)
    ease = graded.ease if formula == FLESCH_KINCAID else article_grade(article).ease
    words = len(article.words())
    return ReadabilitySummary(
        audience=reading.audience,
        grade=graded.grade if graded.sentences else None,
        formula=formula,
        target=targets.grade,
        missing=targets.missing,
        graded_words=graded.words,
        reading_ease=ease,
        words=words,
        sentences=len(article.sentences),
        reading_minutes=max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0,
        hard=hard_sentences(
            article, rules if rules is not None else _bundled_rules(), targets, reading
        ),
        bands=targets.bands,
    )


def hard_sentences(
    article: Article, rules: Iterable[Any], targets: ReadingTargets, reading: Profile | None = None
) -> tuple[SentenceGrade, ...]:
    """The sentences the sentence-readability rules in force report, with grade and level."""
    if not targets.bands:
        return ()
    from kbeditor.lint.context import LintContext
    from kbeditor.lint.controls import parse_controls
    from kbeditor.lint.scope import Ranges, scope_spans

    levels = {band.rule: band.level for band in targets.bands}
    reading = reading or profile(article)
    ctx = LintContext(article, reading.audience, reading.type)
    controls = parse_controls(article)
    found: list[SentenceGrade] = []
    for rule in rules:
        level = levels.get(rule.id)
        if level is None or rule.kind != SENTENCE_GRADE_KIND:
            continue
        source = article.text if rule.scope.raw else article.mask
        ranges = Ranges(scope_spans(article, rule.scope), source)
        for start, end, value, count in rule.check.graded(ctx, ranges):
            if controls and controls.disabled(rule.id, start):
                continue
            found.append(SentenceGrade(start, end, count, value, level))
    found.sort(key=lambda s: (s.start, s.end))
    return tuple(found)


_bundled: list[Any] = []


def _bundled_rules() -> list[Any]:
    """The bundled KB style's rules (for callers that have no linter of their own)."""
    if not _bundled:
        from kbeditor.bundled import LINT_RULES
        from kbeditor.lint.engine import Linter

        _bundled.extend(Linter.from_styles([LINT_RULES / "KB"]).rules)
    return _bundled
