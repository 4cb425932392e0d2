"""``metric``: evaluate a formula of document counts and alert when ``condition`` holds.

Vale's variables: words, sentences, characters, syllables, complex_words,
long_words, polysyllabic_words, paragraphs, pre (code blocks), list (lists),
blockquote, heading.h1 .. heading.h6. ``formula`` uses + - * / ** and
parentheses; ``condition`` is a comparison such as ``"> 8.0"``. The message's
``%s`` is the formula's value (two decimals). A formula that divides by zero
(an empty document) raises no alert.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor import blocks as B
from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges
from kbeditor.lint.textstats import scope_stats

KIND = "metric"
DEFAULT_SCOPE = "summary"  # as Vale: prose without headings
FIELDS = {"formula": str, "condition": str}
REQUIRED = ("formula", "condition")

VARIABLES = (
    "words sentences characters syllables complex_words long_words polysyllabic_words "
    "paragraphs pre list blockquote heading_h1 heading_h2 heading_h3 heading_h4 heading_h5 heading_h6"
).split()
_CONDITION = re.compile(r"^\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")
_COMPARE = {
    ">": operator.gt,
    "<": operator.lt,
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.Mod: operator.mod,
}


def compile(spec: dict, rule: RuleContext) -> MetricCheck:
    source = re.sub(r"heading\.(h[1-6])", r"heading_\1", spec["formula"].strip())
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError:
        raise rule.error("formula", f"not a formula: {spec['formula'].strip()!r}") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise rule.error(
                "formula",
                f"only numbers, variables, + - * / ** and parentheses are allowed, not {node.value!r}",
            )
        if isinstance(node, ast.Name) and node.id not in VARIABLES:
            raise rule.error(
                "formula", f"unknown variable '{node.id}' (known: {', '.join(VARIABLES)})"
            )
        if not isinstance(
            node,
            (
                ast.Name,
                ast.Constant,
                ast.BinOp,
                ast.UnaryOp,
                ast.Load,
                ast.USub,
                ast.UAdd,
                *_BINARY,
            ),
        ):
            raise rule.error(
                "formula",
                f"only numbers, variables, + - * / ** and parentheses are allowed, not {type(node).__name__}",
            )
    m = _CONDITION.match(spec["condition"])
    if not m:
        raise rule.error(
            "condition", f"must be a comparison such as '> 8.0', not {spec['condition']!r}"
        )
    return MetricCheck(tree, m.group(1), float(m.group(2)))


@dataclass(slots=True)
class MetricCheck:
    formula: ast.expr
    op: str
    limit: float
    local: bool = False

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        values = variables(ctx, ranges)
        try:
            value = _eval(self.formula, values)
        except (ZeroDivisionError, OverflowError):
            return
        if _COMPARE[self.op](value, self.limit):
            s, e = ranges[0]
            nl = ranges.source.find("\n", s, e)
            yield Match(s, e if nl < 0 else nl, (f"{value:.2f}",))


def variables(ctx: LintContext, ranges: Ranges) -> dict[str, float]:
    stats = scope_stats(ctx, ranges)
    blocks = ctx.article.blocks
    values: dict[str, float] = {
        "words": stats.words,
        "sentences": stats.sentences,
        "characters": stats.characters,
        "syllables": stats.syllables,
        "complex_words": stats.complex_words,
        "long_words": stats.long_words,
        "polysyllabic_words": stats.polysyllabic_words,
        "paragraphs": sum(1 for b in blocks if b.kind == B.PARAGRAPH),
        "pre": sum(1 for b in blocks if b.is_code),
        "blockquote": len(ctx.article.containers),
        "list": _lists(blocks),
    }
    for level in range(1, 7):
        values[f"heading_h{level}"] = sum(
            1 for b in blocks if b.kind == B.HEADING and b.level == level
        )
    return values


def _lists(blocks: list[B.Block]) -> int:
    count = 0
    previous = None
    for b in blocks:
        if (
            b.kind == B.LIST_ITEM
            and b.depth == 1
            and (previous is None or previous.kind != B.LIST_ITEM)
        ):
            count += 1
        previous = b
    return count


def _eval(node: ast.expr, values: dict[str, float]) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.Name):
        return float(values[node.id])
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, values)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp):
        return float(_BINARY[type(node.op)](_eval(node.left, values), _eval(node.right, values)))
    raise ValueError(type(node).__name__)
