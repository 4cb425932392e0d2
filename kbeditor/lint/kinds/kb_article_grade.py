"""``kb_article_grade``: the whole article's reading grade against its audience's target.

``target`` maps audiences to the grade wanted (end-user 8, it-staff 11,
developer 12 in the KB style); ``tolerance`` (default 0) is how far above the
target a grade may go before the rule alerts, so "about 11" is met by 11.6;
``formula`` is a textstat function (default Flesch-Kincaid); articles with
fewer than ``min_words`` prose words are not graded (a grade means little on a
few lines). Reported once, at the first heading; the message's ``%s`` are the
grade, the target, the audience and the tolerance.

The grade and the decision are :mod:`kbeditor.readability_summary`'s, the
same the editor's status bar and readability panel show.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.grades import audience_numbers, formula_name
from kbeditor.lint.outline import anchor
from kbeditor.lint.rules import RuleContext
from kbeditor.readability_summary import (
    GradeTarget,
    article_grade,
    format_grade,
    format_target,
)

KIND = "kb_article_grade"
DOCUMENT = True
FIELDS = {"formula": str, "target": dict, "min_words": int, "tolerance": (int, float)}
REQUIRED = ("target",)


def compile(spec: dict, rule: RuleContext) -> ArticleGradeCheck:
    tolerance = spec.get("tolerance", 0)
    if isinstance(tolerance, bool) or tolerance < 0:
        raise rule.error("tolerance", "must be a number of grades, 0 or more")
    return ArticleGradeCheck(
        formula=formula_name(rule, spec),
        target=audience_numbers(rule, spec, "target"),
        min_words=int(spec.get("min_words", 100)),
        tolerance=float(tolerance),
    )


@dataclass(slots=True)
class ArticleGradeCheck:
    formula: str
    target: dict[str, float]
    min_words: int
    tolerance: float = 0.0

    def run(self, ctx: LintContext) -> Iterator[Match]:
        wanted = self.target.get(ctx.audience)
        if wanted is None:
            return
        goal = GradeTarget("", ctx.audience, wanted, self.tolerance, self.min_words, self.formula)
        graded = article_grade(ctx.article, self.formula)
        if goal.exceeded_by(graded):
            s, e = anchor(ctx.article)
            yield Match(
                s,
                e,
                (
                    format_grade(graded.grade),
                    format_target(wanted),
                    ctx.audience,
                    format_target(self.tolerance),
                ),
            )
