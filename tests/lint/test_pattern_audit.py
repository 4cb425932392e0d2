"""Every bundled rule on adversarial text: no backtracking blow-up, no failure.

Each rule of the house style runs alone over articles made of the inputs that
make regular expressions backtrack (one long word, long runs of one character,
of blanks, of dots and quotes, words glued by punctuation) in every place a
rule reads: a paragraph, a heading, a step, a list. A rule must neither fail
nor run out of its budget (``kbeditor.RuleFailed``), and a hang guard (an alarm
in the main thread, which stops Python code and ``re`` alike) fails the test
instead of hanging it. The inputs are tens of kilobytes: a quadratic pattern
takes minutes on them, a linear one milliseconds.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hang_guard import hang_guard

from kbeditor.article import Article, parse_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.rules import Rule, load_style

KB = Path(__file__).resolve().parents[2] / "lint_rules" / "KB"
SIZE = 30_000
GUARD = 60  # seconds per rule: a hang guard, not a speed target
BUDGET = 30  # the rule's own budget, generous on a busy machine (RuleFailed past it)

# Runs that make a pattern try every split or every start: letters, digits, blanks,
# dots, quotes and hyphens (inside and between words), brackets, emphasis marks.
RUNS = [
    "a" * SIZE,
    "A" * SIZE,
    "0123456789abcdef" * (SIZE // 16),
    "a" + " " * SIZE + "a",
    "a" + "\t " * (SIZE // 2) + "!",
    "a." * (SIZE // 2),
    "a" + "." * SIZE,
    "a" + "'" * SIZE + "x",
    "a-" * (SIZE // 2),
    "aA" * (SIZE // 2),
    "System." * (SIZE // 7),
    "(" * SIZE,
    "[" * (SIZE // 10),
    "*_" * (SIZE // 2),
    '"' + "a " * (SIZE // 2),
    "you " * (SIZE // 4),
    "please simply just " * (SIZE // 19),
    "select, " * (SIZE // 8),
    "If " + "the app and " * (SIZE // 12),
]


def _body(run: str) -> str:
    return (
        f"# {run[:2000]}\n\n{run}\n\n## Steps\n\n1. {run}\n2. Open {run[:5000]}\n"
        f"3. Select {run}, then close it.\n\n"
        f"- {run[:5000]}\n- Select {run[:5000]}\n\n> {run[:5000]}\n\n| a | b |\n|---|---|\n"
        f"| {run[:3000]} | x |\n"
    )


@cache
def _articles(audience: str, article_type: str) -> tuple[Article, ...]:
    head = f"---\ntitle: Adversarial\naudience: {audience}\ntype: {article_type}\n---\n"
    return tuple(parse_article(head + _body(run)) for run in RUNS)


@cache
def _rules() -> dict[str, Rule]:
    return {rule.id: rule for rule in load_style(KB).rules}


def test_every_bundled_rule_file_loads() -> None:
    loaded = load_style(KB)
    assert not loaded.errors and len(loaded.rules) >= 30


@pytest.mark.parametrize("rule_id", sorted(_rules()))
def test_rule_on_adversarial_text(rule_id: str) -> None:
    rule = _rules()[rule_id]
    audience = rule.audiences[0] if rule.audiences else "end-user"
    article_type = rule.types[0] if rule.types else "troubleshooting"
    linter = Linter([rule], budget=BUDGET)
    with hang_guard(GUARD):
        for article in _articles(audience, article_type):
            failed = [d.message for d in linter.lint(article) if d.rule == "kbeditor.RuleFailed"]
            assert not failed, (rule_id, article.text[120:160], failed)
