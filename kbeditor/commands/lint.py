"""``kbeditor lint PATH...``: check articles against the workspace's style (or the bundled KB style).

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 usage or configuration error (including rule files none of which load).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kbeditor.lint.diagnostic import at_least
    from kbeditor.lint.linters import Linters
    from kbeditor.lint.report import render
    from kbeditor.paths import expand_articles

    refused: list[KbError] = []
    files = expand_articles(args.paths, refused)
    linters = Linters(args.config, args.min_level, report=_print_problem)
    reports = []
    rules_seen: dict[str, object] = {}
    for path in files:
        linter = linters.for_path(path)
        for rule in linter.rules:
            rules_seen.setdefault(rule.id, rule)
        reports.append((_display(path), _lint_file(linter, path)))
    _add_duplicate_ids(files, reports)
    for error in refused:  # never read: a link out of the folder, or a loop
        assert error.path is not None
        reports.append((_display(error.path), [_file_problem(error.message)]))
    sys.stdout.write(render(args.format, reports, list(rules_seen.values())))  # type: ignore[arg-type]
    if args.fail_on == "never":
        return 0
    found = any(at_least(d.severity, args.fail_on) for _, diags in reports for d in diags)
    return 1 if found else 0


def _print_problem(message: str) -> None:
    print(f"kbeditor: {message}", file=sys.stderr)


def _lint_file(linter, path: Path):
    from kbeditor.article import load_article
    from kbeditor.errors import ArticleError

    try:
        article = load_article(path)
    except ArticleError as exc:
        return [_file_problem(exc.message)]
    return linter.lint(article)


def _add_duplicate_ids(files: list[Path], reports: list) -> None:
    """Articles checked together that share an id: an error on each, at its id line."""
    from kbeditor import article_ids
    from kbeditor.lint.diagnostic import Diagnostic

    ids = article_ids.read_ids(files)
    shown = {path: _display(path) for path in ids}
    clashes = article_ids.duplicates({path: found.id for path, found in ids.items()})
    path_of = {name: path for path, name in shown.items()}
    for index, (name, diags) in enumerate(reports):
        path = path_of.get(name)
        if path not in clashes:
            continue
        found = ids[path]
        text = article_ids.message(found.id, [shown[o] for o in clashes[path]])
        diags = sorted(
            [
                *diags,
                Diagnostic(
                    "kbeditor.DuplicateId",
                    "structure",
                    "error",
                    text[0].upper() + text[1:] + ".",
                    "Links and the exported site name an article by its id.",
                    "",
                    found.id,
                    0,
                    0,
                    found.line,
                    1,
                    found.line,
                    1,
                    None,
                ),
            ],
            key=lambda d: (d.line, d.column),
        )
        reports[index] = (name, diags)


def _file_problem(message: str):
    """The one error of a file that could not be read (or was refused)."""
    from kbeditor.lint.diagnostic import Diagnostic

    return Diagnostic(
        "kbeditor.File",
        "structure",
        "error",
        message,
        "The file could not be read.",
        "",
        "",
        0,
        0,
        1,
        1,
        1,
        1,
        None,
    )


def _display(path: Path) -> str:
    """The path relative to the current folder, with forward slashes (as Vale prints it)."""
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive on Windows
        rel = str(path)
    return Path(rel).as_posix()
