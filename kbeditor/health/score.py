"""The health score of an article and of the knowledge base: a documented formula.

In the spirit of KCS's Article Quality Index (a checklist of what makes an
article usable, scored per article and summed up per KB), each article earns
up to 100 points in six parts, each part a share of its weight:

=============  ======  ===================================================================
part           weight  full marks when
=============  ======  ===================================================================
structure      20      no finding of the structure or accessibility rules
recovery       20      no finding of the recovery, expectations or reassurance rules
findability    15      product, tags and type are set, and no link or image in it is broken
readability    15      reading grade within the audience's target (half) and no finding of
                       the readability, jargon, respect, empathy, canned-advice or style
                       rules (half)
freshness      15      review date not passed (70 %: current 1, due soon 0.75, unknown
                       0.25, overdue 0) and an owner named (30 %)
uniqueness     15      not a likely duplicate (1 minus its highest similarity to another)
=============  ======  ===================================================================

Lint findings take a part down by 0.4 per error, 0.2 per warning and 0.05
per suggestion, to no less than 0. A grade above the target loses a quarter of
the grade half per grade point above it. The KB score is the mean of its
articles' scores. The weights are the ones a KB manager argues about; they
live here, in one table, and the report prints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kbeditor.health.facts import ArticleFacts, Finding
from kbeditor.lifecycle import CURRENT, DUE_SOON, OVERDUE, UNKNOWN

WEIGHTS: dict[str, int] = {
    "structure": 20,
    "recovery": 20,
    "findability": 15,
    "readability": 15,
    "freshness": 15,
    "uniqueness": 15,
}
CATEGORIES: dict[str, frozenset[str]] = {
    "structure": frozenset({"structure", "accessibility"}),
    "recovery": frozenset({"recovery", "expectations", "reassurance"}),
    "readability": frozenset({"readability", "jargon", "respect", "empathy", "canned", "style"}),
}
PENALTY = {"error": 0.4, "warning": 0.2, "suggestion": 0.05}
REVIEW_CREDIT = {CURRENT: 1.0, DUE_SOON: 0.75, UNKNOWN: 0.25, OVERDUE: 0.0}
GRADE_STEP = 0.25  # share of the grade half lost per grade point above the target


@dataclass(frozen=True, slots=True)
class Score:
    """An article's score (0 to 100) and each part's points."""

    total: float
    parts: dict[str, float]


def penalty(findings: Iterable[Finding], categories: frozenset[str]) -> float:
    """How much lint findings of ``categories`` take off a part (0 to 1)."""
    lost = sum(PENALTY.get(f.severity, 0.0) for f in findings if f.category in categories)
    return min(lost, 1.0)


def grade_share(grade: float | None, limit: float | None) -> float:
    """1 when the grade is within the audience's target (or not judged), less above it."""
    if grade is None or limit is None or grade <= limit:
        return 1.0
    return max(0.0, 1.0 - GRADE_STEP * (grade - limit))


def score_article(
    facts: ArticleFacts, review_state: str, broken_links: int, duplicate_of: float
) -> Score:
    """The score of one article; ``duplicate_of`` is its highest similarity to another (0 if none)."""
    f = facts.findings
    findable = [bool(facts.product), bool(facts.tags), bool(facts.type), broken_links == 0]
    shares = {
        "structure": 1.0 - penalty(f, CATEGORIES["structure"]),
        "recovery": 1.0 - penalty(f, CATEGORIES["recovery"]),
        "findability": sum(findable) / len(findable),
        "readability": 0.5 * grade_share(facts.grade, facts.grade_limit)
        + 0.5 * (1.0 - penalty(f, CATEGORIES["readability"])),
        "freshness": 0.7 * REVIEW_CREDIT[review_state] + 0.3 * (facts.owner is not None),
        "uniqueness": max(0.0, 1.0 - duplicate_of),
    }
    if facts.unreadable:
        shares = dict.fromkeys(shares, 0.0)
    parts = {name: round(WEIGHTS[name] * share, 1) for name, share in shares.items()}
    return Score(round(sum(parts.values()), 1), parts)


def kb_score(scores: Iterable[float]) -> float:
    """The knowledge base's score: the mean of its articles' (0 for an empty KB)."""
    values = list(scores)
    return round(sum(values) / len(values), 1) if values else 0.0
