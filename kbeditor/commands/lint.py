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


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lint", help="check articles against the house style")
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="articles or folders (searched recursively)"
    )
    p.add_argument(
        "--format",
        choices=("text", "line", "json", "sarif"),
        default="text",
        help="output format (default: text)",
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
    from kbeditor.lint.report import render
    from kbeditor.paths import expand_articles

    refused: list[KbError] = []
    files = expand_articles(args.paths, refused)
    linters = _Linters(args.config, args.min_level)
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


class _Linters:
    """One Linter per configuration file found, built on first use; problems printed once."""

    def __init__(self, config: str | None, min_level: str | None) -> None:
        self.config = config
        self.min_level = min_level
        self.cache: dict[object, object] = {}
        self._folders: dict[Path, object] = {}

    def for_path(self, path: Path):  # type: ignore[no-untyped-def]
        from kbeditor.lint.settings import from_file, settings_for

        if self.config and self.config in self.cache:
            return self.cache[self.config]  # the same file: read and built once
        settings = from_file(self.config) if self.config else None
        key = self.config or self._config_key(path)
        if key in self.cache:
            return self.cache[key]
        if settings is None:
            settings = settings_for(path.parent)
        linter = _build(settings, self.min_level)
        self.cache[key] = linter
        return linter

    def _config_key(self, path: Path) -> object:
        """The configuration file that applies to an article, looked up once per folder.

        A folder of hundreds of articles would otherwise search the same
        parents for a configuration file once per article. An article that is a
        symbolic link is looked up from where it points, as before, uncached.
        """
        if path.is_symlink():
            return _config_key(path)
        folder = path.parent
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = _config_key(path)
        return found


def _config_key(path: Path) -> object:
    from kbeditor.lint.settings import find_config

    return find_config(path.resolve().parent) or "default"


def _build(settings, min_level: str | None):  # type: ignore[no-untyped-def]
    from kbeditor.lint.engine import Linter

    for problem in settings.problems:
        print(f"kbeditor: {problem}", file=sys.stderr)
    if min_level:
        settings.min_level = min_level
    linter = Linter.from_settings(settings)
    for notice in linter.notices:
        print(f"kbeditor: notice: {notice}", file=sys.stderr)
    for error in linter.errors:
        print(f"kbeditor: {error}", file=sys.stderr)
    if not linter.rules:
        where = settings.source or "the bundled style"
        raise KbError("no rules could be loaded; nothing to check with", where)
    return linter


def _lint_file(linter, path: Path):  # type: ignore[no-untyped-def]
    from kbeditor.article import load_article
    from kbeditor.errors import ArticleError

    try:
        article = load_article(path)
    except ArticleError as exc:
        return [_file_problem(exc.message)]
    return linter.lint(article)


def _add_duplicate_ids(files: list[Path], reports: list) -> None:  # type: ignore[type-arg]
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


def _file_problem(message: str):  # type: ignore[no-untyped-def]
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
