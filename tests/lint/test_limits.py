"""Rule budgets and the article size limit, with real rules and real articles."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kbeditor.article import parse_article
from kbeditor.lint.budget import RuleTimeout, check, rule_budget
from kbeditor.lint.engine import Linter
from kbeditor.lint.limits import MAX_LINT_CHARS

KB = Path(__file__).resolve().parents[2] / "lint_rules" / "KB"
TEXT = "---\ntitle: Reset\n---\n# Reset\n\nYou should simply restart the app.\n"


def test_an_article_over_the_limit_gets_one_notice_and_no_rule_runs() -> None:
    linter = Linter.from_styles([KB])
    assert [d.rule for d in linter.lint(parse_article(TEXT))]  # rules run below the limit
    big = TEXT + "Restart the app simply.\n" * (MAX_LINT_CHARS // 24 + 1)
    found = linter.lint(parse_article(big))
    assert [d.rule for d in found] == ["kbeditor.TooLarge"]
    assert f"{MAX_LINT_CHARS:,}" in found[0].message and "still open" in found[0].message
    assert found[0].line == 4  # where the body starts


def test_front_matter_problems_are_still_reported_over_the_limit() -> None:
    linter = Linter.from_styles([KB], min_level="suggestion")
    linter.max_chars = 100
    found = linter.lint(parse_article("---\nupdated: 2024-02-30\n---\n" + "Text. " * 40))
    assert {d.rule for d in found} == {"kbeditor.FrontMatter", "kbeditor.TooLarge"}


def test_a_rule_out_of_budget_is_reported_once_and_its_blocks_are_checked_again(
    tmp_path: Path,
) -> None:
    style = tmp_path / "Mine"
    style.mkdir()
    (style / "Slow.yml").write_text(
        "extends: existence\nmessage: slow\nnonword: true\nraw: ['(a|aa)+$']\n", encoding="utf-8"
    )
    linter = Linter.from_styles([style])
    linter.budget = 0.2
    article = parse_article("# T\n\n" + ("a" * 50 + "!\n\n") * 3)
    started = time.monotonic()
    result = linter.check(article)
    assert time.monotonic() - started < 10  # one budget for the rule, not one per block
    assert [d.rule for d in result] == ["kbeditor.RuleFailed"]
    assert "Mine.Slow" in result.diagnostics[0].message
    assert not result.blocks  # nothing cached from a rule that did not finish
    again = linter.relint(article, result)
    assert [d.rule for d in again] == ["kbeditor.RuleFailed"]


def test_budget_check_raises_only_inside_a_spent_budget() -> None:
    check()  # no budget: never raises
    with rule_budget(0.0), pytest.raises(RuleTimeout):
        check()
    with rule_budget(None):
        check()


def test_only_the_audited_bundled_style_runs_without_the_budget(tmp_path):
    """The house style's patterns are audited (test_pattern_audit) and run on plain ``re``;
    a workspace's own style gets the budgeted matcher, so its runaway pattern cannot hang."""
    import re

    from kbeditor.bundled import LINT_RULES
    from kbeditor.lint.budget import TimedPattern
    from kbeditor.lint.rules import load_style

    bundled = {r.id: r for r in load_style(LINT_RULES / "KB").rules}
    assert isinstance(bundled["KB.TemplateText"].check.pattern, re.Pattern)
    style = tmp_path / "House"
    style.mkdir()
    (style / "Runaway.yml").write_text(
        "extends: existence\nmessage: 'x'\nlevel: warning\ntokens:\n  - '(a+)+$'\n",
        encoding="utf-8",
    )
    (rule,) = load_style(style).rules
    assert isinstance(rule.check.pattern, TimedPattern)
