"""Rule fields of the reading-grade kinds (``kb_sentence_readability``, ``kb_article_grade``).

Both kinds read a formula name and numbers by audience the same way; they keep
that here so that neither kind imports the other.
"""

from __future__ import annotations

from kbeditor.frontmatter import AUDIENCES
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.textstats import FORMULAS


def audience_numbers(rule: RuleContext, spec: dict, field: str) -> dict[str, float]:
    """A mapping of audience to a number, checked."""
    value = spec.get(field) or {}
    out: dict[str, float] = {}
    for key, number in value.items():
        if key not in AUDIENCES:
            raise rule.error(field, f"'{key}' is not an audience ({', '.join(AUDIENCES)})")
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise rule.error(field, f"the value for '{key}' must be a number")
        out[key] = float(number)
    return out


def formula_name(rule: RuleContext, spec: dict) -> str:
    """The rule's ``formula`` (a textstat grade function), checked; Flesch-Kincaid by default."""
    name = spec.get("formula", "flesch_kincaid_grade")
    if name not in FORMULAS:
        raise rule.error("formula", f"'{name}' is not one of {', '.join(FORMULAS)}")
    return name
