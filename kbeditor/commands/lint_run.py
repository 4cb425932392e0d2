"""One ``kbeditor lint`` run over many articles: cache, worker processes, streamed report.

The report is written in its final order as results arrive, so the paths are
sorted first (the order every format prints them in) and the workers' answers
come back in that order (:func:`kbeditor.lint.batch.ordered`). An article
whose bytes are in the workspace's lint cache for the same rule set is not
linted again (:mod:`kbeditor.lint.cache`).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kbeditor.article import read_bytes
from kbeditor.errors import ArticleError, KbError
from kbeditor.lint import batch
from kbeditor.lint.cache import LintCache, content_digest
from kbeditor.lint.diagnostic import Diagnostic, at_least
from kbeditor.lint.linters import Linters

RULE_FAILED = "kbeditor.RuleFailed"
# Below this many articles, starting worker processes costs more than it saves.
PARALLEL_MIN = 32


@dataclass(frozen=True, slots=True)
class RuleFacts:
    """What a SARIF report says about a rule, remembered with the rule set."""

    id: str
    message: str
    description: str
    link: str
    level: str
    category: str
    kind: str


class RuleSet:
    """One configuration's rules, built only when an article must be linted.

    Building a rule set compiles every rule (seconds); a run whose articles
    all come from the cache needs only what building it printed and the
    rules' descriptions, which the cache keeps per rule set (:meth:`facts`).
    Which configuration applies, and how it is built, is
    :class:`kbeditor.lint.linters.Linters`' answer, as for the editor and the
    language server.
    """

    def __init__(self, linters: Linters, path: Path) -> None:
        self.linters = linters
        self.settings = linters.settings_for(path)
        self.recipe = batch.Recipe(linters.config, str(path.parent), linters.min_level)
        self._linter: Any = None
        self._facts: dict[str, Any] | None = None

    @property
    def identity(self) -> str:
        from kbeditor.lint.identity import ruleset_identity

        if not hasattr(self, "_identity"):
            self._identity = ruleset_identity(self.settings)
        return self._identity

    def linter(self, quiet: bool = False) -> Any:
        """The Linter, built on first use; what building prints is printed unless ``quiet``."""
        if self._linter is None:
            lines: list[str] = []
            try:
                self._linter = self.linters.build(self.settings, lambda m: lines.append(m))
            finally:  # also when no rule could be loaded: the lines say why
                for line in [] if quiet else lines:
                    self.linters.report(line)
            batch.remember(self.recipe, self._linter)
            rules = [_rule_facts(r) for r in self._linter.rules]
            self._facts = {"messages": lines, "rules": rules}
        return self._linter

    def facts(self, cache: LintCache | None) -> dict[str, Any]:
        """Messages and rules: from the cache (printing the messages), else by building."""
        if self._facts is None and cache is not None:
            known = cache.ruleset_facts()
            if known is not None:
                for line in known["messages"]:
                    self.linters.report(line)
                self._facts = known
        if self._facts is None:
            self.linter()
            if cache is not None:
                cache.put_ruleset_facts(self._facts)  # type: ignore[arg-type]
        return self._facts  # type: ignore[return-value]


def _rule_facts(rule: Any) -> dict[str, str]:
    return {f: str(getattr(rule, f) or "") for f in RuleFacts.__dataclass_fields__}


@dataclass(slots=True)
class _Entry:
    display: str
    path: Path
    refused: str | None = None
    rules: RuleSet | None = None
    cache: LintCache | None = None
    digest: str | None = None  # set once read: None when the answer is known without linting


class LintRun:
    """Lints a list of articles into a report writer; remembers results in the lint cache."""

    def __init__(self, linters: Linters, *, use_cache: bool, jobs: int | None) -> None:
        self.linters = linters
        self.use_cache = use_cache
        self.jobs = jobs
        self._rulesets: dict[object, RuleSet] = {}
        self._clashes: dict[Path, Diagnostic] = {}
        self._caches: dict[tuple[Path, str], LintCache] = {}
        self._roots: dict[Path, Path | None] = {}
        self.rules: dict[str, object] = {}

    def run(
        self,
        files: list[Path],
        refused: Sequence[KbError],
        fmt: str,
        out: IO[str],
        fail_on: str,
        args: Sequence[str],
    ) -> bool:
        """Write the report; True when a finding is at or above ``fail_on``."""
        from kbeditor.lint.stream import writer_for

        entries = self._plan(files, refused)
        self._clashes = duplicate_ids(files)
        misses = self._read(entries)
        jobs = self.jobs or batch.default_jobs()
        if self.jobs is None and misses < PARALLEL_MIN:
            jobs = 1
        for rules in {id(e.rules): e.rules for e in entries if e.digest and e.rules}.values():
            rules.linter(quiet=True)  # built before workers start: they inherit it
        writer = writer_for(fmt, out)
        found = False
        gate = fail_on != "never"
        with _progress(len(entries)) as bar:
            for display, diags in self._results(entries, jobs):
                writer.add(display, diags)
                found = found or (gate and any(at_least(d.severity, fail_on) for d in diags))
                bar.update()
        writer.finish(list(self.rules.values()))  # type: ignore[arg-type]
        self._save(args)
        return found

    def _plan(self, files: list[Path], refused: Sequence[KbError]) -> list[_Entry]:
        """Every article with its rule set (all built before the first byte is written)."""
        entries = []
        described: set[int] = set()
        for path in files:
            rules = self._ruleset(path)
            cache = self._cache_for(path, rules) if self.use_cache else None
            if id(rules) not in described:  # once per rule set, not once per article
                described.add(id(rules))
                for facts in rules.facts(cache)["rules"]:
                    self.rules.setdefault(facts["id"], RuleFacts(**facts))
            entries.append(_Entry(_display(path), path, None, rules, cache))
        for error in refused:  # never read: a link out of the folder, or a loop
            assert error.path is not None
            entries.append(_Entry(_display(error.path), error.path, error.message))
        entries.sort(key=lambda e: e.display)  # stable: the order every format prints
        return entries

    def _ruleset(self, path: Path) -> RuleSet:
        key = self.linters.key_for(path)
        if key not in self._rulesets:
            self._rulesets[key] = RuleSet(self.linters, path)
        return self._rulesets[key]

    @staticmethod
    def _read(entries: list[_Entry]) -> int:
        """Hash every article and look it up in the cache; returns how many must be linted.

        The bytes are not kept (10^4 articles would be held at once): an
        article to lint is read again when its turn comes.
        """
        misses = 0
        for entry in entries:
            if entry.refused is not None:
                continue
            try:
                data = read_bytes(entry.path)
            except ArticleError:
                continue  # reported when its turn comes
            digest = content_digest(data, entry.path.name)
            if entry.cache is None or not entry.cache.has(digest):
                entry.digest = digest
                misses += 1
        return misses

    def _results(self, entries: list[_Entry], jobs: int) -> Iterator[tuple[str, list[Any]]]:
        waiting: deque[tuple[_Entry, str | None]] = deque()

        def items() -> Iterator[batch.Item]:
            for entry in entries:
                digest, item = _item(entry)
                waiting.append((entry, digest))
                yield item

        recipes = list(dict.fromkeys(e.rules.recipe for e in entries if e.digest and e.rules))
        for outcome in batch.ordered(items(), jobs, recipes):
            entry, digest = waiting.popleft()
            diags = outcome.diagnostics
            if (
                digest is not None
                and entry.cache is not None
                and outcome.badge is not None
                and not any(d.rule == RULE_FAILED for d in diags)  # a stopped rule: try again
            ):
                entry.cache.put_result(digest, diags, outcome.badge)
            clash = self._clashes.get(entry.path) if entry.refused is None else None
            if clash is not None:  # depends on the other articles: never cached
                diags = sorted([*diags, clash], key=lambda d: (d.line, d.column))
            yield entry.display, diags

    # -- the cache -----------------------------------------------------------------
    def _cache_for(self, path: Path, rules: RuleSet) -> LintCache | None:
        root = self._root(path.parent)
        if root is None:
            return None
        key = (root, rules.identity)
        if key not in self._caches:
            self._caches[key] = LintCache(root, rules.identity)
        return self._caches[key]

    def _root(self, folder: Path) -> Path | None:
        """The workspace an article belongs to (a folder with kbeditor.toml or .kbeditor/)."""
        if folder not in self._roots:
            self._roots[folder] = _workspace_of(folder)
        return self._roots[folder]

    def _save(self, args: Sequence[str]) -> None:
        """Keep this run's entries; forget stale ones only when the whole workspace was linted."""
        whole = {Path(a).resolve() for a in args if Path(a).is_dir()}
        for (root, _), cache in self._caches.items():
            cache.save(prune=root in whole)
            cache.close()


