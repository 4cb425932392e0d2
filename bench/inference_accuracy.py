"""How often type and audience inference agrees with an editor who read the article.

Two labelled sets, scored separately: the gold set's 30 articles (its ``type``
and ``audience`` columns; the inference was written while looking at them, so
it is the tuning set), and ``bench/inference_labels.tsv``, 50 other corpus
articles an editor labelled by reading them after the inference was written
(held out: never tuned on). The sample KB's articles, with their ``type`` and
``audience`` keys removed, are a third check.

Usage: .venv/bin/python bench/inference_accuracy.py [--show]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

from _corpus import CORPUS, SHARED

from kbeditor.article import load_article, parse_article
from kbeditor.inference import profile

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = Path(__file__).with_name("inference_labels.tsv")
SAMPLE_KB = ROOT / "resources" / "sample_kb"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--show", action="store_true", help="list the articles inferred wrongly")
    args = p.parse_args(argv)
    if CORPUS.is_dir() and (SHARED / "lint-gold").is_dir():
        gold = {
            r["file"]: (r["type"], r["audience"])
            for r in _read(SHARED / "lint-gold" / "articles.tsv")
        }
        _report("gold set (tuned on)", gold, args.show)
        held = {r["file"]: (r["type"], r["audience"]) for r in _read(HELD_OUT)}
        _report("held-out labels", held, args.show)
    else:
        print(f"corpus or gold set not found under {SHARED}; set KBEDITOR_SHARED")
    _sample_kb(args.show)
    return 0


def _report(name: str, labels: dict[str, tuple[str, str]], show: bool) -> None:
    types = audiences = 0
    confusion: Counter = Counter()
    for file, (kind, audience) in sorted(labels.items()):
        got = profile(load_article(CORPUS / file))
        got_type = got.type or "reference-or-explainer"
        types += got_type == kind
        audiences += got.audience == audience
        confusion[(kind, got_type)] += got_type != kind
        if show and (got_type != kind or got.audience != audience):
            print(
                f"  {file[:70]}: type {kind} -> {got_type}; audience {audience} -> {got.audience}"
            )
    n = len(labels)
    print(
        f"{name}: type {types}/{n} ({types / n:.0%}), audience {audiences}/{n} ({audiences / n:.0%})"
    )
    wrong = ", ".join(f"{a} read as {b} x{c}" for (a, b), c in confusion.items() if c)
    if wrong:
        print(f"  type errors: {wrong}")


def _sample_kb(show: bool) -> None:
    types = audiences = n = 0
    for path in sorted(SAMPLE_KB.rglob("*.md")):
        article = load_article(path)
        stripped = re.sub(r"^(?:type|audience):.*\n", "", article.text, flags=re.M)
        got = profile(parse_article(stripped, path))
        n += 1
        types += got.type == article.metadata.type
        audiences += got.audience == article.metadata.audience
        if show and (
            got.type != article.metadata.type or got.audience != article.metadata.audience
        ):
            print(
                f"  {path.relative_to(SAMPLE_KB)}: type {article.metadata.type} -> {got.type}; "
                f"audience {article.metadata.audience} -> {got.audience}"
            )
    print(f"sample KB without its keys: type {types}/{n}, audience {audiences}/{n}")


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


if __name__ == "__main__":
    sys.exit(main())
