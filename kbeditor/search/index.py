"""The index on disk: a Whoosh index plus its catalog, updated incrementally.

Layout, in the index folder (``WORKSPACE/.kbeditor/search/``, or the user's
cache when the workspace cannot be written; see location.py)::

    current                 the name of the generation readers use
    g-<random>/whoosh/      that generation's Whoosh index (segments, TOC)
    g-<random>/catalog.sqlite  file states, snippet lines, shingles (see catalog.py)
    ../search.lock          held while anyone writes

A build (the first one, ``--rebuild``, or the repair of a damaged index) is
written into a fresh generation folder that no reader knows of; only when it
is complete does ``current`` name it (written with an atomic rename), so a
reader always opens the last complete index, never an empty or half-built
one, and a build killed half-way leaves only an unnamed folder that the next
writer deletes. Incremental updates change the current generation in place:
Whoosh and SQLite commits are atomic, and readers keep what they opened.

The Whoosh commit happens first and the catalog commit second. If a crash
falls between them the catalog is behind: the next update sees those files
as changed and indexes them again (``update_document`` replaces by path), so
the two never disagree for long. An index that cannot be opened or read is
built again in a new generation, and the update report says so in one line.

A build writes a segment per chunk of articles in worker processes and lists
them in one commit (see build.py). Whoosh's own multi-process writer is not
used: it forks children that outlive a killed parent, still holding the writer
lock, and it merges their postings back in one process at the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as windex

from kbeditor.article import article_from_bytes
from kbeditor.errors import KbError
from kbeditor.search import shingles as S
from kbeditor.search.build import Built, build, default_jobs
from kbeditor.search.catalog import Catalog, FileState
from kbeditor.search.document import IndexDoc, build_doc
from kbeditor.search.location import IndexHome, index_home
from kbeditor.search.lock import WriterLock
from kbeditor.search.scan import scan_articles
from kbeditor.search.schema import SCHEMA_VERSION, build_schema
from kbeditor.search.values import UpdateReport
from kbeditor.workspace import Workspace, atomic_write

POINTER = "current"
_GENERATION = re.compile(r"g-[0-9a-f]{32}")
# Errors that reading or writing a damaged index raises (besides Whoosh's own).
WRITE_DAMAGE = (sqlite3.DatabaseError, OSError, ValueError, EOFError)


class IndexDamaged(Exception):
    """The index or catalog cannot be read; it will be rebuilt."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What an update has to do, worked out before taking any time to index."""

    index: list[tuple[str, Path, FileState | None]]  # (rel, file, known state)
    touch: list[tuple[str, FileState]]
    remove: list[str]
    unchanged: int


