"""``kbeditor report [WORKSPACE] --out DIR [--json]``: the knowledge base's health, for its manager.

Exit codes: 0 the report was written (or printed); 1 the KB score is below
``--fail-under``; 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kbeditor.errors import KbError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write the knowledge base's health report (HTML and JSON)",
        description="Write a self-contained HTML health report (index.html, opens from disk, "
        "no network, no script) and the same figures as report.json into --out: articles by "
        "product, type, audience and status; a health score per article and for the KB; "
        "articles past or near their review date, by owner; the most frequent problems; "
        "likely duplicates; broken links; search gaps; the trend over earlier runs. Each run "
        "adds a snapshot to the workspace's data folder for the trend.",
    )
    p.add_argument(
        "workspace",
        nargs="?",
        default=".",
        metavar="WORKSPACE",
        help="workspace folder (default: the current folder)",
    )
    p.add_argument("--out", "-o", metavar="DIR", help="folder to write index.html and report.json")
    p.add_argument("--json", action="store_true", help="print the report's JSON on standard output")
    p.add_argument(
        "--fail-under",
        type=float,
        metavar="SCORE",
        help="exit with code 1 when the KB score (0 to 100) is below SCORE",
    )
    p.add_argument(
        "--no-snapshot",
        action="store_true",
        help="do not add this run to the trend history (a trial run)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kbeditor.health.html import write_report
    from kbeditor.health.report import build_report
    from kbeditor.workspace import Workspace

    if not args.out and not args.json:
        raise KbError("say where to write the report with --out DIR, or print it with --json")
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise KbError("--fail-under must be from 0 to 100")
    workspace = Workspace(args.workspace)
    for problem in workspace.config.problems:
        print(f"kbeditor: {problem}", file=sys.stderr)
    report = build_report(workspace, save_snapshot=not args.no_snapshot)
    if args.out:
        out = Path(args.out).expanduser()
        if out.exists() and not out.is_dir():
            raise KbError("is not a folder", out)
        page = write_report(report, out, workspace.root)
        if not args.json:
            print(_summary(report, page))
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
    below = args.fail_under is not None and report["score"]["kb"] < args.fail_under
    return 1 if below else 0


def _summary(report: dict, page: Path) -> str:
    fresh = report["freshness"]
    build = report["build"]
    return (
        f"KB score {report['score']['kb']} over {report['glance']['articles']} articles; "
        f"{len(fresh['overdue'])} past review, {len(fresh['no_owner'])} without owner, "
        f"{len(report['duplicates']['clusters'])} duplicate groups, "
        f"{len(report['links']['broken'])} broken links "
        f"({build['seconds']} s, {build['articles_from_cache']} from cache)\n"
        f"wrote {page}"
    )
