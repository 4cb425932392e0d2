"""Spelling: false alarms on the public corpus, and misses on typos planted in its prose.

False alarms: KB.Spelling over every corpus article (the corpus folder as the
workspace, no team vocabulary): alerts per 1,000 prose words, then a seeded
sample of alerts printed in context for a person to judge (the corpus is
professionally edited, so most alerts there are false). Judgements live in
bench/spelling_judgements.json ({"samples": {"<seed>": {"verdicts": {"<file>:<line>:<word>":
"typo" | "add" | "false"}}}}): "typo" is a real misspelling, "add" a word a writer would
agree to add to the team's words, "false" neither.

It also measures what "Add to the team's words" does: the words flagged in 3 or
more articles of one half of the corpus (the words the editor offers to add)
are accepted, and the alerts are counted on the other half; and what the
workspace's words do (kbeditor.lint.workspace_words, counted once over the whole
corpus): how many alerts become offers to add a word that 3 or more articles use.

Misses: a seeded script plants typos (a letter dropped, doubled, swapped with
the next, or changed) in dictionary words of corpus prose, one per article, and
counts how many KB.Spelling flags and how often the intended word is among the
first three suggestions.

Usage: .venv/bin/python bench/spelling_quality.py [--sample 50] [--typos 200] [--seed 7]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from _corpus import corpus_files

from kbeditor.article import Article, load_article, parse_article
from kbeditor.lint.context import Vocabulary
from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.lint.engine import Linter
from kbeditor.lint.rules import load_rule_file
from kbeditor.lint.workspace_words import WorkspaceWords

ROOT = Path(__file__).resolve().parents[1]
RULE = ROOT / "lint_rules" / "KB" / "Spelling.yml"
JUDGEMENTS = Path(__file__).with_name("spelling_judgements.json")
_PLAIN = re.compile(r"[a-z]{4,}")


def spelling_linter(accept: list[str] = ()) -> Linter:  # type: ignore[assignment]
    # The house style switches spelling off on imported articles (when_inferred); this bench
    # measures the check itself on them, so it runs at the rule's own level.
    rule = dataclasses.replace(load_rule_file(RULE, "KB.Spelling"), when_inferred="")
    return Linter([rule], vocab=Vocabulary.build(list(accept), []))


def alerts(linter: Linter, articles: list[Article]) -> list[tuple[Article, Diagnostic]]:
    return [(a, d) for a in articles for d in linter.lint(a) if d.rule == "KB.Spelling"]


def false_alarms(articles: list[Article], sample: int, seed: int) -> None:
    words = sum(len(a.words()) for a in articles)
    found = alerts(spelling_linter(), articles)
    print(f"corpus: {len(articles)} articles, {words} prose words")
    print(
        f"  KB.Spelling alerts: {len(found)} = {len(found) / words * 1000:.2f} per 1,000 words"
        f" (one per {words / max(1, len(found)):,.0f} words)   target <= 0.5 (one per 2,000)"
    )
    half_a, half_b = articles[0::2], articles[1::2]
    per_word: dict[str, set[str]] = defaultdict(set)
    for a, d in alerts(spelling_linter(), half_a):
        per_word[d.match].add(str(a.path))
    offered = sorted(w for w, files in per_word.items() if len(files) >= 3)
    before = alerts(spelling_linter(), half_b)
    after = alerts(spelling_linter(offered), half_b)
    words_b = sum(len(a.words()) for a in half_b)
    print(
        f"  'Add to the team's words' offered {len(offered)} words on one half; accepting them,"
        f" the other half's alerts go {len(before)} -> {len(after)}"
        f" ({len(before) / words_b * 1000:.2f} -> {len(after) / words_b * 1000:.2f} per 1,000 words)"
    )
    linter = spelling_linter()
    t = time.perf_counter()
    linter.words = WorkspaceWords.build(articles)  # the names KB.Spelling reads (NAME_KEYS)
    built = (time.perf_counter() - t) * 1000
    with_words = alerts(linter, articles)
    offers = [d for _, d in with_words if "articles of this workspace" in d.message]
    print(
        f"  with the workspace's words (counted once, {built:.0f} ms for {len(articles)} articles):"
        f" {len(with_words)} alerts, {len(offers)} of them offers to add one of"
        f" {len({d.match for d in offers})} words used in 3+ articles"
    )
    counts = Counter(d.match for _, d in found)
    print("  most flagged:", ", ".join(f"{w} {n}" for w, n in counts.most_common(15)))
    rng = random.Random(seed)
    chosen = rng.sample(found, min(sample, len(found)))
    verdicts = _judgements(seed)
    tally: Counter[str] = Counter()
    print(f"\nSample of {len(chosen)} alerts (seed {seed}):")
    for a, d in sorted(chosen, key=lambda x: (str(x[0].path), x[1].start)):
        key = f"{Path(str(a.path)).name}:{d.line}:{d.match}"
        verdict = verdicts.get(key, "?")
        tally[verdict] += 1
        context = " ".join(a.text[max(0, d.start - 60) : d.end + 60].split())
        fixes = [f.replacement for f in (d.fix, *d.alternatives) if f][:3]
        print(f"  [{verdict}] {key}  fixes {fixes}\n      ... {context} ...")
    judged = sum(n for v, n in tally.items() if v != "?")
    if judged:
        good = tally["typo"] + tally["add"]
        print(
            f"\n  judged {judged}: {tally['typo']} typos, {tally['add']} words to add,"
            f" {tally['false']} false: {good / judged:.0%} real or to add   target >= 90%"
        )


def _judgements(seed: int) -> dict[str, str]:
    if not JUDGEMENTS.is_file():
        return {}
    data = json.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    return data.get("samples", {}).get(str(seed), {}).get("verdicts", {})


def plant(word: str, rng: random.Random) -> tuple[str, str]:
    """One typo in ``word``: (kind, typo)."""
    i = rng.randrange(1, len(word) - 1)  # never the first letter: people rarely miss that one
    kind = rng.choice(["dropped", "doubled", "swapped", "wrong"])
    if kind == "dropped":
        return kind, word[:i] + word[i + 1 :]
    if kind == "doubled":
        return kind, word[: i + 1] + word[i] + word[i + 1 :]
    if kind == "swapped":
        return kind, word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    near = "qwertyuiopasdfghjklzxcvbnm"
    return kind, word[:i] + rng.choice(near.replace(word[i], "")) + word[i + 1 :]


def misses(paths: list[Path], count: int, seed: int) -> None:
    rng = random.Random(seed)
    linter = spelling_linter()
    speller = linter.rules[0].check.speller  # type: ignore[attr-defined]
    flagged = top3 = top1 = planted = 0
    by_kind: Counter[str] = Counter()
    missed_kind: Counter[str] = Counter()
    missed: list[str] = []
    order = paths[:]
    rng.shuffle(order)
    for path in order:
        if planted >= count:
            break
        article = load_article(path)
        spots = [
            m
            for m in _PLAIN.finditer(article.mask, article.body_start)
            if speller.known(m.group())
            and (m.start() == 0 or not article.mask[m.start() - 1].isalnum())
        ]
        if not spots:
            continue
        m = rng.choice(spots)
        word = m.group()
        kind, typo = plant(word, rng)
        if typo == word or speller.known(typo):
            continue  # the typo made another real word: no spell checker can see it
        text = article.text[: m.start()] + typo + article.text[m.end() :]
        changed = parse_article(text, path)
        planted += 1
        by_kind[kind] += 1
        hit = [d for d in linter.lint(changed) if d.start <= m.start() < d.end]
        if not hit:
            missed_kind[kind] += 1
            missed.append(f"{word}->{typo}")
            continue
        flagged += 1
        fixes = [f.replacement.lower() for f in (hit[0].fix, *hit[0].alternatives) if f]
        top1 += fixes[:1] == [word]
        top3 += word in fixes[:3]
    print(f"\nPlanted typos (seed {seed}): {planted} ({dict(by_kind)})")
    print(f"  flagged: {flagged} = {flagged / planted:.1%}   target >= 95%")
    print(f"  missed by kind: {dict(missed_kind)}; {', '.join(missed[:20])}")
    print(
        f"  intended word first: {top1 / planted:.1%}; among the first three: {top3} = {top3 / planted:.1%}"
        "   target >= 90%"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--typos", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = corpus_files()
    articles = [load_article(p) for p in paths]
    false_alarms(articles, args.sample, args.seed)
    misses(paths, args.typos, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
