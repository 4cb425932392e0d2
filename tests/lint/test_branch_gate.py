"""A long alternation tried branch by branch finds exactly what the whole pattern finds.

The phrase rules' patterns are alternations of dozens of templates; the
prefilter tries at each candidate word only the branches that can start with
it (:class:`kbeditor.lint.prefilter.BranchGate`). These tests compare that
with a plain ``finditer`` over real articles, and check the splitting of a
pattern into its branches on the shapes that must not be split.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from kbeditor.article import load_article, parse_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.matching import CompiledPattern
from kbeditor.lint.prefilter import (
    WordIndex,
    _split_alternation,
    branch_gate,
    candidate_matches,
    whole_keys,
    word_keys,
)
from kbeditor.lint.settings import BUNDLED_STYLES


@pytest.fixture(scope="module")
def gated() -> list[tuple[str, re.Pattern[str]]]:
    """The bundled rules' patterns that get a branch gate."""
    linter = Linter.from_styles([BUNDLED_STYLES / "KB"])
    out = []
    for rule in linter.view_rules:
        for f in dataclasses.fields(rule.check):
            value = getattr(rule.check, f.name, None)
            if isinstance(value, CompiledPattern) and branch_gate(value.regex) is not None:
                out.append((rule.id, value.regex))
    return out


def test_the_tone_rules_are_tried_branch_by_branch(gated):
    ids = {rid for rid, _ in gated}
    assert {"KB.Blame", "KB.Irritation", "KB.Condescension", "KB.Dismissal"} <= ids


def test_a_gates_keys_are_those_of_the_whole_pattern(gated):
    """word_keys takes a gated pattern's keys from its branches, not a parse of the whole."""
    for rid, pattern in gated:
        assert word_keys(pattern) == whole_keys(pattern), rid


def test_gated_matches_equal_a_full_scan(gated, sample_kb, corpus_if_present):
    paths = sorted(sample_kb.rglob("*.md")) + corpus_if_present[:80]
    found = 0
    for path in paths:
        mask = load_article(path).mask
        index = WordIndex(mask, [(0, len(mask))])
        for rid, pattern in gated:
            keys = word_keys(pattern)
            assert keys is not None
            fast = [m.span() for m in candidate_matches(pattern, mask, index, keys)]
            slow = [m.span() for m in pattern.finditer(mask)]
            assert fast == slow, (rid, path.name)
            found += len(slow)
    assert found > 0  # the comparison saw matches, not only misses


def test_a_gate_keeps_the_first_branch_that_matches():
    pattern = re.compile(
        r"\b(?:the (?:laptop|phone)|the laptop again|you (?:forgot|missed) \w+"
        r"|(?:users?|staff) (?:forgot|missed)|please (?:just )?restart|never (?:mind|again)"
        r"|simply \w+|obviously \w+)\b",
        re.IGNORECASE,
    )
    gate = branch_gate(pattern)
    assert gate is not None
    assert len(gate.for_word("the")) == 2 and gate.for_word("laptop") == ()
    text = "Restart the laptop again. You forgot it, staff missed it; simply restart."
    index = WordIndex(text, [(0, len(text))])
    keys = word_keys(pattern)
    assert keys is not None
    fast = [m.group() for m in candidate_matches(pattern, text, index, keys)]
    assert fast == [m.group() for m in pattern.finditer(text)]
    assert fast == ["the laptop", "You forgot it", "staff missed", "simply restart"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"(?=[ab])\b(?:a[)|]x|b(?:c|d)|e\|f)(?![\w])", ["a[)|]x", "b(?:c|d)", r"e\|f"]),
        (r"x[]|]y(?:a|b)", ["a", "b"]),  # a ] first in a class is a member, not its end
        (r"(?:a|b)+", None),  # repeated: later rounds may take any branch
        (r"(?:a|b)|c", None),  # an alternation outside the group
        (r"abc", None),
    ],
)
def test_splitting_a_pattern_into_branches(source, expected):
    split = _split_alternation(source)
    assert (split[1] if split else None) == expected
    if split:
        head, branches, tail = split
        assert head + "|".join(branches) + tail == source


def test_patterns_with_back_references_get_no_gate():
    branches = "|".join(f"w{i}(x)" for i in range(10))
    assert branch_gate(re.compile(rf"\b(?:{branches})\1")) is None


