"""A blind sample of alerts to judge: context only, the rule that raised each is printed last.

Lints the corpus as written for ``--audience`` (end-user by default, so that
the jargon rules run), draws ``--per-rule`` random alerts from each of the
given rules, shuffles them together and prints each with its context, the
flagged text in [[double brackets]] and no rule name, so that a person judges
each in context before knowing which rule raised it. The key (item number,
rule, suggested fix) follows after a separator line; read it after judging.

Usage: .venv/bin/python bench/blind_alerts.py [--rule KB.Jargon ...] [--per-rule 20]
       [--seed 2026] [--audience end-user|it-staff]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from _corpus import corpus_files
from lint_quality import _as_kb_article

from kbeditor.article import load_article
from kbeditor.lint.engine import Linter

KB_STYLE = Path(__file__).resolve().parents[1] / "lint_rules" / "KB"
RULES = ("KB.Jargon", "KB.Abbreviations", "KB.PlainWords", "KB.AddressTheReader", "KB.LinkText")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rule", action="append", help="a rule to sample (repeatable)")
    p.add_argument("--per-rule", type=int, default=20)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--audience", choices=("end-user", "it-staff"), default="end-user")
    args = p.parse_args(argv)
    rules = tuple(args.rule or RULES)
    linter = Linter.from_styles([KB_STYLE])
    found: dict[str, list[tuple[str, str | None]]] = {r: [] for r in rules}
    for path in corpus_files():
        article = load_article(path)
        _as_kb_article(article, args.audience)
        text = article.text
        for d in linter.lint(article):
            if d.rule in found:
                before = text[max(0, d.start - 110) : d.start]
                after = text[d.end : d.end + 90]
                shown = " ".join(f"{before}[[{text[d.start : d.end]}]]{after}".split())
                found[d.rule].append((shown, d.fix.replacement if d.fix else None))
    rng = random.Random(args.seed)
    items = [
        (rule, *alert)
        for rule in rules
        for alert in rng.sample(found[rule], min(args.per_rule, len(found[rule])))
    ]
    rng.shuffle(items)
    for i, (_, shown, _) in enumerate(items, 1):
        print(f"{i}. {shown}")
    print("\n---- key (read after judging) ----")
    for i, (rule, _, fix) in enumerate(items, 1):
        print(f"{i}. {rule}" + (f" -> '{fix}'" if fix is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
