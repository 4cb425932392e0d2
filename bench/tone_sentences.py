"""Recall and false alarms of the tone rules on labelled sentences.

Each file is a UTF-8 TSV with the header ``family	label	sentence	note``:
``family`` is one of blame, dismissal, irritation, condescension, canned,
empty-empathy; ``label`` is bad or good. Every sentence is linted on its own
as the prose of a small article (audience end-user, type troubleshooting)
with the real linter over lint_rules/KB. A bad sentence counts as caught when
any rule of the respect, canned or empathy category (or
KB.EmptyReassurance, the empty "don't worry") fires on it; a good
sentence counts as a false alarm when any of them fires.

Usage:
    .venv/bin/python bench/tone_sentences.py tests/lint/tone/dev.tsv [more.tsv ...]
        [--show] [--style lint_rules/KB]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kbeditor.article import parse_article
from kbeditor.lint.engine import Linter

ROOT = Path(__file__).resolve().parents[1]
KB_STYLE = ROOT / "lint_rules" / "KB"
TONE_CATEGORIES = frozenset({"respect", "canned", "empathy"})
# "Don't panic!" is empty comfort: the reassurance rule that catches it is a tone rule too.
TONE_RULES = frozenset({"KB.EmptyReassurance"})
FAMILIES = ("blame", "dismissal", "irritation", "condescension", "canned", "empty-empathy")
FRONT_MATTER = "---\ntitle: Test article\naudience: end-user\ntype: troubleshooting\n---\n\n"


@dataclass(frozen=True, slots=True)
class Row:
    family: str
    label: str
    sentence: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Outcome:
    row: Row
    rules: tuple[str, ...]  # the tone rules that fired

    @property
    def fired(self) -> bool:
        return bool(self.rules)


@dataclass(slots=True)
class Score:
    bad: int = 0
    caught: int = 0
    good: int = 0
    false_alarms: int = 0

    @property
    def recall(self) -> float:
        return self.caught / self.bad if self.bad else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.good if self.good else 0.0


def read_rows(path: Path) -> list[Row]:
    """The rows of a sentence file; a row with an unknown family or label is an error."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        rows = []
        for n, rec in enumerate(reader, 2):
            family = (rec.get("family") or "").strip()
            label = (rec.get("label") or "").strip()
            sentence = (rec.get("sentence") or "").strip()
            if not sentence:
                continue
            if family not in FAMILIES or label not in ("bad", "good"):
                raise ValueError(f"{path}:{n}: unknown family {family!r} or label {label!r}")
            rows.append(Row(family, label, sentence, (rec.get("note") or "").strip()))
    return rows


def tone_linter(style: Path = KB_STYLE) -> Linter:
    linter = Linter.from_styles([style])
    if linter.errors:
        raise SystemExit("\n".join(f"rule error: {e}" for e in linter.errors))
    return linter


def judge(linter: Linter, rows: list[Row]) -> list[Outcome]:
    out = []
    for row in rows:
        article = parse_article(FRONT_MATTER + row.sentence + "\n")
        fired = sorted(
            {
                d.rule
                for d in linter.lint(article)
                if d.category in TONE_CATEGORIES or d.rule in TONE_RULES
            }
        )
        out.append(Outcome(row, tuple(fired)))
    return out


def score(outcomes: list[Outcome]) -> dict[str, Score]:
    """Scores per family, and overall under the key ``all``."""
    scores: dict[str, Score] = defaultdict(Score)
    for o in outcomes:
        for key in (o.row.family, "all"):
            s = scores[key]
            if o.row.label == "bad":
                s.bad += 1
                s.caught += o.fired
            else:
                s.good += 1
                s.false_alarms += o.fired
    return scores


def report(name: str, outcomes: list[Outcome], show: bool) -> None:
    scores = score(outcomes)
    print(f"\n{name}: {len(outcomes)} sentences")
    print(f"  {'family':<15} {'recall':>14} {'false alarms':>16}")
    for family in (*FAMILIES, "all"):
        s = scores.get(family)
        if s is None:
            continue
        print(
            f"  {family:<15} {s.recall:6.0%} {s.caught:3}/{s.bad:<3} "
            f"{s.false_alarm_rate:6.0%} {s.false_alarms:3}/{s.good:<3}"
        )
    if show:
        for o in outcomes:
            if o.row.label == "bad" and not o.fired:
                print(f"  MISS  [{o.row.family}] {o.row.sentence}")
        for o in outcomes:
            if o.row.label == "good" and o.fired:
                print(f"  FALSE [{o.row.family}] {o.row.sentence}  <- {', '.join(o.rules)}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--show", action="store_true", help="list misses and false alarms")
    p.add_argument("--style", type=Path, default=KB_STYLE)
    args = p.parse_args(argv)
    linter = tone_linter(args.style)
    for path in args.files:
        report(str(path), judge(linter, read_rows(path)), args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
