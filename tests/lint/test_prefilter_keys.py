"""Every bundled rule whose pattern starts from literal words keeps its prefilter keys.

A rule's pattern without keys is tried at every position of the text instead
of only where one of its first words starts: nothing breaks, the lint just
gets several times slower. An edit to a rule's YAML (a leading word slot, an
apostrophe after the first word, ``$`` next to ``\\s*``) can lose the keys
without any other test noticing, so this test names the rule that lost them.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from kbeditor.lint.engine import Linter
from kbeditor.lint.matching import CompiledPattern
from kbeditor.lint.prefilter import word_keys
from kbeditor.lint.settings import BUNDLED_STYLES

# A literal word of three letters or more, not part of an escape such as \b or \w.
_LITERAL_WORD = re.compile(r"(?<![\\\w])[A-Za-z]{3,}")


def _compiled_patterns(check: object) -> list[tuple[str, CompiledPattern]]:
    """The compiled patterns a check searches with, by field name."""
    if not dataclasses.is_dataclass(check):
        return []
    out = []
    for f in dataclasses.fields(check):
        value = getattr(check, f.name, None)
        if isinstance(value, CompiledPattern):
            out.append((f.name, value))
    return out


@pytest.fixture(scope="module")
def bundled() -> list[tuple[str, str, CompiledPattern]]:
    """(rule id, field, pattern) of every bundled style, rules that ship off included."""
    out = []
    for style in sorted(p for p in BUNDLED_STYLES.iterdir() if p.is_dir()):
        linter = Linter.from_styles([style])
        for rule in linter.view_rules:
            out += [(rule.id, name, p) for name, p in _compiled_patterns(rule.check)]
    return out


def test_the_tone_and_word_list_rules_are_among_those_checked(bundled):
    ids = {rid for rid, _, _ in bundled}
    assert {"KB.Blame", "KB.Dismissal", "KB.CannedAdvice", "KB.PlainWords"} <= ids


def test_every_bundled_pattern_with_a_literal_word_has_prefilter_keys(bundled):
    lost = [
        f"{rid} ({name}): {p.pattern[:80]}"
        for rid, name, p in bundled
        if _LITERAL_WORD.search(p.pattern) and p.keys is None
    ]
    assert lost == [], "patterns tried at every position:\n" + "\n".join(lost)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b\w+ must have (?:deleted|muted)\b",  # a leading word slot
        r"(?:you|they)\b.*?\bforgot\b|\S+ forgot",  # one branch may start anywhere
    ],
)
def test_a_pattern_that_can_start_anywhere_would_be_reported(pattern):
    compiled = CompiledPattern.of(re.compile(pattern, re.IGNORECASE))
    assert _LITERAL_WORD.search(compiled.pattern)
    assert compiled.keys is None
    assert word_keys(re.compile(r"\b(?:you|they) must have (?:deleted|muted)\b")) is not None