def test_branches_that_start_before_a_word_or_at_a_digit_are_gated_too():
    branches = [f"\\bnever{i} \\w+" for i in range(8)]
    pattern = re.compile(
        r"(?:'s not (?:hard|easy)|\d+(?:st|nd|rd|th) time|\bthe (?:third|last) time|"
        + "|".join(branches)
        + r"|\byou’ve (?:missed|lost) it)\b",
        re.IGNORECASE,
    )
    gate = branch_gate(pattern)
    keys = word_keys(pattern)
    assert gate is not None and keys is not None
    assert keys.digits and "s" in keys.after_words and "you" in keys.words
    text = "It's not hard. For the 3rd time, you’ve missed it; the last time it's not easy."
    index = WordIndex(text, [(0, len(text))])
    fast = [m.group() for m in candidate_matches(pattern, text, index, keys)]
    assert fast == [m.group() for m in pattern.finditer(text)]
    assert fast == ["'s not hard", "3rd time", "you’ve missed it", "the last time", "'s not easy"]


def test_a_workspace_copy_of_the_style_is_gated_within_its_budget_and_finds_the_same(
    tmp_path, sample_kb
):
    """A team that copies the house style into its workspace gets the same alerts.

    A style that is not bundled runs its patterns within a time budget (the
    ``regex`` module, see kbeditor.lint.budget); its long alternations keep their
    branch gate, and each branch runs within the same budget.
    """
    import shutil

    from kbeditor.lint.budget import TimedPattern

    shutil.copytree(BUNDLED_STYLES / "KB", tmp_path / "KB")
    copy = Linter.from_styles([tmp_path / "KB"])
    blame = next(r for r in copy.view_rules if r.id == "KB.Blame")
    patterns = [v.regex for v in vars_of(blame.check) if isinstance(v, CompiledPattern)]
    gates = [branch_gate(p) for p in patterns if isinstance(p, TimedPattern)]
    assert gates and all(g is not None for g in gates)
    assert all(isinstance(b, TimedPattern) for g in gates for b in g.for_word("you"))
    bundled = Linter.from_styles([BUNDLED_STYLES / "KB"])
    for path in sorted(sample_kb.rglob("*.md")):
        article = load_article(path)
        mine = [(d.rule, d.line, d.column, d.message) for d in copy.lint(article)]
        theirs = [(d.rule, d.line, d.column, d.message) for d in bundled.lint(article)]
        assert mine == theirs, path.name


def vars_of(check: object) -> list[object]:
    return [getattr(check, f.name, None) for f in dataclasses.fields(check)]  # type: ignore[arg-type]


def test_templates_tried_on_their_own_run_on_re_for_the_bundled_style_and_budgeted_for_a_copy(
    tmp_path,
):
    """After the lexicon rejects a match, each template is tried on its own (match_any).

    Those single templates are built on first use, during a lint; for the bundled style
    they run on ``re`` like the style's other patterns (the style is audited), and for a
    workspace's copy of it within the rule's budget. Both find the same alert.
    """
    import shutil

    from kbeditor.lint.budget import TimedPattern

    text = (
        "---\ntitle: Mail\ntype: troubleshooting\naudience: end-user\n---\n\n"
        "# Mail stopped\n\nSince you began editing, the file changed. The data went missing "
        "after you emptied the bin.\n"
    )
    shutil.copytree(BUNDLED_STYLES / "KB", tmp_path / "KB")
    found = {}
    for name, linter in (
        ("bundled", Linter.from_styles([BUNDLED_STYLES / "KB"])),
        ("copy", Linter.from_styles([tmp_path / "KB"])),
    ):
        blame = next(r for r in linter.view_rules if r.id == "KB.Blame")
        alerts = [d.match for d in linter.lint(parse_article(text)) if d.rule == "KB.Blame"]
        singles = blame.check.patterns._singles
        assert singles, "the lexicon rejected 'you began' and the templates were tried one by one"
        timed = {isinstance(s.pattern, TimedPattern) for s in singles}
        assert timed == ({False} if name == "bundled" else {True})
        found[name] = alerts
    assert found["bundled"] == found["copy"] == ["went missing after you emptied"]
