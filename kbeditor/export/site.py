"""Build the static site: the order of the steps, the cache, and the summary.

The steps live beside this module: walking the articles to records (the
expensive part, rendered by :mod:`kbeditor.export.renderpool` with
:func:`kbeditor.export.records.build_record`), checking them and their links
(:mod:`kbeditor.export.linkcheck`) and producing the pages
(:mod:`kbeditor.export.pages`). Records are cached by content hash in the
workspace's data folder (see :mod:`kbeditor.export.cache`; the output folder
holds only the site), so a re-export after one change renders one article. Pages are cheap to
produce from the cached records and are written only when their bytes change.
Everything is sorted and nothing carries a timestamp, so exporting the same
workspace twice gives byte-identical files.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbeditor.errors import KbError
from kbeditor.export import cache as export_cache
from kbeditor.export import outdir, records
from kbeditor.export.cache import CachedFile
from kbeditor.export.linkcheck import KnownLinks, Problem, check_site
from kbeditor.export.pages import Page, SitePages
from kbeditor.export.records import Record, Unreadable
from kbeditor.export.related import related_map
from kbeditor.export.renderpool import render_all
from kbeditor.export.search_shards import MANIFEST, SearchShards
from kbeditor.paths import inside
from kbeditor.workspace import Workspace

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


@dataclass(slots=True)
class ExportSummary:
    out: Path
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    rendered: int = 0
    articles: int = 0
    problems: list[Problem] = field(default_factory=list)
    # Lines about the export itself (not about articles), e.g. a cache that cannot be kept.
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    strict: bool = False
    cancelled: bool = False
    # Articles with status: draft that were left out (see include_drafts).
    drafts: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level == "warning")

    @property
    def ok(self) -> bool:
        """False when the export was cancelled, or ``strict`` and something failed."""
        return not self.cancelled and not (self.strict and self.errors)

    def failure(self) -> str | None:
        """Why a strict export failed, in one sentence for a writer; None when it did not."""
        if self.cancelled or self.ok:
            return None
        first = next(p for p in self.problems if p.level == "error")
        more = self.errors - 1
        return (
            f"strict mode found {self.errors} error{'s' * (self.errors != 1)}, "
            f"first {first.path}:{first.line}: {first.message}"
            + (f" (and {more} more)" if more else "")
        )

    def line(self) -> str:
        """The one-line summary printed at the end of an export."""
        state = "cancelled" if self.cancelled else "exported"
        return (
            f"{state} {self.articles} articles, {self.pages} pages to {self.out} "
            f"({self.written} written, {self.unchanged} unchanged, {self.rendered} rendered); "
            f"{self.errors} errors, {self.warnings} warnings in {self.seconds:.2f} s"
        )


def export_site(
    workspace: Workspace,
    out: Path,
    *,
    strict: bool = False,
    clean: bool = False,
    base_url: str | None = None,
    title: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    lint: bool = True,
    cache: bool = True,
    include_drafts: bool = False,
) -> ExportSummary:
    """Export ``workspace`` as a static site into ``out``.

    Raises KbError when ``out`` is refused (see :func:`outdir.prepare`).
    ``progress(done, total)`` is called as articles are rendered and pages
    written; ``cancel()`` is polled between steps. Safe to run in a
    background thread. ``cache=False`` neither reads nor writes the cache in the
    workspace's data folder (for a workspace that must not be written to).
    Articles with ``status: draft`` are left out unless ``include_drafts``:
    an unfinished article must not be published by accident.
    """
    started = time.perf_counter()
    with outdir.lock(Path(out)):
        try:
            summary = _export(
                workspace,
                Path(out),
                strict,
                clean,
                base_url,
                title,
                progress,
                cancel,
                lint,
                cache,
                include_drafts,
            )
        except OSError as exc:
            where = exc.filename or out
            raise KbError(f"export stopped: {exc.strerror or exc}", where) from None
    summary.seconds = time.perf_counter() - started
    return summary


def _export(
    workspace: Workspace,
    out: Path,
    strict: bool,
    clean: bool,
    base_url: str | None,
    title: str | None,
    progress: Progress | None,
    cancel: Cancel | None,
    lint: bool,
    cache: bool,
    include_drafts: bool,
) -> ExportSummary:
    """The export itself, with the output folder locked (see :func:`export_site`)."""
    known = not clean and (Path(out).expanduser().resolve() / outdir.MARKER).is_file()
    target = outdir.prepare(Path(out), workspace.root, clean=clean)
    summary = ExportSummary(out=target, strict=strict)
    cache_path = export_cache.cache_path(workspace, target) if cache else None
    kept = export_cache.ExportCache(cache_path)
    # --clean starts over: the cached renderings are set aside along with the folder.
    state = kept.load(workspace, target, lint, fresh=clean)
    if not known:
        state["manifest"] = {}  # a new or emptied folder: write every file
    store = kept.heavy()
    shards = SearchShards(cache_path.with_name("search.sqlite") if cache_path else None)
    refused: list[tuple[str, str]] = []
    paths = _articles(workspace, target, refused)
    summary.problems.extend(Problem(rel, 1, "error", reason) for rel, reason in refused)
    summary.articles = len(paths)
    tick = _Ticker(progress, len(paths) * 2 + 8)
    try:
        # The cache's records live to the end of the export: frozen, the collector's full
        # passes (every few thousand new objects) no longer walk tens of thousands of them.
        gc.freeze()
        recs = _collect(workspace, paths, state, lint, summary, tick, cancel, store)
        if recs is None:
            summary.cancelled = True
        else:
            if not include_drafts:
                recs = _leave_out_drafts(recs, summary)
            site = _Site(workspace, target, state, store, summary, shards)
            site.build(recs, base_url, title, tick, cancel)
        if cache_path is not None:
            # Articles a cancelled export did not get to have no record yet: not kept.
            files = state["files"]
            state["files"] = {rel: e for rel, e in files.items() if e.record is not None}
            store.commit(keep=set(state["files"]))
            note = kept.save(state)
            if note:
                summary.notes.append(note)
    finally:
        gc.unfreeze()
        kept.close()
        shards.close()
    summary.problems.sort()  # by path, line, level and message
    if not strict:
        problems = summary.problems
        for number, p in enumerate(problems):
            if p.level == "error":
                problems[number] = p._replace(level="warning")
    if not summary.cancelled:
        tick.step(tick.total - tick.done)  # the total was an estimate: end at 100%
    return summary


# -- articles -> records ------------------------------------------------------------


def _articles(
    workspace: Workspace, target: Path, refused: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """(name in the workspace, file path) of every article to export, sorted by name.

    The walk's own names and directory entries are used (no path objects, no
    look at each file): only a symbolic link is named by its target, and only
    its own place is checked against the output folder; any other file is in
    the output folder exactly when its folder is.
    """
    within_out = _Within(target)
    found: list[tuple[str, str]] = []
    for rel, entry in workspace.walk_articles(refused):
        if entry.is_symlink():
            path = Path(entry.path)
            if inside(path, target):
                continue
            found.append((workspace.relative(path), entry.path))
        elif not within_out(os.path.dirname(entry.path)):
            found.append((rel, entry.path))
    found.sort()
    return found


class _Ticker:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def step(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        if self.progress is not None:
            self.progress(self.done, self.total)


def _collect(
    workspace: Workspace,
    paths: list[tuple[str, str]],
    cache: dict[str, Any],
    lint: bool,
    summary: ExportSummary,
    tick: _Ticker,
    cancel: Cancel | None,
    store: export_cache.HeavyStore,
) -> dict[str, Record | Unreadable] | None:
    """A record per article: from the cache when the file is unchanged, else rendered.

    The rendering of each new record (HTML, body, terms) goes to ``store``.
    """
    files: dict[str, CachedFile] = cache["files"]
    out: dict[str, Record | Unreadable] = {}
    todo: list[tuple[str, bytes]] = []
    rendered = store.stored()
    for rel, path in paths:
        try:
            st = os.stat(path)
        except OSError as exc:
            summary.problems.append(Problem(rel, 1, "error", f"cannot be read ({exc.strerror})"))
            continue
        stamp = (st.st_size, st.st_mtime_ns)
        entry = files.get(rel)
        kept = entry.record if entry is not None else None
        if kept is not None and not _kept(kept, rendered):
            kept = None
        if (
            entry is not None
            and kept is not None
            and entry.stat == stamp
            and os.access(path, os.R_OK)
        ):
            out[rel] = kept
            tick.step()
            continue
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            summary.problems.append(Problem(rel, 1, "error", f"cannot be read ({exc.strerror})"))
            files.pop(rel, None)
            continue
        sha = records.content_hash(data)
        if kept is not None and kept.sha == sha:
            files[rel] = CachedFile(stamp, kept, entry.stored if entry is not None else None)
            out[rel] = kept
            tick.step()
            continue
        todo.append((rel, data))
        files[rel] = CachedFile(stamp, None)
    waiting = {r for r, _ in todo}
    for rel in list(files):
        if rel not in out and rel not in waiting:
            del files[rel]
    for rel, built in render_all(workspace.root, todo, lint, tick.step, cancel):
        if built is None:
            return None
        if isinstance(built, Unreadable):
            record: Record | Unreadable = built
        else:
            record, rendering = built
            store.put(rel, record.sha, rendering)
        files[rel] = CachedFile(files[rel].stat, record)
        out[rel] = record
        summary.rendered += 1
    return dict(sorted(out.items()))


def _kept(record: Record | Unreadable, rendered: dict[str, str]) -> bool:
    """A cached record is usable when its rendering is stored too (or it has none)."""
    return isinstance(record, Unreadable) or rendered.get(record.rel) == record.sha


def _leave_out_drafts(
    recs: dict[str, Record | Unreadable], summary: ExportSummary
) -> dict[str, Record | Unreadable]:
    drafts = sorted(rel for rel, r in recs.items() if isinstance(r, Record) and r.status == "draft")
    if drafts:
        summary.drafts = drafts
        summary.articles -= len(drafts)
        summary.notes.append(
            f"{len(drafts)} draft{'s' if len(drafts) != 1 else ''} left out "
            "(status: draft; --include-drafts exports them)"
        )
    left_out = set(drafts)
    return {rel: r for rel, r in recs.items() if rel not in left_out}


# -- records -> site ----------------------------------------------------------------


class _Site:
    """Writes the site from light records, producing only pages whose inputs changed.

    Every page has a key of everything it shows (:class:`SitePages`); a page
    whose key is the one written last time, and whose file is still as written,
    is neither produced nor written. The related-articles map and the search
    index are kept the same way, so re-exporting after one change costs that
    change plus a pass over the light records.
    """

    def __init__(
        self,
        workspace: Workspace,
        target: Path,
        cache: dict[str, Any],
        store: export_cache.HeavyStore,
        summary: ExportSummary,
        shards: SearchShards,
    ) -> None:
        self.workspace, self.target, self.cache = workspace, target, cache
        self.store, self.summary, self.shards = store, summary, shards

    def build(
        self,
        recs: dict[str, Record | Unreadable],
        base_url: str | None,
        title: str | None,
        tick: _Ticker,
        cancel: Cancel | None,
    ) -> None:
        summary, cache, workspace = self.summary, self.cache, self.workspace
        readable = {rel: r for rel, r in recs.items() if isinstance(r, Record)}
        for rel, r in recs.items():
            if isinstance(r, Unreadable):
                summary.problems.append(Problem(rel, 1, "error", r.message))
        known = KnownLinks(cache.setdefault("links", {}))
        assets = check_site(workspace.root, readable, summary.problems, set(summary.drafts), known)
        writer = outdir.SiteWriter(self.target, cache.get("manifest", {}))
        site_title = title or workspace.config.get("export", "title") or workspace.name
        base = (base_url or workspace.config.get("export", "base_url") or "").rstrip("/") or None
        feedback = str(workspace.config.get("export", "feedback_url"))
        pages = SitePages(
            readable,
            site_title,
            base,
            lambda rel: self.store.get(rel, readable[rel].sha),
            self._related(readable),
            feedback,
        )
        keys: dict[str, str] = cache.get("pages", {})
        written: dict[str, str] = {}
        try:
            for rel, source in sorted(assets.items()):
                st = source.stat()
                writer.copy(f"articles/{rel}", source, f"copy:{st.st_size}:{st.st_mtime_ns}")
            for name, data in pages.static_files():
                writer.write(name, data)
            for part in pages.search_index(self.shards):
                self._put(writer, part, keys, written, named_by_hash=part[0] != MANIFEST)
            for page in pages.all_pages():
                if cancel is not None and cancel():
                    summary.cancelled = True
                    break
                self._put(writer, page, keys, written)
                summary.pages += 1
                tick.step()
            if summary.cancelled:
                writer.close()
                # Files of the previous export not reached yet are still there and still ours.
                cache["manifest"] = {**writer.previous, **writer.manifest}
                cache["pages"] = {**keys, **written}
            else:
                summary.removed = writer.finish()
                cache["manifest"] = writer.manifest
                cache["pages"] = written
        finally:
            writer.abandon()  # after an error: stop the writing threads
        summary.written, summary.unchanged = writer.written, writer.unchanged

    @staticmethod
    def _put(
        writer: outdir.SiteWriter,
        page: Page,
        keys: dict[str, str],
        out: dict[str, str],
        named_by_hash: bool = False,
    ) -> None:
        """Write a page unless its key and file are as last time; ``named_by_hash``
        pages (the search parts) are only looked for, not looked at."""
        name, key, produce = page
        keep = writer.keep_listed if named_by_hash else writer.keep
        if keys.get(name) != key or not keep(name):
            writer.write(name, produce())
        out[name] = key

    def _related(self, recs: dict[str, Record]) -> dict[str, list[str]]:
        """The related-articles map, computed again only when a title, tag or product changed."""
        described = [[rel, r.title, r.tags, r.product] for rel, r in recs.items()]
        key = hashlib.sha256(json.dumps(described).encode("utf-8", "surrogatepass")).hexdigest()
        kept = self.cache.get("related")
        if isinstance(kept, dict) and kept.get("key") == key:
            return kept["map"]
        found = related_map(recs)
        self.cache["related"] = {"key": key, "map": found}
        return found


class _Within:
    """Whether a folder lies in the output folder, each folder resolved once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._folders: dict[str, bool] = {}

    def __call__(self, folder: str) -> bool:
        known = self._folders.get(folder)
        if known is None:
            known = self._folders[folder] = inside(folder, self.folder)
        return known
