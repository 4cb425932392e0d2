"""The health report's figures, as one JSON-ready mapping (the HTML and the editor draw it).

The figures are computed from the cached per-article facts
(:mod:`kbeditor.health.facts`), the search index's duplicate pairs, the local
query log and the saved history. The mapping is the public ``--json`` output:
its keys are documented in the README; add keys, never rename them.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from kbeditor import lifecycle
from kbeditor.health import querylog, trend
from kbeditor.health.clusters import clusters, highest_similarity
from kbeditor.health.facts import ArticleFacts, gather, metadata_of
from kbeditor.health.links import LinkReport, check_links
from kbeditor.health.score import WEIGHTS, kb_score, score_article
from kbeditor.search.values import Pair
from kbeditor.workspace import Workspace

REPORT_FORMAT = 1
TOP = 20  # rows in each "most ..." table
GRADE_BINS = 16  # histogram of reading grades: 0-1, 1-2, ... 15+


def build_report(
    workspace: Workspace,
    *,
    today: dt.date | None = None,
    pairs: list[Pair] | None = None,
    save_snapshot: bool = True,
    use_cache: bool = True,
    now: Callable[[], dt.datetime] | None = None,
) -> dict[str, Any]:
    """The whole report for ``workspace``.

    ``pairs`` are the duplicate pairs when the caller has them (the editor);
    otherwise the search index is opened (and brought up to date) to find them.
    """
    started = time.perf_counter()
    today = today or dt.date.today()
    run = gather(workspace, use_cache)
    threshold = float(workspace.config.get("search", "duplicate_threshold"))
    if pairs is None:
        pairs = duplicate_pairs(workspace, threshold)
    after = int(workspace.config.get("workspace", "review_after_days"))
    states = {a.rel: lifecycle.freshness(metadata_of(a), today, after) for a in run.articles}
    links = check_links(workspace.root, run.articles)
    rows = _article_rows(run.articles, states, links, highest_similarity(pairs))
    score = kb_score(r["score"] for r in rows)
    errors = sum(r["errors"] for r in rows)
    stale = sum(1 for s in states.values() if s.stale)
    stamp = (now or (lambda: dt.datetime.now(dt.UTC)))().replace(microsecond=0)
    snapshot = trend.Snapshot(stamp.isoformat(), score, errors, stale, len(rows))
    history = (
        trend.record(workspace.root, snapshot)
        if save_snapshot
        else [*trend.load_history(workspace.root), snapshot]
    )
    return {
        "format": REPORT_FORMAT,
        "workspace": workspace.name,
        "generated": stamp.isoformat(),
        "today": today.isoformat(),
        "review_after_days": after,
        "score": {"kb": score, "weights": dict(WEIGHTS)},
        "glance": _glance(run.articles),
        "articles": rows,
        "freshness": _freshness(rows),
        "quality": _quality(run.articles, rows),
        "duplicates": _duplicates(pairs, threshold),
        "links": _links(links),
        "search_gaps": _gaps(workspace),
        "trend": [asdict(s) for s in history],
        "build": {
            "seconds": round(time.perf_counter() - started, 2),
            "articles_from_cache": run.cached,
            "articles_linted": run.linted,
        },
    }


def duplicate_pairs(workspace: Workspace, threshold: float) -> list[Pair]:
    """Near-duplicate pairs from the search index (updated first if articles changed)."""
    from kbeditor.search import SearchService

    with SearchService.open(workspace.root) as service:
        return service.dupes(threshold)


def _article_rows(
    articles: list[ArticleFacts],
    states: dict[str, lifecycle.Freshness],
    links: LinkReport,
    similar: dict[str, float],
) -> list[dict[str, Any]]:
    broken = Counter(b.rel for b in links.broken)
    rows = []
    for a in articles:
        state = states[a.rel]
        score = score_article(a, state.state, broken[a.rel], similar.get(a.rel, 0.0))
        levels = Counter(f.severity for f in a.findings)
        rows.append(
            {
                "path": a.rel,
                "title": a.title,
                "product": a.product,
                "type": a.type,
                "audience": a.audience,
                "status": a.status,
                "owner": a.owner,
                "updated": a.updated,
                "review_by": state.review_by.isoformat() if state.review_by else None,
                "review_state": state.state,
                "days_left": state.days_left,
                "score": score.total,
                "parts": score.parts,
                "errors": levels["error"],
                "warnings": levels["warning"],
                "suggestions": levels["suggestion"],
                "grade": a.grade,
                "grade_limit": a.grade_limit,
                "words": a.words,
                "links_in": links.inbound.get(a.rel, 0),
                "unreadable": a.unreadable,
            }
        )
    return rows


def _glance(articles: list[ArticleFacts]) -> dict[str, Any]:
    def count(values: list[str | None]) -> dict[str, int]:
        found = Counter(v or "(not set)" for v in values)
        return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

    return {
        "articles": len(articles),
        "by_product": count([a.product for a in articles]),
        "by_type": count([a.type for a in articles]),
        "by_audience": count([a.audience for a in articles]),
        "by_status": count([a.status for a in articles]),
    }


def _brief(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("path", "title", "owner", "review_by", "days_left", "score")
    return {k: row[k] for k in keys}


def _freshness(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_state: dict[str, list[dict[str, Any]]] = {
        s: [] for s in (lifecycle.OVERDUE, lifecycle.DUE_SOON, lifecycle.UNKNOWN)
    }
    owners: dict[str, Counter[str]] = {}
    for r in rows:
        if r["review_state"] in by_state:
            by_state[r["review_state"]].append(_brief(r))
        owners.setdefault(r["owner"] or "(no owner)", Counter())[r["review_state"]] += 1
    for items in by_state.values():
        items.sort(key=lambda b: (b["days_left"] if b["days_left"] is not None else 0, b["path"]))
    by_owner = [
        {
            "owner": owner,
            "articles": sum(c.values()),
            "overdue": c[lifecycle.OVERDUE],
            "due_soon": c[lifecycle.DUE_SOON],
            "unknown": c[lifecycle.UNKNOWN],
        }
        for owner, c in owners.items()
    ]
    by_owner.sort(key=lambda o: (-o["overdue"], -o["due_soon"], o["owner"]))
    return {
        "due_soon_days": lifecycle.DUE_SOON_DAYS,
        "overdue": by_state[lifecycle.OVERDUE],
        "due_soon": by_state[lifecycle.DUE_SOON],
        "no_review_date": by_state[lifecycle.UNKNOWN],
        "by_owner": by_owner,
        "no_owner": [_brief(r) for r in rows if not r["owner"]],
    }


def _quality(articles: list[ArticleFacts], rows: list[dict[str, Any]]) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    categories: Counter[str] = Counter()
    for a in articles:
        for f in a.findings:
            entry = rules.setdefault(
                f.rule,
                {"rule": f.rule, "category": f.category, "severity": f.severity, "count": 0},
            )
            entry["count"] += 1
            entry.setdefault("_articles", set()).add(a.rel)
            categories[f.category] += 1
    by_rule = sorted(rules.values(), key=lambda e: (-e["count"], e["rule"]))
    for e in by_rule:
        e["articles"] = len(e.pop("_articles"))
    worst = sorted(rows, key=lambda r: (-r["errors"], -r["warnings"], r["path"]))
    return {
        "by_rule": by_rule,
        "by_category": dict(categories.most_common()),
        "most_errors": [
            {k: r[k] for k in ("path", "title", "errors", "warnings", "score")}
            for r in worst[:TOP]
            if r["errors"] or r["warnings"]
        ],
        "grades": _grades(rows),
        "lowest_scores": [_brief(r) for r in sorted(rows, key=lambda r: (r["score"], r["path"]))][
            :TOP
        ],
    }


def _grades(rows: list[dict[str, Any]]) -> dict[str, Any]:
    graded = [r for r in rows if r["grade"] is not None]
    bins = [0] * GRADE_BINS
    for r in graded:
        bins[min(int(r["grade"]), GRADE_BINS - 1)] += 1
    above = [
        {k: r[k] for k in ("path", "title", "audience", "grade", "grade_limit")}
        for r in graded
        if r["grade_limit"] is not None and r["grade"] > r["grade_limit"]
    ]
    above.sort(key=lambda r: (r["grade_limit"] - r["grade"], r["path"]))
    judged = sum(1 for r in graded if r["grade_limit"] is not None)
    return {
        "histogram": bins,
        "graded": len(graded),
        "judged": judged,
        "on_target": judged - len(above),
        "above_target": above,
    }


def _duplicates(pairs: list[Pair], threshold: float) -> dict[str, Any]:
    return {
        "threshold": threshold,
        "pairs": len(pairs),
        "clusters": [
            {
                "articles": list(c.articles),
                "similarity": round(c.similarity, 3),
                "pairs": [
                    {"a": p.a, "b": p.b, "similarity": round(p.similarity, 3)} for p in c.pairs
                ],
            }
            for c in clusters(pairs)
        ],
    }


def _links(links: LinkReport) -> dict[str, Any]:
    return {
        "broken": [asdict(b) for b in links.broken],
        "orphans": links.orphans,
    }


def _gaps(workspace: Workspace) -> dict[str, Any]:
    return {
        "logging": querylog.enabled(workspace.root),
        "queries": [asdict(g) for g in querylog.gaps(workspace.root)],
    }
