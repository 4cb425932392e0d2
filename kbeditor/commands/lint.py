"""``kbeditor lint PATH...``: check articles against the workspace's style (or the bundled KB style).

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 usage or configuration error (including rule files none of which load).
"""

from __future__ import annotations

import argparse
import sys

from kbeditor.errors import KbError

FAIL_ON = ("error", "warning", "suggestion", "never")
# As kbeditor.lint.report.FORMATS, spelt out: parsing arguments must not import the linter.
FORMATS = ("text", "line", "json", "sarif", "codequality")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lint", help="check articles against the house style")
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="articles or folders (searched recursively)"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default: text; codequality is GitLab's Code Quality report)",
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="a kbeditor.toml or .vale.ini to use instead of the one found",
    )
    p.add_argument(
        "--min-level", choices=("suggestion", "warning", "error"), help="lowest level reported"
    )
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        help="lowest level that makes the exit code 1 (default: error)",
    )
    p.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="articles linted at once, one process each (default: one per core)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="lint every article again; do not read or write the workspace's lint cache",
    )
    p.set_defaults(func=run)


def _jobs(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def run(args: argparse.Namespace) -> int:
    from kbeditor.commands.lint_run import LintRun
    from kbeditor.lint.linters import Linters
    from kbeditor.paths import expand_articles

    refused: list[KbError] = []
    files = expand_articles(args.paths, refused)
    linters = Linters(args.config, args.min_level, report=_print_problem)
    job = LintRun(linters, use_cache=not args.no_cache, jobs=args.jobs)
    found = job.run(files, refused, args.format, sys.stdout, args.fail_on, args.paths)
    return 1 if found else 0


def _print_problem(message: str) -> None:
    print(f"kbeditor: {message}", file=sys.stderr)
