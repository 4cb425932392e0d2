"""Quality of the KB style on real articles: alert rates, samples to judge, precision.

Runs lint_rules/KB over the public corpus (real Microsoft support articles,
all ``ms.topic: troubleshooting``, audience ITPro/Admin, read as it-staff) and
prints, for each KB rule, the alerts and alerts per 1,000 prose words. It then
draws a seeded random sample of up to ``--sample`` alerts per rule and prints
each with its context, for a person to judge (true alarm or false alarm).
The judgements live in bench/lint_quality_judgements.json::

    {"KB.Blame": {"audience": "it-staff", "sampled": 30, "false_alarms": 1, "notes": "..."},
     "KB.Jargon@end-user": {"audience": "end-user", "sampled": 30, ...}}

and the script prints precision per rule from that file, for the judgements
made with the same audience as this run. Rules for end users only (jargon,
abbreviations, reassurance ...) are silent on the corpus; run with
``--audience end-user`` to judge them as if the articles were for end users.

Usage:
    .venv/bin/python bench/lint_quality.py [--audience it-staff|end-user]
        [--sample 30] [--seed 7] [--rule KB.Blame ...] [--no-samples] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from _corpus import corpus_files

from kbeditor.article import Article, load_article
from kbeditor.lint.diagnostic import Diagnostic
from kbeditor.lint.engine import Linter

ROOT = Path(__file__).resolve().parents[1]
KB_STYLE = ROOT / "lint_rules" / "KB"
JUDGEMENTS = Path(__file__).with_name("lint_quality_judgements.json")
CONTEXT = 110


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    files = corpus_files()[: args.limit or None]
    linter = Linter.from_styles([KB_STYLE])
    if linter.errors:
        for err in linter.errors:
            print(f"rule error: {err}", file=sys.stderr)
        return 2
    alerts, words = _lint_corpus(linter, files, args.audience)
    rule_ids = sorted(r.id for r in linter.rules)
    judged = _judgements(args.audience)
    _print_rates(rule_ids, alerts, words, judged, len(files), args.audience)
    if not args.no_samples:
        wanted = set(args.rule) if args.rule else set(rule_ids)
        rng = random.Random(args.seed)
        for rule_id in rule_ids:
            found = alerts.get(rule_id, [])
            sample = rng.sample(found, min(args.sample, len(found))) if found else []
            if rule_id in wanted and sample:
                _print_sample(rule_id, sample, args.audience)
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--audience", choices=("it-staff", "end-user", "developer"), default="it-staff")
    p.add_argument("--sample", type=int, default=30, help="alerts to sample per rule (default 30)")
    p.add_argument("--seed", type=int, default=7, help="random seed of the sample (default 7)")
    p.add_argument("--rule", action="append", help="print samples only for this rule (repeatable)")
    p.add_argument("--no-samples", action="store_true", help="print the rates table only")
    p.add_argument("--limit", type=int, default=0, help="only the first N corpus files")
    return p


Alert = tuple[str, Article, Diagnostic]


def _lint_corpus(
    linter: Linter, files: list[Path], audience: str
) -> tuple[dict[str, list[Alert]], int]:
    alerts: dict[str, list[Alert]] = defaultdict(list)
    words = 0
    for path in files:
        article = load_article(path)
        _as_kb_article(article, audience)
        words += article.counts()["words"]
        for d in linter.lint(article):
            if d.rule.startswith("KB."):
                alerts[d.rule].append((path.name, article, d))
    return alerts, words


# Every corpus article says ms.topic: troubleshooting, but many are how-tos ("How to
# configure ...") or reference pages ("Information about ..."); their titles say so.
_HOW_TO = re.compile(
    r"^(?:how to|how do i|set up|configure|create|use|using|share|remove|add|enable|disable|"
    r"install|installing|deploy|manage|migrate|move|customize|change|view|block|run|scan|"
    r"get|hide|plan|find|export|import|turn|set|request|assign)\b(?!-)",
    re.IGNORECASE,
)
# ... unless the title names a fault ("Using PageParserPath directive can cause performance
# problems", "Add-ins stop working ...") or the article is laid out as one (Symptoms, Cause).
# ("Access" is left out above: in these titles it is nearly always the product.)
_FAULT = re.compile(
    r"\b(?:errors?|fails?|failed|failures?|problems?|issues?|can't|cannot|unable|doesn't|don't|"
    r"isn't|aren't|won't|not working|stops? working|crash(?:es)?|denied|incorrect|wrong)\b",
    re.IGNORECASE,
)
_GUIDE = re.compile(r"^how (?:to|do i)\b", re.IGNORECASE)  # "How to troubleshoot ... issues"
# Microsoft's explainer layout: only these top-level sections, no symptom, cause or fix.
_EXPLAINER_HEADING = re.compile(
    r"^(?:summary|introduction|overview|more information|references|see also|applies to)$",
    re.IGNORECASE,
)
_FAULT_HEADING = re.compile(r"^(?:symptoms?|problem|cause)\b", re.IGNORECASE)
_REFERENCE = re.compile(
    r"^(?:description of|information|about|overview|introduction to|best practices|"
    r"frequently asked|faq|what is|what's|support for|guidance|list of|summary of|new features|"
    r"deprecat|end of support)\b|(?:resources|reports|overview|information|troubleshooter)$",
    re.IGNORECASE,
)


def _as_kb_article(article: Article, audience: str) -> None:
    """Read the corpus front matter as ours: ms.topic gives the type unless the title says
    the article is a how-to or a reference page (a title that names a fault, or a Symptoms or
    Cause section, keeps it a troubleshooting article), or its only sections are Summary, More
    information and the like (an explainer, no type); the audience is chosen on the command
    line."""
    meta = article.metadata
    topic = str(meta.extra.get("ms.topic", "")).strip()
    if meta.type is None and topic in ("troubleshooting", "how-to", "known-issue"):
        meta.type = topic
    heads = [article.heading_text(h) for h in article.headings if h.level == 1][:1]
    titles = [" ".join(t.split()) for t in [article.title, *heads]]
    if meta.type == "troubleshooting" and any(_REFERENCE.search(t) for t in titles):
        meta.type = None
    elif (
        meta.type == "troubleshooting"
        and any(_GUIDE.match(t) or (_HOW_TO.match(t) and not _FAULT.search(t)) for t in titles)
        and not any(_FAULT_HEADING.match(s.title.strip()) for s in article.sections)
    ):
        meta.type = "how-to"
    elif meta.type == "troubleshooting" and _explainer(article):
        meta.type = None
    meta.audience = audience


def _explainer(article: Article) -> bool:
    """Whether the article is laid out as an explainer: Summary and More information only."""
    tops = [s for s in article.sections if s.level == 2]
    return bool(tops) and all(
        _EXPLAINER_HEADING.match(" ".join(s.title.split()).rstrip(":")) for s in tops
    )


def _judgements(audience: str) -> dict[str, dict]:
    if not JUDGEMENTS.is_file():
        return {}
    data = json.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    # Keys are rule ids, with "@audience" when the same rule is judged for another audience.
    return {
        k.split("@", 1)[0]: v for k, v in data.items() if v.get("audience", "it-staff") == audience
    }


def _print_rates(
    rule_ids: list[str],
    alerts: dict[str, list[Alert]],
    words: int,
    judged: dict[str, dict],
    files: int,
    audience: str,
) -> None:
    print(f"KB style over {files} corpus articles, {words:,} prose words, audience {audience}")
    print(
        f"{'rule':28} {'alerts':>7} {'per 1k words':>13} {'sampled':>8} {'false':>6} {'precision':>10}"
    )
    for rule_id in rule_ids:
        n = len(alerts.get(rule_id, []))
        rate = n * 1000 / words if words else 0.0
        j = judged.get(rule_id)
        if j and j.get("sampled") and n:
            precision = 1 - j["false_alarms"] / j["sampled"]
            tail = f"{j['sampled']:>8} {j['false_alarms']:>6} {precision:>9.0%}"
        else:
            tail = f"{'-':>8} {'-':>6} {'-':>10}"
        print(f"{rule_id:28} {n:>7} {rate:>13.3f} {tail}")


def _print_sample(rule_id: str, sample: list[Alert], audience: str) -> None:
    print(f"\n=== {rule_id}: {len(sample)} sampled alerts (audience {audience}) ===")
    for i, (name, article, d) in enumerate(sample, 1):
        print(f"[{i}] {name}:{d.line}:{d.column}  match={d.match[:80]!r}")
        print(f"    {d.message}")
        print(f"    context: {_context(article, d)}")


def _context(article: Article, d: Diagnostic) -> str:
    text = article.text
    a = max(0, d.start - CONTEXT)
    b = min(len(text), d.end + CONTEXT)
    before = " ".join(text[a : d.start].split())
    match = " ".join(text[d.start : d.end].split())
    after = " ".join(text[d.end : b].split())
    return f"...{before} [[{match}]] {after}..."


if __name__ == "__main__":
    sys.exit(main())
