"""``kbeditor index [WORKSPACE] [--rebuild]``: bring the search index up to date."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "index",
        help="update the search index (only articles that changed)",
        description="Update the workspace's search index: articles whose content changed "
        "are indexed again, deleted ones removed. The index lives in WORKSPACE/.kbeditor/search/.",
    )
    p.add_argument(
        "workspace",
        nargs="?",
        default=".",
        metavar="WORKSPACE",
        help="workspace folder (default: the current folder)",
    )
    p.add_argument("--rebuild", action="store_true", help="throw the index away and build it again")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kbeditor.commands.config_report import print_config_problems
    from kbeditor.search import SearchService

    with SearchService.open(args.workspace) as service:
        print_config_problems(service.workspace)
        if service.note:
            print(f"kbeditor: {service.note}", file=sys.stderr)
        report = service.rebuild(wait=10.0) if args.rebuild else service.update(wait=10.0)
    if report.recovered:
        print(f"kbeditor: {report.recovered}", file=sys.stderr)
    print(report.summary())
    for problem in report.failed:
        print(f"  not indexed: {problem}")
    return 1 if report.failed else 0
