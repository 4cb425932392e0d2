"""Fast paths added for corpus throughput give exactly the slow paths' answers.

- syllables of words missing from the pronunciation dictionary: the pruned
  pattern scan counts the same hyphenation points as Pyphen itself;
- a negated class that names the line break does not make a pattern search span by span.
"""

from __future__ import annotations

import pyphen

from kbeditor.lint.matching import crosses_lines
from kbeditor.lint.textstats import _hyphenation_points, _textstat_words, pronunciations

EDGE_WORDS = ["a", "ox", "e-mail", "don't", "0x80070005", "straße", "İstanbul", "k" * 40]


def test_hyphenation_points_equal_pyphen_for_words_outside_the_dictionary(corpus_articles):
    cmu = pronunciations()
    words = set(EDGE_WORDS)
    for path in corpus_articles[:150]:
        words.update(w.lower() for w in _textstat_words(path.read_text(encoding="utf-8")))
    missing = sorted(w for w in words if w not in cmu)
    assert len(missing) > 500  # product names, error codes, ...
    reference = pyphen.Pyphen(lang="en_US")  # textstat's settings: margins 2 and 2
    for word in missing:
        assert _hyphenation_points(reference, word) == len(reference.positions(word)), word


def test_hyphenation_points_with_other_margins():
    wide = pyphen.Pyphen(lang="en_US", left=1, right=3)
    for word in ["hyphenation", "authentication", "reconfigure", "outlook", *EDGE_WORDS]:
        assert _hyphenation_points(wide, word) == len(wide.positions(word)), word


def test_negated_class_that_stops_at_line_breaks_does_not_cross():
    assert crosses_lines(r'simply(?![^"]*")')
    assert not crosses_lines(r'simply(?![^"“”\n]*[”"])')
    assert crosses_lines(r"[^\\n]+")  # a backslash and an n, not the line break
    assert crosses_lines(r"\s+and")


def test_syllable_table_equals_textstat_dictionary_counts():
    from textstat.backend.utils import get_cmudict

    from kbeditor.lint.textstats import _syllable_table, word_syllables

    cmu = get_cmudict("en_US")
    table = _syllable_table()
    assert list(table) == list(cmu)  # the same words, in the same order
    for word, prons in cmu.items():
        assert table[word] == sum(1 for p in prons[0] if p[-1].isdigit()), word
    assert list(pronunciations()) == list(cmu)
    assert "readability" in pronunciations() and "0x80070005" not in pronunciations()
    assert pronunciations()["hello"] == cmu["hello"]
    assert word_syllables("readability") == 5  # from the dictionary
    assert word_syllables("0x80070005") >= 1  # outside it: Pyphen's patterns
