"""Vale's built-in rules: the vocabulary rules, and the ``Vale`` style's own two.

- ``Vale.Avoid`` (error): a term from ``reject.txt`` (or ``[lint] reject``) is used.
- ``Vale.Terms`` (error): an accepted term is written with other capitalisation
  ("Github" for "GitHub"); only for plain-word entries, as a regex entry has no one spelling.
- ``Vale.Spelling`` (error, "Did you really mean '%s'?"): the ``spelling`` kind
  with the bundled English dictionary, every dictionary in
  ``<StylesPath>/config/dictionaries``, the word lists in
  ``<StylesPath>/config/ignore`` and the accepted vocabulary.
- ``Vale.Repetition`` (error, "'%s' is repeated!"): a word written twice in a row.

As in Vale, the last two run only when the configuration asks for the ``Vale``
style (``BasedOnStyles = Vale`` or a ``Vale.Rule`` setting).
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


def vale_style_rules(
    settings: LintSettings | None, errors: list[RuleError] | None = None
) -> list[Rule]:
    """``Vale.Spelling`` and ``Vale.Repetition`` when the configuration uses the Vale style."""
    errors = errors if errors is not None else []
    if settings is None or not _wants_vale(settings):
        return []
    source = settings.source
    styles = settings.styles_paths[0] if settings.styles_paths else None
    repetition = {
        "extends": "repetition",
        "message": "'%s' is repeated!",
        "level": "error",
        "alpha": True,
        "tokens": [r"[^\s]+"],
        "action": {"name": "edit", "params": ["truncate", " "]},
    }
    spelling: dict = {
        "extends": "spelling",
        "message": "Did you really mean '%s'?",
        "level": "error",
    }
    if styles is not None:
        spelling["_styles_path"] = str(styles)
        if (styles / "config" / "dictionaries").is_dir():
            spelling["_load_all"] = [str(styles / "config" / "dictionaries")]
        ignore = styles / "config" / "ignore"
        if ignore.is_dir():
            spelling["ignore"] = sorted(str(p) for p in ignore.iterdir() if p.is_file())
    rules = [
        *_make(repetition, "Vale.Repetition", source, errors),
        *_make(spelling, "Vale.Spelling", source, errors),
    ]
    if "Vale" in settings.styles:
        return rules
    return [r for r in rules if settings.rules.get(r.id, "off") != "off"]  # 'Vale.Spelling = YES'


def _wants_vale(settings: LintSettings) -> bool:
    if "Vale" in settings.styles:
        return True
    return any(k.startswith("Vale.") and v != "off" for k, v in settings.rules.items())


def _make(spec: dict, rule_id: str, source, errors: list[RuleError]) -> list[Rule]:  # type: ignore[no-untyped-def]
    try:
        return [parse_rule(yaml.safe_dump(spec, allow_unicode=True), rule_id, source)]
    except RuleError as exc:
        errors.append(RuleError(f"vocabulary for {rule_id}: {exc.message}", source))
        return []
