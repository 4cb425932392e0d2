"""``kbeditor dupes [WORKSPACE]``: every pair of articles that duplicate each other."""

from __future__ import annotations

import argparse
import json
import sys

from kbeditor.errors import KbError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "dupes",
        help="list pairs of near-duplicate articles",
        description="List every pair of articles whose similarity (share of 3-word runs in "
        "common, Jaccard, 0 to 1) is at least the threshold. Exit code 1 when pairs are found, "
        "so a CI job can fail on new duplicates.",
    )
    p.add_argument(
        "workspace",
        nargs="?",
        default=".",
        metavar="WORKSPACE",
        help="workspace folder (default: the current folder)",
    )
    p.add_argument(
        "--threshold",
        "-t",
        type=float,
        metavar="X",
        help="similarity from 0 to 1 (default: [search] duplicate_threshold in kbeditor.toml)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kbeditor.commands.search import report_index_work
    from kbeditor.search import SearchService

    if args.threshold is not None and not 0.0 < args.threshold <= 1.0:
        raise KbError("--threshold must be above 0 and at most 1")
    with SearchService.open(args.workspace) as service:
        pairs = service.dupes(args.threshold)
        report_index_work(service)
    if args.json:
        records = [{"a": p.a, "b": p.b, "similarity": p.similarity} for p in pairs]
        json.dump({"pairs": records}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for pair in pairs:
            print(f"{pair.similarity:.2f}  {pair.a}  {pair.b}")
        print(f"{len(pairs)} pair{'s' if len(pairs) != 1 else ''} of near-duplicates")
    return 1 if pairs else 0
