"""Score the KB style against the hand-labelled gold set (shared/lint-gold), as its README says.

The gold set holds 30 corpus articles read by an editor who never ran the
linter: every problem they found (``articles.tsv``, with a category and a
line; line 0 means the whole article) and 2-5 passages per article that are
fine although a naive linter flags them (``traps.tsv``). ``alerts.tsv`` holds
judged alerts of an earlier rule set on the other 570 corpus articles.

Scoring (the gold README's rules):
- an alert is TRUE when a gold problem of the same category sits on the same
  line, or is a line-0 problem of that category in the same article;
- a gold problem no alert matches is a miss;
- an alert on a line listed in ``traps.tsv`` is a false alarm for certain, so
  it finds no problem either, even one labelled on the same line in its
  category (the report counts those alerts apart).

It prints recall per category, matched and unmatched alerts per rule,
precision of warnings and errors and of all alerts, and alerts on trap
lines. ``--show`` lists the unmatched alerts and the misses with their lines,
``--as-labelled`` lints with the gold ``type`` and ``audience`` instead of
what the linter infers (to tell inference errors from rule errors), and
``--judged`` also reports which judged alerts of ``alerts.tsv`` the current
rules still raise (by verdict).

Usage:
    .venv/bin/python bench/lint_gold.py [--show] [--as-labelled] [--judged] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from _corpus import CORPUS, SHARED

from kbeditor.article import Article, load_article
from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.lint.engine import Linter

ROOT = Path(__file__).resolve().parents[1]
KB_STYLE = ROOT / "lint_rules" / "KB"
GOLD = SHARED / "lint-gold"


@dataclass(frozen=True)
class Problem:
    file: str
    type: str
    audience: str
    line: int
    category: str
    principle: str
    quote: str


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not (GOLD / "articles.tsv").is_file() or not CORPUS.is_dir():
        print(f"gold set or corpus not found under {SHARED}; set KBEDITOR_SHARED")
        return 0
    problems = [_problem(r) for r in _rows("articles.tsv")]
    traps = {(r["file"], int(r["line"])) for r in _rows("traps.tsv")}
    linter = Linter.from_styles([KB_STYLE])
    files = sorted({p.file for p in problems})
    labels = {p.file: (p.type, p.audience) for p in problems}
    alerts: list[tuple[str, Diagnostic]] = []
    for name in files:
        article = load_article(CORPUS / name)
        if args.as_labelled:
            _label(article, *labels[name])
        alerts += [(name, d) for d in linter.lint(article) if d.rule.startswith("KB.")]
    report = score(problems, traps, alerts)
    if args.judged:
        report["judged"] = _judged(linter)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report, args.show)
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--show", action="store_true", help="list unmatched alerts and misses")
    p.add_argument("--as-labelled", action="store_true", help="lint with the gold type/audience")
    p.add_argument("--judged", action="store_true", help="re-check the judged alerts.tsv")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    return p


def _rows(name: str) -> list[dict[str, str]]:
    with open(GOLD / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _problem(row: dict[str, str]) -> Problem:
    return Problem(
        row["file"],
        row["type"],
        row["audience"],
        int(row["line"]),
        row["category"],
        row["principle"],
        row["quote"],
    )


def _label(article: Article, kind: str, audience: str) -> None:
    """Give the article the type and audience the editor judged by reading it."""
    meta = article.metadata
    meta.type = kind if kind != "reference-or-explainer" else None
    meta.audience = audience
    meta.present = meta.present | {"type", "audience"}


def score(
    problems: list[Problem], traps: set[tuple[str, int]], alerts: list[tuple[str, Diagnostic]]
) -> dict:
    """Match alerts to gold problems; the counts every figure is made of."""
    by_place: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for i, p in enumerate(problems):
        by_place[(p.file, p.category, p.line)].append(i)
    found: set[int] = set()
    rules: dict[str, Counter] = defaultdict(Counter)
    rows = []
    for name, d in alerts:
        hits = by_place.get((name, d.category, d.line), []) + by_place.get(
            (name, d.category, 0), []
        )
        trap = (name, d.line) in traps
        if not trap:  # a false alarm for certain (README) finds no problem, even on its line
            found.update(hits)
        verdict = "trap" if trap else ("matched" if hits else "unmatched")
        rules[d.rule][verdict] += 1
        rules[d.rule][d.severity] += 1
        rows.append(
            {
                "file": name,
                "line": d.line,
                "rule": d.rule,
                "severity": d.severity,
                "category": d.category,
                "verdict": verdict,
                "problem_on_line": bool(hits),
                "match": d.match[:80],
            }
        )
    return {
        "problems": len(problems),
        "found": len(found),
        "categories": _categories(problems, found),
        "rules": {r: dict(c) for r, c in sorted(rules.items())},
        "precision_all": _ratio(sum(r["verdict"] == "matched" for r in rows), len(rows)),
        "precision_warn": _ratio(
            sum(r["verdict"] == "matched" and r["severity"] != "suggestion" for r in rows),
            sum(r["severity"] != "suggestion" for r in rows),
        ),
        "alerts": len(rows),
        "trap_alerts": sum(r["verdict"] == "trap" for r in rows),
        "trap_alerts_on_problems": sum(
            r["verdict"] == "trap" and r["problem_on_line"] for r in rows
        ),
        "alert_rows": rows,
        "misses": [vars(p) for i, p in enumerate(problems) if i not in found],
    }


def _categories(problems: list[Problem], found: set[int]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, p in enumerate(problems):
        out[p.category][1] += 1
        out[p.category][0] += i in found
    return dict(sorted(out.items()))


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _judged(linter: Linter) -> dict[str, Counter]:
    """For each judged alert of alerts.tsv: does the same rule still fire on that line?"""
    rows = _rows("alerts.tsv")
    by_file: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_file[r["file"]].append(r)
    out: dict[str, Counter] = defaultdict(Counter)
    for name, judged in sorted(by_file.items()):
        if not (CORPUS / name).is_file():
            continue
        raised = {(d.rule, d.line) for d in linter.lint(load_article(CORPUS / name))}
        for r in judged:
            still = (r["rule"], int(r["line"])) in raised
            out[r["verdict"]]["still raised" if still else "gone"] += 1
    return {k: dict(v) for k, v in out.items()}


def _print(report: dict, show: bool) -> None:
    print(
        f"gold problems found: {report['found']}/{report['problems']} "
        f"(recall {_ratio(report['found'], report['problems'])})"
    )
    print(
        f"alerts: {report['alerts']}; precision of all alerts {report['precision_all']}, "
        f"of warnings and errors {report['precision_warn']}; "
        f"alerts on trap lines {report['trap_alerts']} "
        f"({report['trap_alerts_on_problems']} of them in the category of a problem on that line)"
    )
    print("\nrecall per category:")
    for cat, (hit, total) in report["categories"].items():
        print(f"  {cat:15} {hit:3}/{total:<3}")
    print("\nper rule (matched / unmatched / on traps; by level):")
    for rule, c in report["rules"].items():
        levels = ", ".join(
            f"{lv} {c[lv]}" for lv in ("error", "warning", "suggestion") if c.get(lv)
        )
        print(
            f"  {rule:28} {c.get('matched', 0):3} / {c.get('unmatched', 0):3} / "
            f"{c.get('trap', 0):3}   ({levels})"
        )
    if "judged" in report:
        print("\njudged alerts of alerts.tsv, still raised by the same rule on the same line:")
        for verdict, c in sorted(report["judged"].items()):
            print(f"  {verdict:10} {c}")
    if show:
        print("\nalerts that match no gold problem:")
        for r in report["alert_rows"]:
            if r["verdict"] != "matched":
                print(
                    f"  [{r['verdict']}] {r['file'][:60]}:{r['line']} {r['rule']}: {r['match']!r}"
                )
        print("\nmisses:")
        for p in report["misses"]:
            print(
                f"  {p['file'][:60]}:{p['line']} {p['category']}/{p['principle']}: {p['quote'][:70]!r}"
            )


if __name__ == "__main__":
    sys.exit(main())