def duplicate_ids(files: list[Path]) -> dict[Path, Diagnostic]:
    """A ``kbeditor.DuplicateId`` error for each article that shares its id with another.

    A first pass over every file's front matter (its first few kilobytes), so
    the report can still be written as results arrive, in its usual order.
    """
    from kbeditor import article_ids

    ids = article_ids.read_ids(files)
    clashes = article_ids.duplicates({path: found.id for path, found in ids.items()})
    out = {}
    for path, others in clashes.items():
        found = ids[path]
        text = article_ids.message(found.id, [_display(o) for o in others])
        out[path] = Diagnostic(
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
        )
    return out


def _item(entry: _Entry) -> tuple[str | None, batch.Item]:
    """(cache key, item): an answer known now (refused, unreadable, cached) or a task."""
    if entry.refused is not None:
        return None, (batch.Outcome([batch.file_problem(entry.refused)], None), None)
    try:
        data = read_bytes(entry.path)
    except ArticleError as exc:
        return None, (batch.Outcome([batch.file_problem(exc.message)], None), None)
    digest = content_digest(data, entry.path.name)
    if entry.cache is not None and digest != entry.digest:
        cached = entry.cache.diagnostics(digest)
        if cached is not None:
            return None, (batch.Outcome(cached, None), None)
    assert entry.rules is not None
    entry.rules.linter(quiet=True)  # changed since it was hashed: its rules are needed after all
    return digest, (None, (entry.rules.recipe, str(entry.path), data))


def _workspace_of(folder: Path) -> Path | None:
    for candidate in (folder.resolve(), *folder.resolve().parents):
        if (candidate / "kbeditor.toml").is_file() or (candidate / ".kbeditor").is_dir():
            return candidate
    return None


def _progress(total: int):
    """A progress bar on a terminal; nothing when stderr is a file or a pipe."""
    import tqdm

    tqdm.tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked
    return tqdm.tqdm(
        total=total,
        unit=" articles",
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
        leave=False,
        dynamic_ncols=True,
    )


def _display(path: Path) -> str:
    """The path relative to the current folder, with forward slashes (as Vale prints it)."""
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive on Windows
        rel = str(path)
    return Path(rel).as_posix()
