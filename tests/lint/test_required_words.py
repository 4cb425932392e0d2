"""A branch of a phrase rule is tried only in articles that hold the words it needs.

:mod:`kbeditor.lint.required_words` reads those words off a branch's parse
tree; the gate (:class:`kbeditor.lint.prefilter.BranchGate`) skips a branch
whose needed words an article lacks. These tests check the words read on
small patterns, that every match of every bundled branch holds them on real
articles, and that a skipped branch changes no match.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from kbeditor.article import load_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.matching import CompiledPattern
from kbeditor.lint.prefilter import WordIndex, branch_gate, candidate_matches, word_keys
from kbeditor.lint.required_words import required_words
from kbeditor.lint.settings import BUNDLED_STYLES

try:
    from re import _parser as _P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_parse as _P


def needs(pattern: str) -> list[set[str]]:
    return [set(n) for n in required_words(_P.parse(pattern, re.IGNORECASE))]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # from each run of literal text, the longest word of each spelling
        (r"\bthe (?:wrong|incorrect) file\b", [{"wrong", "incorrect"}]),
        (r"\byou (?:have|'ve|had) lost\b", [{"have", "lost"}]),
        (r"\bYOU’VE BEEN TOLD\b", [{"been"}]),
        (r"\bforgot to (?:save|back up)\b", [{"forgot"}]),
        (r"\bforgot to \w+ (?:save|back up)\b", [{"forgot"}, {"save", "back"}]),
        # a word that may go on ("passwords"), or starts after a class of letters: not claimed
        (r"\bpassword\w*", []),
        (r"\w+ed by", []),
        (r"\b(?:a|an)\b", [{"a", "an"}]),
        # optional parts need nothing; a group repeated at least once needs its words
        (r"\b(?:really )?sure\b", [{"really", "sure"}]),
        (r"(?:\bvery\b )+", [{"very"}]),
        # one word of either branch
        (r"(?:\bnever (?:mind|again)\b|\bforgot \w+)", [{"forgot", "never"}]),
        (r"\bé(?:tudes)\b", []),  # a non-ASCII letter goes on a word: no claim about it
    ],
)
def test_the_words_a_pattern_needs(pattern, expected):
    assert sorted(map(sorted, needs(pattern))) == sorted(map(sorted, expected))


@pytest.fixture(scope="module")
def gated() -> list[tuple[str, re.Pattern[str]]]:
    linter = Linter.from_styles([BUNDLED_STYLES / "KB"])
    out = []
    for rule in linter.view_rules:
        for f in dataclasses.fields(rule.check):
            value = getattr(rule.check, f.name, None)
            if isinstance(value, CompiledPattern) and branch_gate(value.regex) is not None:
                out.append((rule.id, value.regex))
    return out


def test_every_match_of_a_branch_holds_the_words_it_needs(gated, sample_kb, corpus_if_present):
    paths = sorted(sample_kb.rglob("*.md")) + corpus_if_present[:60]
    texts = [load_article(p).mask for p in paths]
    checked = 0
    for rid, pattern in gated:
        gate = branch_gate(pattern)
        assert gate is not None
        for i, branch_needs in enumerate(gate._needs):
            branch = gate._branch(i)
            for text in texts:
                for m in branch.finditer(text):
                    words = WordIndex(m.group(), [(0, len(m.group()))]).by_word
                    for need in branch_needs:
                        assert need & words.keys(), (rid, m.group(), need)
                        checked += 1
    assert checked > 0


def test_a_branch_without_its_words_is_not_tried_and_nothing_changes(gated):
    text = (
        "If you deleted the report by mistake, restore it. You must have muted the device. "
        "Obviously you should have read the email. The user typed it wrong."
    )
    index = WordIndex(text, [(0, len(text))])
    for _, pattern in gated:
        gate = branch_gate(pattern)
        keys = word_keys(pattern)
        assert gate is not None and keys is not None
        live = gate.live(index.by_word)
        assert len(live.keys.words) <= len(keys.words)
        fast = [m.span() for m in candidate_matches(pattern, text, index, keys)]
        assert fast == [m.span() for m in pattern.finditer(text)]
    blame = dict(gated)["KB.Blame"]
    gate = branch_gate(blame)
    assert gate is not None
    assert len(gate.live(index.by_word)._alive) < len(gate._needs)  # some branches skipped
