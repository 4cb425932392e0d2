"""``kb_article_grade``: the whole article's reading grade against its audience's target.

``target`` maps audiences to the highest grade wanted (end-user 8, it-staff
11, developer 12 in the KB style); ``formula`` is a textstat function
(default Flesch-Kincaid); articles with fewer than ``min_words`` prose words
are not graded (a grade means little on a few lines). Reported once, at the
first heading; the message's ``%s`` are the grade, the target and the audience.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kbeditor.lint.context import LintContext, Match
from kbeditor.lint.kinds.kb_outline import anchor
from kbeditor.lint.kinds.kb_sentence_readability import audience_numbers, formula_name
from kbeditor.lint.rules import RuleContext
from kbeditor.lint.scope import Ranges
from kbeditor.lint.textstats import grade

KIND = "kb_article_grade"
FIELDS = {"formula": str, "target": dict, "min_words": int}
REQUIRED = ("target",)


def compile(spec: dict, rule: RuleContext) -> ArticleGradeCheck:
    return ArticleGradeCheck(
        formula=formula_name(rule, spec),
        target=audience_numbers(rule, spec, "target"),
        min_words=int(spec.get("min_words", 100)),
    )


@dataclass(slots=True)
class ArticleGradeCheck:
    formula: str
    target: dict[str, float]
    min_words: int
    local: bool = False
    _pieces: dict[str, tuple[str, int]] = field(default_factory=dict, repr=False, compare=False)

    def run(self, ctx: LintContext, ranges: Ranges) -> Iterator[Match]:
        target = self.target.get(ctx.audience)
        if target is None:
            return
        article = ctx.article
        # Graded as the sentences joined by spaces; per-sentence counts are cached and summed.
        cache = self._pieces
        if len(cache) >= 100_000:
            cache.clear()
        mask = article.mask
        pieces: list[str] = []
        words = 0
        for s in article.sentences:
            raw = mask[s.start : s.end]
            found = cache.get(raw)
            if found is None:
                piece = " ".join(raw.split())
                found = cache[raw] = (piece, piece.count(" ") + 1 if piece else 0)
            pieces.append(found[0])
            words += found[1]
        if words < self.min_words:
            return
        if self.formula == "flesch_kincaid_grade":
            # A full stop added at the end changes none of textstat's counts, so the
            # sentences' own counts (shared with the sentence rules) add up to the grade.
            score = grade(self.formula, pieces)
        else:
            score = grade(self.formula, [_closed(p) for p in pieces])
        if score > target:
            s, e = anchor(article)
            yield Match(s, e, (f"{score:.1f}", f"{target:g}", ctx.audience))


def _closed(sentence: str) -> str:
    """A sentence with one full stop at the end, so list items without one still count as sentences."""
    words = " ".join(sentence.split())
    return words if words[-1:] in ".!?" else words + "."
