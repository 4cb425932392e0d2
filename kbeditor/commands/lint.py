"""``kbeditor lint PATH...``: check articles against the workspace's style (or the bundled KB style).

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 usage or configuration error (including rule files none of which load).
"""

from __future__ import annotations

import argparse
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
    from kbeditor.paths import expand_articles

    refused: list[KbError] = []
    files = expand_articles(args.paths, refused)
    linters = _Linters(args.config, args.min_level)
    job = LintRun(linters, use_cache=not args.no_cache, jobs=args.jobs)
    found = job.run(files, refused, args.format, sys.stdout, args.fail_on, args.paths)
    return 1 if found else 0


class _Linters:
    """One Linter per configuration file found, built on first use; problems printed once."""

    def __init__(self, config: str | None, min_level: str | None) -> None:
        self.config = config
        self.min_level = min_level
        self.cache: dict[object, object] = {}
        self._folders: dict[Path, object] = {}

    def for_path(self, path: Path):  # type: ignore[no-untyped-def]
        """The RuleSet of an article (its rules are built only when needed)."""
        from kbeditor.commands.lint_run import RuleSet
        from kbeditor.lint.settings import from_file, settings_for

        if self.config and self.config in self.cache:
            return self.cache[self.config]  # the same file: read once
        settings = from_file(self.config) if self.config else None
        key = self.config or self._config_key(path)
        if key in self.cache:
            return self.cache[key]
        if settings is None:
            settings = settings_for(path.parent)
        if self.min_level:
            settings.min_level = self.min_level
        rules = RuleSet(settings, self.config, str(path.parent), self.min_level)
        self.cache[key] = rules
        return rules

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


def build(settings, min_level: str | None, say=print):  # type: ignore[no-untyped-def]
    """The Linter of ``settings``; each problem, notice and rule error goes to ``say``."""
    from kbeditor.lint.engine import Linter

    for problem in settings.problems:
        say(f"kbeditor: {problem}")
    if min_level:
        settings.min_level = min_level
    linter = Linter.from_settings(settings)
    for notice in linter.notices:
        say(f"kbeditor: notice: {notice}")
    for error in linter.errors:
        say(f"kbeditor: {error}")
    if not linter.rules:
        where = settings.source or "the bundled style"
        raise KbError("no rules could be loaded; nothing to check with", where)
    return linter
