"""Vale's built-in vocabulary rules, made from the workspace vocabulary.

- ``Vale.Avoid`` (error): a term from ``reject.txt`` (or ``[lint] reject``) is used.
- ``Vale.Terms`` (error): an accepted term is written with other capitalisation
  ("Github" for "GitHub"); only for plain-word entries, as a regex entry has no one spelling.
"""

from __future__ import annotations

import re

import yaml

from kbeditor.lint.context import Vocabulary
from kbeditor.lint.rules import Rule, RuleError, parse_rule
from kbeditor.lint.settings import LintSettings

_PLAIN = re.compile(r"^[\w][\w .'’&+-]*$")


def vocab_rules(
    vocab: Vocabulary, settings: LintSettings | None = None, errors: list[RuleError] | None = None
) -> list[Rule]:
    """The Vale.Avoid / Vale.Terms rules for a vocabulary; bad entries are added to ``errors``."""
    rules: list[Rule] = []
    errors = errors if errors is not None else []
    source = settings.source if settings else None
    if vocab.reject:
        spec = {
            "extends": "existence",
            "message": "Avoid using '%s'.",
            "description": "The team's vocabulary lists this term as one not to use.",
            "level": "error",
            "ignorecase": False,
            "vocab": False,
            "tokens": list(vocab.reject),
        }
        rules.extend(_make(spec, "Vale.Avoid", source, errors))
    plain = [t for t in vocab.accept if _PLAIN.match(t) and t.lower() != t]
    if plain:
        spec = {
            "extends": "substitution",
            "message": "Use '%s' instead of '%s'.",
            "description": "The team's vocabulary spells this term one way.",
            "level": "error",
            "ignorecase": True,
            "vocab": False,
            "safe": True,
            "swap": {re.escape(t): t for t in plain},
        }
        rules.extend(_make(spec, "Vale.Terms", source, errors))
    return rules


def _make(spec: dict, rule_id: str, source, errors: list[RuleError]) -> list[Rule]:  # type: ignore[no-untyped-def]
    try:
        return [parse_rule(yaml.safe_dump(spec, allow_unicode=True), rule_id, source)]
    except RuleError as exc:
        errors.append(RuleError(f"vocabulary for {rule_id}: {exc.message}", source))
        return []
