"""Which Linter checks which article: one per configuration file found, built on first use.

The command line and the language server both check articles from anywhere
on disk, so both need the same answer to "which kbeditor.toml or .vale.ini
applies here?" (see :func:`kbeditor.lint.settings.find_config`). Building a
Linter compiles every rule, so each configuration file is read and built once
and its problems are reported once, through ``report`` (the command line
prints them to stderr; the language server must never print: its stdout is
the protocol). Workers that lint many articles of one workspace (export's lint
check, the health view) keep one linter per workspace root instead
(:func:`workspace_linter`), rebuilt when the rule-set identity changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kbeditor.errors import KbError
from kbeditor.lint.engine import Linter
from kbeditor.lint.identity import ruleset_identity
from kbeditor.lint.memo import Memo
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


# -- one linter per workspace and process, for workers that lint many articles --------------
# Export's lint check (in each render worker) and the health view's workers lint many articles
# of one workspace, and the editor exports and refreshes again and again for hours, during
# which a writer may edit a rule: the linter is kept per root with the rule-set identity it was
# built under. A bounded, thread-safe Memo holds them (a few workspaces at most), readable from
# the editor's job thread while another thread exports.
# root -> (rule-set identity, linter), or None once that identity is known to be out of date
_LINTERS: Memo[str, tuple[str, Linter] | None] = Memo(size=4)


def identity_of(root: str | Path) -> str:
    """The workspace's rule-set identity now (it hashes every rule file: once per run)."""
    return ruleset_identity(settings_for(Path(root)))[:16]


def workspace_linter(root: str | Path, identity: str | None = None) -> Linter:
    """The linter of the workspace at ``root``.

    With ``identity``, one built under that identity (rebuilt if the kept one is not).
    Without, the kept one as it is: the caller checked it this run with :func:`drop_stale`.
    """
    key = str(root)
    known = _LINTERS.get(key)
    if known is not None and (identity is None or known[0] == identity):
        return known[1]
    settings = settings_for(Path(root))
    built = (identity or ruleset_identity(settings)[:16], Linter.from_settings(settings))
    _LINTERS[key] = built
    return built[1]


def drop_stale(root: str | Path, identity: str) -> None:
    """Forget the kept linter of ``root`` if it was built under another identity."""
    known = _LINTERS.get(str(root))
    if known is not None and known[0] != identity:
        _LINTERS[str(root)] = None
