"""Near-duplicate detection: planted duplicates in the corpus, precision and recall.

Sixty corpus articles get a planted near-duplicate each (seeded): sentences
reordered, 10-30% of sentences dropped or replaced by sentences of other
articles, title reworded, words swapped for synonyms. ``dupes`` then runs
over the 660 articles. A found pair is right when it joins a planted copy to
its source (or to an article that is itself a near-duplicate of the source);
pairs of two original articles are the corpus's own near-duplicates and are
listed separately. Prints precision and recall at several thresholds,
including the default, and the similarity of every planted pair.

    .venv/bin/python bench/dupes_quality.py
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import make_workspace, percentile, remove

from kbeditor.article import load_article
from kbeditor.config import SCHEMA
from kbeditor.search import SearchService
from kbeditor.search.shingles import article_sentences

SEED = 11
PLANTED = 60
SYNONYMS = {
    "select": "choose",
    "error": "failure",
    "issue": "problem",
    "problem": "issue",
    "computer": "machine",
    "start": "begin",
    "use": "utilize",
    "create": "make",
    "delete": "remove",
    "remove": "delete",
    "open": "launch",
    "fix": "resolve",
    "occurs": "happens",
    "because": "since",
    "receive": "get",
    "verify": "check",
    "check": "verify",
    "following": "below",
    "information": "details",
    "message": "notice",
    "application": "app",
    "run": "execute",
    "change": "modify",
    "enable": "turn on",
    "disable": "turn off",
    "help": "assist",
    "need": "require",
    "show": "display",
    "try": "attempt",
    "user": "person",
    "users": "people",
    "server": "host",
    "method": "approach",
    "resolve": "fix",
    "cause": "reason",
    "settings": "options",
    "specific": "particular",
    "contains": "includes",
    "appears": "shows up",
    "unable": "not able",
    "however": "but",
    "example": "instance",
    "ensure": "make sure",
}
_WORD = re.compile(r"\b[A-Za-z]+\b")


def swap_synonyms(text: str, rng: random.Random) -> str:
    def swap(m: re.Match[str]) -> str:
        word = m.group()
        other = SYNONYMS.get(word.lower())
        if other is None or rng.random() > 0.8:
            return word
        return other.capitalize() if word[0].isupper() else other

    return _WORD.sub(swap, text)


def plant(source: Path, donors: list[list[str]], rng: random.Random) -> str:
    article = load_article(source)
    sentences = article_sentences(article)
    share = rng.uniform(0.1, 0.3)
    out = []
    for sentence in sentences:
        if rng.random() < share:
            if rng.random() < 0.5:
                donor = rng.choice(donors)
                out.append(rng.choice(donor))
            continue  # dropped (or replaced above)
        out.append(sentence)
    for _ in range(max(1, len(out) // 4)):  # reorder: move a quarter of the sentences
        i, j = rng.randrange(len(out)), rng.randrange(len(out))
        out.insert(j, out.pop(i))
    words = article.title.split()
    title = (
        "Troubleshooting: " + " ".join(words[1:] + words[:1]) if len(words) > 2 else article.title
    )
    paragraphs = [" ".join(out[i : i + 4]) for i in range(0, len(out), 4)]
    body = "\n\n".join(swap_synonyms(p, rng) for p in paragraphs)
    return f"---\ntitle: {swap_synonyms(title, rng)}\n---\n\n# {title}\n\n{body}\n"


def main() -> None:
    rng = random.Random(SEED)
    root = make_workspace(strip_description=False)
    try:
        files = sorted(root.glob("*.md"))
        texts = {f: article_sentences(load_article(f)) for f in files}
        eligible = [f for f in files if len(texts[f]) >= 12]
        sources = rng.sample(eligible, PLANTED)
        donors = [texts[f] for f in files]
        truth: dict[str, str] = {}
        for source in sources:
            planted = root / "planted" / f"{source.stem}-dup.md"
            planted.parent.mkdir(exist_ok=True)
            planted.write_text(plant(source, donors, rng), encoding="utf-8")
            truth[f"planted/{planted.name}"] = source.name
        service = SearchService.open(root, stale_check_seconds=3600)
        service.update()
        default = SCHEMA["search"]["duplicate_threshold"][1]
        started = time.perf_counter()
        all_pairs = service.dupes(0.1)
        print(
            f"{len(files)} articles + {PLANTED} planted near-duplicates; "
            f"dupes sweep at 0.1 took {time.perf_counter() - started:.2f} s\n"
        )
        real = [
            p
            for p in all_pairs
            if not p.a.startswith("planted/") and not p.b.startswith("planted/")
        ]
        twins = {(p.a, p.b) for p in real if p.similarity >= default}
        found_planted = {}
        for p in all_pairs:
            for copy, other in ((p.a, p.b), (p.b, p.a)):
                if truth.get(copy) == other:
                    found_planted[copy] = p.similarity
        values = sorted(found_planted.get(c, 0.0) for c in truth)
        print(
            f"planted pairs similarity: min {values[0]:.3f}, p10 {percentile(values, 0.1):.3f}, "
            f"median {percentile(values, 0.5):.3f}, max {values[-1]:.3f}"
        )
        print(f"\n{'threshold':>9} {'found':>6} {'TP':>4} {'FP':>4} {'precision':>9} {'recall':>7}")
        for threshold in sorted({0.2, 0.25, 0.3, 0.35, 0.4, 0.5, default}):
            pairs = [p for p in all_pairs if p.similarity >= threshold]
            tp = fp = 0
            for p in pairs:
                if not (p.a.startswith("planted/") or p.b.startswith("planted/")):
                    continue  # the corpus's own pairs, listed below
                copy, other = (p.a, p.b) if p.a.startswith("planted/") else (p.b, p.a)
                source = truth[copy]
                if other == source or tuple(sorted((other, source))) in twins:
                    tp += 1
                else:
                    fp += 1
            recall = sum(1 for v in found_planted.values() if v >= threshold) / PLANTED
            precision = tp / (tp + fp) if tp + fp else 1.0
            mark = "  <- default" if threshold == default else ""
            print(
                f"{threshold:>9.2f} {len(pairs):>6} {tp:>4} {fp:>4} {precision:>9.3f} {recall:>7.3f}{mark}"
            )
        print("\nnear-duplicate pairs already in the corpus (similarity >= 0.3):")
        for p in real:
            if p.similarity >= 0.3:
                print(f"  {p.similarity:.3f}  {p.a}  {p.b}")
        service.close()
    finally:
        remove(root)


if __name__ == "__main__":
    main()
