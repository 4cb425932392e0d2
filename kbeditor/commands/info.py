"""``kbeditor info PATH...``: metadata, outline and counts of articles."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import Any

from kbeditor.article import Article, load_article
from kbeditor.errors import ArticleError, KbError
from kbeditor.paths import expand_articles


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="show metadata, outline and counts of articles")
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="articles or folders (searched recursively)"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    records = []
    failed = False
    refused: list[KbError] = []
    for path in expand_articles(args.paths, refused):
        try:
            article = load_article(path)
        except ArticleError as exc:
            records.append(_record(path, None, str(exc)))
            failed = True
            continue
        error = "; ".join(str(e) for e in article.errors) or None
        failed = failed or error is not None
        records.append(_record(path, article, error))
    for refusal in refused:  # never read: a link out of the folder, or a loop
        assert refusal.path is not None
        records.append(_record(refusal.path, None, str(refusal)))
        failed = True
    if args.json:
        json.dump({"articles": records}, sys.stdout, indent=2, ensure_ascii=False, default=str)
        print()
    else:
        for record in records:
            _print_text(record)
    return 1 if failed else 0


def _record(path: Path, article: Article | None, error: str | None) -> dict[str, object]:
    return {
        "path": path.as_posix(),
        "title": article.title if article else None,
        "metadata": article.metadata.as_dict() if article else {},
        "profile": _profile(path, article),
        "outline": article.outline() if article else [],
        "counts": article.counts() if article else {},
        "error": error,
    }


def _profile(path: Path, article: Article | None) -> dict[str, object]:
    """The type and audience the linter uses, marked where inferred ([lint] infer decides)."""
    if article is None:
        return {}
    from kbeditor.inference import profile

    return profile(article, infer=_infer_setting(path.parent)).as_dict()


@functools.cache
def _infer_setting(folder: Path) -> bool:
    from kbeditor.lint.settings import settings_for

    return settings_for(folder).infer


def _print_text(record: dict[str, Any]) -> None:
    print(f"{record['path']}")
    if record["error"]:
        print(f"  error: {record['error']}", file=sys.stdout)
    if record["title"] is None:
        print()
        return
    print(f"  title: {record['title']}")
    reading = record["profile"]
    for key, value in record["metadata"].items():
        if key != "title" and not reading.get(f"{key}_inferred"):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            print(f"  {key}: {shown}")
    for key in ("type", "audience"):
        if reading.get(f"{key}_inferred"):
            value = reading[key] or "none (a reference article)"
            print(f"  {key}: {value} (inferred: {reading[f'{key}_reason']})")
    counts = record["counts"]
    print("  counts: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("  outline:")
    for h in record["outline"]:
        print(f"    {'  ' * (h['level'] - 1)}{'#' * h['level']} {h['title']}  (line {h['line']})")
    print()
