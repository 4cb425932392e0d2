"""Matches kept per span give exactly what searching the whole span again gives, after edits."""

from __future__ import annotations

import re

import pytest

from kbeditor.article import load_article, parse_article
from kbeditor.lint.budget import TimedPattern
from kbeditor.lint.engine import Linter
from kbeditor.lint.lines import reach_before, splits_at_lines
from kbeditor.lint.settings import BUNDLED_STYLES
from kbeditor.lint.span_matches import SpanMatches, line_cuts


@pytest.mark.parametrize(
    ("pattern", "reach"),
    [
        (r"\bcontact\b", 1),  # a word boundary reads one character before
        (r"(?<=abc)d", 3),
        (r"(?<!not )(?:allow|let)", 4),
        (r"x(?=(?<=yx))", 2),  # a look-behind inside a look-ahead still reads before
    ],
)
def test_how_far_before_its_start_a_search_reads(pattern, reach):
    assert reach_before(re.compile(pattern)) == reach


def test_a_budgeted_pattern_is_never_kept():
    timed = TimedPattern(re.compile(r"\bcontact\b"))
    assert reach_before(timed) is None
    assert not splits_at_lines(timed)


@pytest.mark.parametrize(
    ("pattern", "splits"),
    [
        (r"\byou (?:can't|cannot) continue\b", True),
        (r"\bsign\s+in\b", False),  # \s takes a line break
        (r"\b(?:a|b)?", False),  # may match nothing
    ],
)
def test_which_patterns_are_searched_piece_by_piece(pattern, splits):
    assert splits_at_lines(re.compile(pattern, re.I | re.M)) is splits


def _kb_patterns() -> list[re.Pattern[str]]:
    """The phrase lists of the KB rules that search sections and whole articles."""
    linter = Linter.from_styles([BUNDLED_STYLES / "KB"])
    found = []
    for rule in linter.rules:
        for name in ("raises", "answers", "phrases", "when", "contact", "condition", "details"):
            pattern = getattr(rule.check, name, None)
            if isinstance(pattern, re.Pattern):
                found.append(pattern)
    assert len(found) > 10
    return found


def _sections(article) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    bounds = [article.body_start, *(h.start for h in article.headings), len(article.text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if a < b]


def _edited(article):  # type: ignore[no-untyped-def]
    paragraphs = [b for b in article.blocks if b.kind == "paragraph"]
    p = paragraphs[len(paragraphs) // 2]
    extra = " If the problem persists, contact your admin; you can't continue."
    return parse_article(article.text[: p.end] + extra + article.text[p.end :], article.path)


def test_kept_matches_equal_a_fresh_search_before_and_after_an_edit(sample_kb, corpus_if_present):
    paths = sorted(sample_kb.rglob("*.md")) + list(corpus_if_present[:30])
    patterns = _kb_patterns()
    kept = [SpanMatches(p) for p in patterns]
    found_any = False
    for path in paths:
        original = load_article(path)
        for article in (original, _edited(original), original):
            text = article.mask
            cuts = line_cuts(text, [h.start for h in article.headings])
            body = (article.body_start, len(text))
            for pattern, spans in zip(patterns, kept, strict=True):
                for start, end in [*_sections(article), body]:
                    expected = [m.span() for m in pattern.finditer(text, start, end)]
                    assert spans.find(text, start, end) == expected, (path.name, pattern.pattern)
                    first = pattern.search(text, start, end)
                    assert spans.first(text, start, end, cuts) == (first and first.span())
                    found_any = found_any or bool(expected)
    assert found_any
