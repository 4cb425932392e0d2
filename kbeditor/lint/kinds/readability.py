"""``readability``: the mean grade of the chosen formulas must not exceed ``grade``.

Vale's fields: ``metrics`` (any of Flesch-Kincaid, Gunning Fog, Coleman-Liau,
SMOG, Automated Readability) and ``grade``. The message's ``%s`` is the mean
grade (two decimals). Counts come from :func:`kbeditor.lint.textstats.scope_stats`, cached
per sentence, so a relint recounts only edited sentences. The alert sits on
the first line of the scope (the grade belongs to the whole text).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges
from kbeditor.lint.textstats import METRICS, scope_stats

KIND = "readability"
DEFAULT_SCOPE = "summary"  # as Vale: prose without headings
FIELDS = {"metrics": list, "grade": (int, float)}
REQUIRED = ("metrics", "grade")


def compile(spec: dict, rule: RuleContext) -> ReadabilityCheck:
    metrics = spec["metrics"]
    for m in metrics:
        if m not in METRICS:
            raise rule.error("metrics", f"unknown metric '{m}' (use {', '.join(METRICS)})")
    return ReadabilityCheck(tuple(metrics), float(spec["grade"]))


@dataclass(slots=True)
class ReadabilityCheck:
    metrics: tuple[str, ...]
    grade: float
    local: bool = False

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        stats = scope_stats(ctx, ranges)
        if stats.words < 1:
            return
        score = stats.mean_grade(self.metrics)
        if score > self.grade:
            s, e = ranges[0]
            nl = ranges.source.find("\n", s, e)
            yield Match(s, e if nl < 0 else nl, (f"{score:.2f}",))
