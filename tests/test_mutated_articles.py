"""Mutated sample articles through parse, lint and render: no exception, no runaway.

The sample knowledge base's articles are cut, repeated and sprinkled with
Markdown's special characters (runs of backticks, brackets, emphasis marks,
angle brackets, pipes, quotes, blanks and line breaks) by a seeded generator,
so every failure names a seed that reproduces it. Each article must parse,
lint with the house style (no rule may fail on it: ``kbeditor.RuleFailed``)
and render. A hang guard stops a runaway case instead of hanging the suite.
``bench/mutated_articles.py`` runs many more seeds.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest
from hang_guard import hang_guard

from kbeditor.article import parse_article
from kbeditor.export.render import render_article
from kbeditor.lint.engine import Linter

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "resources" / "sample_kb").rglob("*.md"))
KB = ROOT / "lint_rules" / "KB"
PIECES = [
    "`", "``", "```", "[", "]", "](", "(", ")", "![", "*", "**", "_", "~~", "<", ">", "<!--",
    "-->", "<a href='x'>", "|", "#", "-", "1.", "\\", "&", "&#", '"', "'", ":::", "[!NOTE]",
    "---", "\n", "\n\n", "    ", "\t", " ", ".", "http://", "www.", "x" * 50, "0x8007",
]  # fmt: skip
GUARD = 30  # seconds per article: a hang guard, not a speed target


def mutate(text: str, seed: int, rounds: int = 12) -> str:
    """An aggressive, reproducible mutation of an article's text."""
    rnd = random.Random(seed)
    for _ in range(rounds):
        at = rnd.randrange(len(text) + 1)
        how = rnd.random()
        if how < 0.35:  # a run of one special piece
            text = text[:at] + rnd.choice(PIECES) * rnd.choice((1, 3, 40, 400)) + text[at:]
        elif how < 0.6:  # a mix of pieces
            mix = "".join(rnd.choice(PIECES) for _ in range(rnd.randrange(1, 200)))
            text = text[:at] + mix + text[at:]
        elif how < 0.8:  # a slice repeated
            end = min(len(text), at + rnd.randrange(1, 200))
            text = text[:at] + text[at:end] * rnd.randrange(2, 30) + text[end:]
        else:  # a slice cut
            end = min(len(text), at + rnd.randrange(1, 400))
            text = text[:at] + text[end:]
    return text


@cache
def linter() -> Linter:
    built = Linter.from_styles([KB])
    built.budget = GUARD  # the hang guard decides; a busy machine must not fail a rule
    return built


def check(text: str) -> None:
    """Parse, lint and render one text; raise on any failure."""
    article = parse_article(text, "kb/mutated.md")
    len(article.sentences)
    failed = [d.message for d in linter().lint(article) if d.rule == "kbeditor.RuleFailed"]
    assert not failed, failed
    render_article(article)


@pytest.mark.parametrize("seed", range(48))
def test_mutated_article(seed: int) -> None:
    source = SAMPLES[seed % len(SAMPLES)].read_text(encoding="utf-8")
    with hang_guard(GUARD):
        check(mutate(source, seed))