class IndexStore:
    """The index files of one workspace.

    Args:
        workspace: the workspace whose index this is.
        home: where the index is kept (default: see :func:`index_home`).
        jobs: worker processes for a complete build (default: every core
            when there are enough articles; see build.py).
    """

    def __init__(
        self, workspace: Workspace, home: IndexHome | None = None, jobs: int | None = None
    ) -> None:
        self.workspace = workspace
        self.jobs = jobs
        self.home = home or index_home(workspace.root)
        self.folder = self.home.folder
        self.lock_path = self.home.lock_path
        # File states of the catalog as last read or written, by its stamp
        # (a long-lived service reads 6,000 rows once, not at every update).
        self._states: tuple[tuple[str, int], dict[str, FileState]] | None = None
        # (catalog instance, Whoosh generation) whose files were last read through.
        self._verified: tuple[str, int] | None = None
        self._held: WriterLock | None = None  # the last writer lock taken

    def forget(self) -> None:
        """Drop what this object remembers of the files (after damage was found)."""
        self._states = None
        self._verified = None

    def known_states(self, catalog: Catalog) -> dict[str, FileState]:
        """The catalog's file states (do not modify), read again only when it changed."""
        stamp = catalog.stamp()
        if self._states is None or self._states[0] != stamp:
            self._states = (stamp, catalog.states())
        return self._states[1]

    # -- generations ---------------------------------------------------------------
    def current(self) -> Path | None:
        """The folder of the complete index readers use, or None when there is none."""
        try:
            name = (self.folder / POINTER).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        generation = self.folder / name
        return generation if _GENERATION.fullmatch(name) and generation.is_dir() else None

    def _publish(self, generation: Path) -> None:
        """Make ``generation`` the one readers open (one atomic rename), then drop the others."""
        atomic_write(self.folder / POINTER, generation.name.encode("ascii"))
        self._sweep()

    def _sweep(self) -> None:
        """Delete every generation but the current one, and files of older layouts.

        Called with the writer lock held. A reader still using an old
        generation keeps its open files (POSIX); one about to open it finds
        ``current`` changed and opens the new one (see the service).
        """
        keep = {POINTER, getattr(self.current(), "name", None)}
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry.name in keep:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)

    # -- opening -------------------------------------------------------------------
    def exists(self) -> bool:
        generation = self.current()
        return generation is not None and _complete(generation)

    def open_index(self, generation: Path | None = None, seen: str | None = None) -> windex.Index:
        """Open the Whoosh index, raising IndexDamaged when it cannot be read.

        Its term lists are read through to find damage early, except when
        ``seen`` (the catalog instance) and the index generation are the ones
        last read through or written by this object: reading 6,000 articles'
        terms is most of the time of an update that has nothing to do.
        """
        generation = generation or self.current()
        if generation is None:
            raise IndexDamaged("some of its files were missing")
        try:
            ix = windex.open_dir(str(generation / "whoosh"))
            if seen is not None and self._verified == (seen, ix.latest_generation()):
                return ix
            with ix.reader() as reader:
                reader.doc_count()
                for name in ("path", "body"):
                    for _ in reader.lexicon(name):
                        pass
            if seen is not None:
                self._verified = (seen, ix.latest_generation())
            return ix
        except Exception as exc:  # Whoosh raises anything from struct.error to EOFError
            raise IndexDamaged(f"it was damaged ({describe(exc)})") from exc

    def open_catalog(self, generation: Path | None = None) -> Catalog:
        generation = generation or self.current()
        if generation is None:
            raise IndexDamaged("some of its files were missing")
        try:
            catalog = Catalog(generation / "catalog.sqlite", create=False)
            version = catalog.get_meta("schema")
            if version is not None and version != str(SCHEMA_VERSION):
                catalog.close()
                raise IndexDamaged("it was written by another version of kbeditor")
            return catalog
        except sqlite3.DatabaseError as exc:
            raise IndexDamaged(f"its catalog was damaged ({exc})") from exc

    def lock(self, wait: float) -> WriterLock:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        self._held = WriterLock(self.lock_path, wait)
        return self._held

    # -- writing -------------------------------------------------------------------
    def update(self, paths: Iterable[str | Path] | None = None, wait: float = 2.0) -> UpdateReport:
        """Bring the index up to date with the files (all, or just ``paths``)."""
        started = time.perf_counter()
        with self.lock(wait):
            self._sweep()
            generation = self.current()
            if generation is None:
                broken = (self.folder / POINTER).exists()
                reason = "some of its files were missing" if broken else None
                return self._build(started, reason)
            try:
                ix, catalog = self._open_for_writing(generation)
            except IndexDamaged as exc:
                return self._build(started, str(exc))
            try:
                report = self._apply(ix, catalog, paths)
            except WRITE_DAMAGE as exc:
                catalog.close()
                return self._build(started, f"it was damaged ({describe(exc)})")
            finally:
                catalog.close()
        return _timed(report, started)

    def rebuild(
        self, wait: float = 2.0, instead_of: Path | None = None, reason: str | None = None
    ) -> UpdateReport:
        """Index every article again into a new generation, then make it current.

        With ``instead_of`` (a damaged generation a reader found), nothing is
        done when another writer has already replaced that generation.
        ``reason`` says why, in the report's ``recovered`` line.
        """
        started = time.perf_counter()
        with self.lock(wait):
            if instead_of is not None and self.current() != instead_of:
                return UpdateReport(seconds=time.perf_counter() - started)
            return self._build(started, reason)

    def _build(self, started: float, reason: str | None) -> UpdateReport:
        """A complete new generation from every article; current only once committed."""
        self.forget()
        generation = self.folder / f"g-{uuid.uuid4().hex}"
        try:
            ix, catalog = self._create(generation)
            try:
                built = self._build_all(ix, catalog)
            finally:
                catalog.close()
            self._publish(generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        recovered = f"search index rebuilt: {reason}" if reason else None
        return UpdateReport(
            added=list(built.states),
            failed=built.failed,
            rebuilt=True,
            recovered=recovered,
            seconds=time.perf_counter() - started,
        )

    def _build_all(self, ix: windex.Index, catalog: Catalog) -> Built:
        """Every article into the new, empty generation (see build.py), remembered as written."""
        seen = scan_articles(self.workspace)
        items = [(rel, now.file, now.size) for rel, now in seen.items()]
        held = self._held.fileno if self._held is not None else None
        jobs = self.jobs or default_jobs(len(items))
        built = build(ix, catalog, items, jobs, [held] if held is not None else [])
        instance, generation = catalog.stamp()
        self._states = ((instance, generation), dict(built.states))
        self._verified = (instance, ix.latest_generation())
        return built

    def _open_for_writing(self, generation: Path) -> tuple[windex.Index, Catalog]:
        if not _complete(generation):
            raise IndexDamaged("some of its files were missing")
        catalog = self.open_catalog(generation)
        try:
            if catalog.get_meta("schema") is None:
                raise IndexDamaged("its catalog was incomplete")
            return self.open_index(generation, seen=catalog.stamp()[0]), catalog
        except BaseException:
            catalog.close()
            raise

    def _create(self, generation: Path) -> tuple[windex.Index, Catalog]:
        (generation / "whoosh").mkdir(parents=True)
        ix = windex.create_in(str(generation / "whoosh"), build_schema())
        catalog = Catalog(generation / "catalog.sqlite")
        catalog.set_meta("schema", str(SCHEMA_VERSION))
        catalog.set_meta("instance", uuid.uuid4().hex)
        catalog.commit()
        return ix, catalog

    def _apply(
        self,
        ix: windex.Index,
        catalog: Catalog,
        paths: Iterable[str | Path] | None,
    ) -> UpdateReport:
        """Index what changed in the current generation (a complete build is build.py's)."""
        known = self.known_states(catalog)
        plan = self._plan(known, paths)
        if paths is None:
            plan = self._with_orphans(ix, known, plan)
        docs: list[tuple[IndexDoc, FileState]] = []
        failed: list[str] = []
        for rel, file, state in plan.index:
            try:
                docs.append(read_article(file, rel))
            except KbError as exc:
                failed.append(f"{rel}: {exc.message}")
                if state is not None:
                    plan.remove.append(rel)  # no longer readable: not searchable either
        removed = list(plan.remove)
        if docs or removed:
            self._write_whoosh(ix, docs, removed)
        for doc, state in docs:
            catalog.put(
                doc.path,
                state,
                doc.title,
                doc.lines,
                S.pack(doc.shingles),
                len(doc.shingles),
                S.samples(doc.shingles),
                doc.topic,
                doc.focus,
            )
        for rel in removed:
            catalog.remove(rel)
        for rel, state in plan.touch:
            catalog.touch(rel, state)
        if docs or removed or plan.touch:
            self._remember(ix, catalog, known, docs, removed, plan.touch)
        added = [d.path for d, _ in docs if d.path not in known]
        updated = [d.path for d, _ in docs if d.path in known]
        return UpdateReport(
            added=added,
            updated=updated,
            removed=removed,
            unchanged=plan.unchanged + len(plan.touch),
            failed=failed,
        )

    def _remember(
        self,
        ix: windex.Index,
        catalog: Catalog,
        known: dict[str, FileState],
        docs: list[tuple[IndexDoc, FileState]],
        removed: list[str],
        touch: list[tuple[str, FileState]],
    ) -> None:
        """Commit the catalog and keep what it now holds, so the next update need not read it."""
        instance = catalog.stamp()[0]
        generation = catalog.commit()
        states = dict(known)
        for rel in removed:
            states.pop(rel, None)
        states.update((doc.path, state) for doc, state in docs)
        states.update(touch)
        self._states = ((instance, generation), states)
        if docs or removed:
            self._verified = (instance, ix.latest_generation())

    def _plan(self, known: dict[str, FileState], paths: Iterable[str | Path] | None) -> Plan:
        if paths is None:
            return self._plan_all(known)
        ws = self.workspace
        files: dict[str, Path] = {}
        gone: list[str] = []
        for raw in paths:
            file = ws.resolve(raw)
            if not ws.contains(file):
                continue  # not an article of this workspace (or a link out of it): never indexed
            rel = ws.relative(file)
            if file.is_file():
                files[rel] = file
            elif rel in known:
                gone.append(rel)
        index, touch, unchanged = [], [], 0
        for rel, file in files.items():
            try:
                st = file.stat()
            except OSError:
                if rel in known:
                    gone.append(rel)
                continue
            old = known.get(rel)
            if old and old.mtime_ns == st.st_mtime_ns and old.size == st.st_size:
                unchanged += 1
            elif old and old.size == st.st_size and _hash_file(file) == old.hash:
                touch.append((rel, FileState(st.st_mtime_ns, st.st_size, old.hash)))
            else:
                index.append((rel, file, old))
        return Plan(index, touch, gone, unchanged)

    def _plan_all(self, known: dict[str, FileState]) -> Plan:
        """The plan for every article, from one scan of the folders (see scan.py)."""
        seen = scan_articles(self.workspace)
        gone = [rel for rel in known if rel not in seen]
        index: list[tuple[str, Path, FileState | None]] = []
        touch: list[tuple[str, FileState]] = []
        unchanged = 0
        for rel, now in seen.items():
            old = known.get(rel)
            if old is None:
                index.append((rel, now.file, None))
            elif old.mtime_ns == now.mtime_ns and old.size == now.size:
                unchanged += 1
            elif old.size == now.size and _hash_file(now.file) == old.hash:
                touch.append((rel, FileState(now.mtime_ns, now.size, old.hash)))
            else:
                index.append((rel, now.file, old))
        return Plan(index, touch, gone, unchanged)

    def _with_orphans(self, ix: windex.Index, known: dict[str, FileState], plan: Plan) -> Plan:
        """Documents Whoosh holds that the catalog does not know (a crash between commits)."""
        with ix.reader() as reader:
            if reader.doc_count() == len(known):
                return plan
            held = {fields["path"] for fields in reader.all_stored_fields()}
        listed = {rel for rel, _, _ in plan.index}
        extra = [rel for rel in held if rel not in known and rel not in listed]
        return Plan(plan.index, plan.touch, plan.remove + extra, plan.unchanged)

    def _write_whoosh(
        self,
        ix: windex.Index,
        docs: list[tuple[IndexDoc, FileState]],
        removed: list[str],
    ) -> None:
        writer = ix.writer(limitmb=128)
        try:
            for rel in removed:
                writer.delete_by_term("path", rel)
            for doc, _ in docs:
                writer.update_document(**fields_of(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()


def _complete(generation: Path) -> bool:
    """Whether a generation has its files, without reading them.

    (``whoosh.index.exists_in`` opens the index, and raises on a damaged table
    of contents instead of saying no.)
    """
    whoosh = generation / "whoosh"
    return any(whoosh.glob("_MAIN_*.toc")) and (generation / "catalog.sqlite").is_file()


def fields_of(doc: IndexDoc) -> dict[str, object]:
    updated = dt.datetime.combine(doc.updated, dt.time()) if doc.updated else None
    fields: dict[str, object] = {
        "path": doc.path,
        "title": doc.title,
        "symptom": doc.symptom,
        "body": doc.body,
        "messages": doc.messages,
        "codes": ",".join(doc.codes),
        "tags": ",".join(t.replace(",", " ") for t in doc.tags),
        "audience": doc.audience,
    }
    for key in ("product", "type", "status"):
        value = getattr(doc, key)
        if value:
            fields[key] = value
    if updated:
        fields["updated"] = updated
    return fields


def read_article(file: Path, rel: str) -> tuple[IndexDoc, FileState]:
    try:
        st = file.stat()
        data = file.read_bytes()
    except OSError as exc:
        raise KbError(f"cannot be read ({exc.strerror})", file) from None
    article = article_from_bytes(data, file)
    state = FileState(st.st_mtime_ns, st.st_size, hashlib.sha1(data).hexdigest())
    return build_doc(article, rel), state


def _hash_file(file: Path) -> str:
    try:
        return hashlib.sha1(file.read_bytes()).hexdigest()
    except OSError:
        return ""


def _timed(report: UpdateReport, started: float) -> UpdateReport:
    return UpdateReport(
        added=report.added,
        updated=report.updated,
        removed=report.removed,
        unchanged=report.unchanged,
        failed=report.failed,
        rebuilt=report.rebuilt,
        recovered=report.recovered,
        seconds=time.perf_counter() - started,
    )


def describe(exc: BaseException) -> str:
    """One line naming an exception found in a damaged index, for the user."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
