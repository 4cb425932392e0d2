"""Which Linter checks which article: one per configuration file found, built on first use.

The command line and the language server both check articles from anywhere
on disk, so both need the same answer to "which kbeditor.toml or .vale.ini
applies here?" (see :func:`kbeditor.lint.settings.find_config`). Building a
Linter compiles every rule, so each configuration file is read and built once
and its problems are reported once, through ``report`` (the command line
prints them to stderr; the language server must never print: its stdout is
the protocol).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kbeditor.errors import KbError
from kbeditor.lint.engine import Linter
from kbeditor.lint.settings import LintSettings, find_config, from_file, settings_for

DEFAULT_KEY = "default"


def _ignore(_message: str) -> None:
    """The reporter when nobody listens."""


class Linters:
    """One Linter per configuration file, found from each article's folder.

    Args:
        config: a kbeditor.toml or .vale.ini that applies to every article instead.
        min_level: the lowest level reported, over the configuration's own.
        report: called once with each configuration problem, notice and broken rule file.
        default_root: the folder whose settings apply when no configuration is found
            (the article's own folder when None, as the command line does).
    """

    def __init__(
        self,
        config: str | Path | None = None,
        min_level: str | None = None,
        report: Callable[[str], None] = _ignore,
        default_root: Path | None = None,
    ) -> None:
        self.config = str(config) if config else None
        self.min_level = min_level
        self.report = report
        self.default_root = default_root
        self._cache: dict[object, Linter] = {}
        self._folders: dict[Path, object] = {}

    def for_path(self, path: Path) -> Linter:
        """The Linter for an article; raises KbError when none of its rules load."""
        key = self.config or self._config_key(path)
        linter = self._cache.get(key)
        if linter is None:
            linter = self._cache[key] = self.build(self.settings_for(path))
        return linter

    def key_for(self, path: Path) -> object:
        """The configuration that applies to ``path`` (its file, or ``"default"``)."""
        return self.config or self._config_key(path)

    def settings_for(self, path: Path) -> LintSettings:
        """The settings that apply to an article, read but not built into a Linter.

        A caller that may not need the rules at all (every answer cached) reads
        these first and calls :meth:`build` only when an article must be linted.
        """
        key = self.key_for(path)
        if self.config:
            settings = from_file(self.config)
        elif key == DEFAULT_KEY and self.default_root is not None:
            settings = settings_for(self.default_root)
        else:
            settings = settings_for(path.parent)
        if self.min_level:
            settings.min_level = self.min_level
        return settings

    def _config_key(self, path: Path) -> object:
        """The configuration file that applies to an article, looked up once per folder.

        A folder of hundreds of articles would otherwise search the same
        parents for a configuration file once per article. An article that is a
        symbolic link is looked up from where it points, uncached.
        """
        if path.is_symlink():
            return config_key(path)
        folder = path.parent
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = config_key(path)
        return found

    def build(self, settings: LintSettings, report: Callable[[str], None] | None = None) -> Linter:
        """A Linter of ``settings``; problems go to ``report`` (this object's by default).

        Raises KbError, after reporting the rule errors, when none of the rules load.
        """
        say = report or self.report
        for problem in settings.problems:
            say(str(problem))
        if self.min_level:
            settings.min_level = self.min_level
        linter = Linter.from_settings(settings)
        for notice in linter.notices:
            say(f"notice: {notice}")
        for error in linter.errors:
            say(str(error))
        if not linter.rules:
            where = settings.source or "the bundled style"
            raise KbError("no rules could be loaded; nothing to check with", where)
        return linter


def config_key(path: Path) -> object:
    """The configuration file that applies to ``path``, or ``"default"`` for the bundled style."""
    return find_config(path.resolve().parent) or DEFAULT_KEY
