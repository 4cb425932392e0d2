"""Running the ``examples:`` of rules: each ``flag`` text must raise the rule, each ``pass`` text must not.

An example is a small Markdown article. When a rule only applies to some
audiences or article types and the example has no front matter, the first
listed audience and type are added, so the example exercises the rule (for a
rule with ``when_inferred``, a declared audience and type even when it has no
filter: the examples show the rule as it runs on the team's own articles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kbeditor.article import parse_article
from kbeditor.lint.context import Vocabulary
from kbeditor.lint.engine import Linter
from kbeditor.lint.rules import Rule


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: str
    expect: str  # 'flag' or 'pass'
    index: int  # 1-based within its list
    text: str
    alerts: int

    @property
    def ok(self) -> bool:
        return self.alerts > 0 if self.expect == "flag" else self.alerts == 0

    def describe(self) -> str:
        short = " ".join(self.text.split())
        short = short if len(short) <= 70 else short[:67] + "..."
        if self.expect == "flag":
            return f"{self.rule}: flag example {self.index} raised no alert: {short!r}"
        return f"{self.rule}: pass example {self.index} raised {self.alerts} alert(s): {short!r}"


def with_front_matter(rule: Rule, text: str) -> str:
    if text.lstrip().startswith("---") or not (rule.audiences or rule.types or rule.when_inferred):
        return text
    lines = ["---", "title: Example"]
    if rule.audiences or rule.when_inferred:  # declared, so when_inferred does not apply
        lines.append(f"audience: {rule.audiences[0] if rule.audiences else 'end-user'}")
    if rule.types or rule.when_inferred:
        lines.append(f"type: {rule.types[0] if rule.types else 'troubleshooting'}")
    return "\n".join([*lines, "---", "", text])


def run_examples(rules: Sequence[Rule], vocab: Vocabulary | None = None) -> list[ExampleResult]:
    """The outcome of every example of every rule (rules without examples are skipped)."""
    results: list[ExampleResult] = []
    for rule in rules:
        if not rule.examples:
            continue
        linter = Linter([rule.with_level(rule.level)], vocab=vocab)
        for expect, texts in (("flag", rule.examples.flag), ("pass", rule.examples.passing)):
            for i, text in enumerate(texts, 1):
                article = parse_article(with_front_matter(rule, text))
                alerts = sum(1 for d in linter.lint(article) if d.rule == rule.id)
                results.append(ExampleResult(rule.id, expect, i, text, alerts))
    return results
