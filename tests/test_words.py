"""One definition of a word: the article's count, the sentence rules and search shingles agree."""

from __future__ import annotations

from pathlib import Path

from kbeditor.article import load_article
from kbeditor.search.shingles import fold, sentence_words
from kbeditor.words import count_words, words

TEXT = "Don't reset the Wi-Fi adapter; v2.1 of Outlook's add-in (KB5031455) works — see docs.\n"


def test_a_prose_word_keeps_its_inner_punctuation_and_drops_the_outer():
    assert words(TEXT) == [
        "Don't",
        "reset",
        "the",
        "Wi-Fi",
        "adapter",
        "v2.1",
        "of",
        "Outlook's",
        "add-in",
        "KB5031455",
        "works",
        "see",
        "docs",
    ]
    assert count_words(TEXT) == 13


def test_article_counts_and_search_shingles_read_the_same_words(sample_kb: Path):
    for path in sorted(sample_kb.rglob("*.md")):
        article = load_article(path)
        assert article.words() == words(article.mask, article.body_start)
        assert article.counts()["words"] == count_words(article.mask[article.body_start :])
        for s in article.sentences:
            sentence = article.mask[s.start : s.end]
            assert sentence_words(sentence) == [fold(w) for w in words(sentence)], path.name
