"""The health report as titled lists of items, for views that show lists (the editor's).

The editor's health view shows the same figures as the HTML report, but as
groups of rows a writer can open. Building the rows here keeps the view a thin
adapter: it only puts :class:`Group` values into a tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Row:
    """One line: ``text`` to show, ``path`` of the article it opens (None: opens nothing)."""

    text: str
    path: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Group:
    title: str
    rows: tuple[Row, ...]
    expanded: bool = False


def summary(report: dict[str, Any]) -> str:
    """One sentence of headline figures."""
    fresh = report["freshness"]
    return (
        f"KB score {report['score']['kb']} of 100 · {report['glance']['articles']} articles · "
        f"{len(fresh['overdue'])} past review · {len(fresh['no_owner'])} without owner · "
        f"{report['trend'][-1]['errors']} lint errors · "
        f"{len(report['duplicates']['clusters'])} duplicate groups · "
        f"{len(report['links']['broken'])} broken links"
    )


def groups(report: dict[str, Any]) -> list[Group]:
    """The report's lists, most urgent first."""
    fresh = report["freshness"]
    quality = report["quality"]
    return [
        Group(
            f"Past their review date ({len(fresh['overdue'])})",
            tuple(
                Row(f"{a['title']} — {-a['days_left']} days overdue, {_owner(a)}", a["path"])
                for a in fresh["overdue"]
            ),
            expanded=True,
        ),
        Group(
            f"Due for review within {fresh['due_soon_days']} days ({len(fresh['due_soon'])})",
            tuple(
                Row(f"{a['title']} — in {a['days_left']} days, {_owner(a)}", a["path"])
                for a in fresh["due_soon"]
            ),
        ),
        Group(
            f"No owner ({len(fresh['no_owner'])})",
            tuple(Row(a["title"], a["path"]) for a in fresh["no_owner"]),
        ),
        Group(
            f"No review date ({len(fresh['no_review_date'])})",
            tuple(Row(a["title"], a["path"]) for a in fresh["no_review_date"]),
        ),
        Group(
            "Reviews by owner",
            tuple(
                Row(
                    f"{o['owner']}: {o['articles']} articles, {o['overdue']} overdue, "
                    f"{o['due_soon']} due soon"
                )
                for o in fresh["by_owner"]
            ),
        ),
        Group(
            "Most frequent problems",
            tuple(
                Row(f"{e['rule']} ({e['category']}): {e['count']} in {e['articles']} articles")
                for e in quality["by_rule"][:20]
            ),
        ),
        Group(
            "Articles with the most errors",
            tuple(
                Row(f"{a['title']} — {a['errors']} errors, {a['warnings']} warnings", a["path"])
                for a in quality["most_errors"]
            ),
        ),
        Group(
            "Lowest scores",
            tuple(Row(f"{a['title']} — {a['score']}", a["path"]) for a in quality["lowest_scores"]),
        ),
        Group(
            f"Above the audience's reading grade ({len(quality['grades']['above_target'])})",
            tuple(
                Row(
                    f"{a['title']} — grade {a['grade']} (limit {a['grade_limit']}, {a['audience']})",
                    a["path"],
                )
                for a in quality["grades"]["above_target"]
            ),
        ),
        Group(
            f"Likely duplicates ({len(report['duplicates']['clusters'])} groups)",
            tuple(
                Row(f"{p['a']} ≈ {p['b']} ({round(p['similarity'] * 100)}%)", p["a"])
                for c in report["duplicates"]["clusters"]
                for p in c["pairs"]
            ),
        ),
        Group(
            f"Broken links and images ({len(report['links']['broken'])})",
            tuple(
                Row(f"{b['rel']}:{b['line']} — {b['target']} ({b['reason']})", b["rel"], b["line"])
                for b in report["links"]["broken"]
            ),
        ),
        Group(
            f"Articles nothing links to ({len(report['links']['orphans'])})",
            tuple(Row(p, p) for p in report["links"]["orphans"]),
        ),
        Group(
            "Search gaps" + ("" if report["search_gaps"]["logging"] else " (not being counted)"),
            tuple(
                Row(f"“{q['query']}” — found nothing {q['count']}×, not opened {q['not_opened']}×")
                for q in report["search_gaps"]["queries"][:50]
            ),
        ),
    ]


def _owner(brief: dict[str, Any]) -> str:
    return brief["owner"] or "no owner"
