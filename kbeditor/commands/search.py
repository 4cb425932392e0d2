"""``kbeditor search QUERY``: search the workspace's articles."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="search the knowledge base",
        description='Search articles. Words are ranked by relevance; "quoted phrases" must '
        "appear as written; error codes (0x80070005, AADSTS50076, Event ID 2004, HTTP 401) "
        "match exactly and rank first; misspelt words are corrected from the index; "
        "product:NAME and tag:NAME filter. The index is built or updated first if needed.",
    )
    p.add_argument("query", metavar="QUERY", help="what to look for (quote it in the shell)")
    p.add_argument(
        "--workspace",
        "-w",
        default=".",
        metavar="W",
        help="workspace folder (default: the current folder)",
    )
    p.add_argument(
        "--limit",
        "-n",
        type=_positive,
        default=10,
        metavar="N",
        help="how many results to show (default 10)",
    )
    p.add_argument("--product", metavar="P", help="only articles of this product")
    p.add_argument("--tag", metavar="T", help="only articles with this tag")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    from kbeditor.search import SearchService

    with SearchService.open(args.workspace) as service:
        results = service.search(args.query, args.limit, args.product, args.tag)
        report_index_work(service)
        _count_gap(service.workspace.root, args.query, results.total)
    if args.json:
        json.dump(results.as_dict(), sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for typed, fixed in results.corrections.items():
        print(f"(searched for '{fixed}' instead of '{typed}')")
    shown = len(results.results)
    print(
        f"{results.total} article{'s' if results.total != 1 else ''} found"
        + (f", best {shown} shown" if shown < results.total else "")
    )
    for rank, hit in enumerate(results.results, 1):
        print(f"\n{rank}. {hit.title}")
        print(f"   {hit.path}:{hit.line}   score {hit.score:.2f}")
        if hit.snippet:
            print(f"   {hit.snippet}")
    for name, counts in results.facets.items():
        if counts:
            listed = ", ".join(f"{value} ({count})" for value, count in counts.items())
            print(f"\n{name}: {listed}")
    return 0


def _count_gap(root, query: str, found: int) -> None:  # type: ignore[no-untyped-def]
    """A query that found nothing is a search gap ([search] log_queries; off by default)."""
    from kbeditor.health import querylog

    querylog.record(root, query, found)


def report_index_work(service) -> None:  # type: ignore[no-untyped-def]
    """Say on stderr what is wrong in the config file, where the index is kept (when not in
    the workspace) and what was done to it."""
    from kbeditor.commands.config_report import print_config_problems

    print_config_problems(service.workspace)
    if service.note:
        print(f"kbeditor: {service.note}", file=sys.stderr)
    report = service.last_update
    if report is None:
        return
    if report.recovered:
        print(f"kbeditor: {report.recovered}", file=sys.stderr)
    if report.changed:
        print(f"kbeditor: {report.summary()}", file=sys.stderr)
