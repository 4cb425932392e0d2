"""Draw a sample of the KB style's alerts for a blind judgement, then score the verdicts.

Judging our own alerts with the rule in view flatters the rule: we read the
sentence as the rule reads it. So ``draw`` writes two files: ``sample.tsv``,
what a judge reads (an id, the article, the line, the words flagged, the
message and the lines around it, but not the rule), and ``key.tsv``, which id
came from which rule. The judge fills ``verdict`` (TRUE, FALSE or DEBATABLE)
in ``sample.tsv`` without opening the key; ``score`` then joins the two and
prints precision per rule (TRUE / judged; DEBATABLE counts as not TRUE).

Articles come from the corpus minus the 30 articles of the gold set, so the
sample is disjoint from the labelled articles; ``--seed`` picks up to
``--per-rule`` alerts of every rule, across the whole corpus.

Usage:
    .venv/bin/python bench/blind_sample.py draw OUT_DIR [--per-rule 8] [--seed 11] [--rule KB.X ...]
    .venv/bin/python bench/blind_sample.py score OUT_DIR
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from _corpus import SHARED, corpus_files

from kbeditor.article import load_article
from kbeditor.lint.engine import Linter

KB_STYLE = Path(__file__).resolve().parents[1] / "lint_rules" / "KB"
SAMPLE_COLUMNS = ["id", "file", "line", "flagged", "message", "context", "verdict", "reason"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("action", choices=("draw", "score"))
    p.add_argument("out", type=Path)
    p.add_argument("--per-rule", type=int, default=8)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument(
        "--rule", action="append", help="draw only this rule's alerts (after changing it)"
    )
    args = p.parse_args(argv)
    if args.action == "draw":
        return draw(args.out, args.per_rule, args.seed, set(args.rule or ()))
    return score(args.out)


def draw(out: Path, per_rule: int, seed: int, only: set[str] | None = None) -> int:
    gold = _gold_files()
    linter = Linter.from_styles([KB_STYLE])
    by_rule: dict[str, list[dict[str, str]]] = defaultdict(list)
    for path in corpus_files():
        if path.name in gold:
            continue
        article = load_article(path)
        lines = article.text.splitlines()
        for d in linter.lint(article):
            if d.rule.startswith("KB.") and (not only or d.rule in only):
                context = " ⏎ ".join(lines[max(0, d.line - 3) : d.line + 2])[:900]
                by_rule[d.rule].append(
                    {
                        "file": path.name,
                        "line": str(d.line),
                        "flagged": d.match[:200],
                        "message": d.message,
                        "context": context,
                        "rule": d.rule,
                    }
                )
    rng = random.Random(seed)
    rows = [
        a
        for rule in sorted(by_rule)
        for a in rng.sample(by_rule[rule], min(per_rule, len(by_rule[rule])))
    ]
    rng.shuffle(rows)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "sample.tsv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(SAMPLE_COLUMNS)
        for i, r in enumerate(rows, 1):
            w.writerow(
                [
                    i,
                    r["file"],
                    r["line"],
                    _flat(r["flagged"]),
                    r["message"],
                    _flat(r["context"]),
                    "",
                    "",
                ]
            )
    with open(out / "key.tsv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["id", "rule", "alerts_in_corpus"])
        for i, r in enumerate(rows, 1):
            w.writerow([i, r["rule"], len(by_rule[r["rule"]])])
    print(f"{len(rows)} alerts of {len(by_rule)} rules written to {out}")
    return 0


def score(out: Path) -> int:
    verdicts = {r["id"]: r["verdict"].strip().upper() for r in _read(out / "sample.tsv")}
    per_rule: dict[str, Counter] = defaultdict(Counter)
    fired: dict[str, int] = {}
    for r in _read(out / "key.tsv"):
        per_rule[r["rule"]][verdicts.get(r["id"]) or "unjudged"] += 1
        fired[r["rule"]] = int(r["alerts_in_corpus"])
    total: Counter = Counter()
    print(f"{'rule':28} TRUE FALSE DEBATABLE  precision")
    for rule, c in sorted(per_rule.items()):
        judged = c["TRUE"] + c["FALSE"] + c["DEBATABLE"]
        total.update(c)
        prec = f"{c['TRUE'] / judged:.2f}" if judged else "-"
        print(f"{rule:28} {c['TRUE']:4} {c['FALSE']:5} {c['DEBATABLE']:9}  {prec}")
    judged = total["TRUE"] + total["FALSE"] + total["DEBATABLE"]
    if judged:
        print(
            f"{'all':28} {total['TRUE']:4} {total['FALSE']:5} {total['DEBATABLE']:9}  "
            f"{total['TRUE'] / judged:.2f}"
        )
        print(
            f"weighted by how often each rule fires on the corpus: {_weighted(per_rule, fired):.2f}"
        )
    return 0


def _weighted(per_rule: dict[str, Counter], fired: dict[str, int]) -> float:
    """Precision of a random alert: each rule's precision weighted by its alerts in the corpus.

    The sample takes the same number of alerts from every rule, so its plain
    figure over-weights rare rules; a reader meets alerts in proportion to how
    often each rule fires.
    """
    weight = hits = 0.0
    for rule, c in per_rule.items():
        judged = c["TRUE"] + c["FALSE"] + c["DEBATABLE"]
        if judged:
            weight += fired[rule]
            hits += fired[rule] * c["TRUE"] / judged
    return hits / weight if weight else 0.0


def _gold_files() -> set[str]:
    rows = _read(SHARED / "lint-gold" / "articles.tsv") if (SHARED / "lint-gold").is_dir() else []
    return {r["file"] for r in rows}


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


if __name__ == "__main__":
    sys.exit(main())
