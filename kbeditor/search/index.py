"""The index on disk: a Whoosh index plus its catalog, updated incrementally.

Layout, inside the workspace data folder (``.kbeditor/``)::

    search/whoosh/          the Whoosh index (segments, TOC, Whoosh's own lock)
    search/catalog.sqlite   file states, snippet lines, shingles (see catalog.py)
    search.lock             held while anyone writes either of them

The Whoosh commit happens first and the catalog commit second. If a crash
falls between them the catalog is behind: the next update sees those files
as changed and indexes them again (``update_document`` replaces by path), so
the two never disagree for long. An index that cannot be opened or read is
wiped and rebuilt, and the update report says so in one line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as windex

from kbeditor.article import decode, parse_article
from kbeditor.errors import KbError
from kbeditor.search import shingles as S
from kbeditor.search.catalog import Catalog, FileState
from kbeditor.search.document import IndexDoc, build_doc
from kbeditor.search.lock import WriterLock
from kbeditor.search.scan import scan_articles
from kbeditor.search.schema import SCHEMA_VERSION, build_schema
from kbeditor.search.values import UpdateReport
from kbeditor.workspace import Workspace

INDEX_DIR = "search"
LOCK_NAME = "search.lock"
# Above this many documents in one update, let Whoosh use two processes.
PARALLEL_FROM = 400


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
        workspace: the workspace whose data folder holds the index.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.folder = workspace.root / ".kbeditor" / INDEX_DIR
        self.whoosh_dir = self.folder / "whoosh"
        self.catalog_path = self.folder / "catalog.sqlite"
        self.lock_path = workspace.root / ".kbeditor" / LOCK_NAME
        # File states of the catalog as last read or written, by its stamp
        # (a long-lived service reads 6,000 rows once, not at every update).
        self._states: tuple[tuple[str, int], dict[str, FileState]] | None = None
        # (catalog instance, Whoosh generation) whose files were last read through.
        self._verified: tuple[str, int] | None = None

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

    # -- opening -------------------------------------------------------------------
    def exists(self) -> bool:
        return windex.exists_in(str(self.whoosh_dir)) and self.catalog_path.is_file()

    def open_index(self, seen: str | None = None) -> windex.Index:
        """Open the Whoosh index, raising IndexDamaged when it cannot be read.

        Its term lists are read through to find damage early, except when
        ``seen`` (the catalog instance) and the index generation are the ones
        last read through or written by this object: reading 6,000 articles'
        terms is most of the time of an update that has nothing to do.
        """
        try:
            ix = windex.open_dir(str(self.whoosh_dir))
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
            raise IndexDamaged(f"it was damaged ({_describe(exc)})") from exc

    def open_catalog(self) -> Catalog:
        try:
            catalog = Catalog(self.catalog_path)
            version = catalog.get_meta("schema")
            if version is not None and version != str(SCHEMA_VERSION):
                catalog.close()
                raise IndexDamaged("it was written by another version of kbeditor")
            return catalog
        except sqlite3.DatabaseError as exc:
            raise IndexDamaged(f"its catalog was damaged ({exc})") from exc

    def lock(self, wait: float) -> WriterLock:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        return WriterLock(self.lock_path, wait)

    # -- writing -------------------------------------------------------------------
    def update(self, paths: Iterable[str | Path] | None = None, wait: float = 2.0) -> UpdateReport:
        """Bring the index up to date with the files (all, or just ``paths``)."""
        started = time.perf_counter()
        with self.lock(wait):
            recovered = None
            rebuilt = False
            try:
                ix, catalog = self._open_for_writing()
            except IndexDamaged as exc:
                recovered = f"search index rebuilt: {exc}"
                ix, catalog = self._create()
                paths, rebuilt = None, True
            try:
                report = self._apply(ix, catalog, paths)
            except (sqlite3.DatabaseError, OSError, ValueError, EOFError) as exc:
                # Damage found while writing: start again from an empty index.
                catalog.close()
                recovered = f"search index rebuilt: it was damaged ({_describe(exc)})"
                ix, catalog = self._create()
                report = self._apply(ix, catalog, None)
                rebuilt = True
            finally:
                catalog.close()
        return UpdateReport(
            added=report.added,
            updated=report.updated,
            removed=report.removed,
            unchanged=report.unchanged,
            failed=report.failed,
            rebuilt=rebuilt or report.rebuilt,
            recovered=recovered,
            seconds=time.perf_counter() - started,
        )

    def rebuild(self, wait: float = 2.0) -> UpdateReport:
        """Throw the index away and index every article again."""
        started = time.perf_counter()
        with self.lock(wait):
            ix, catalog = self._create()
            try:
                report = self._apply(ix, catalog, None)
            finally:
                catalog.close()
        return UpdateReport(
            added=report.added,
            failed=report.failed,
            rebuilt=True,
            seconds=time.perf_counter() - started,
        )

    def _open_for_writing(self) -> tuple[windex.Index, Catalog]:
        if not self.exists():
            if self.folder.exists() and any(self.folder.iterdir()):
                raise IndexDamaged("some of its files were missing")
            return self._create()
        catalog = self.open_catalog()
        try:
            if catalog.get_meta("schema") is None:
                raise IndexDamaged("its catalog was incomplete")
            return self.open_index(seen=catalog.stamp()[0]), catalog
        except BaseException:
            catalog.close()
            raise

    def _create(self) -> tuple[windex.Index, Catalog]:
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.whoosh_dir.mkdir(parents=True)
        ix = windex.create_in(str(self.whoosh_dir), build_schema())
        catalog = Catalog(self.catalog_path)
        catalog.set_meta("schema", str(SCHEMA_VERSION))
        catalog.set_meta("instance", uuid.uuid4().hex)
        catalog.commit()
        return ix, catalog

    def _apply(
        self, ix: windex.Index, catalog: Catalog, paths: Iterable[str | Path] | None
    ) -> UpdateReport:
        known = self.known_states(catalog)
        plan = self._plan(known, paths)
        if paths is None:
            plan = self._with_orphans(ix, known, plan)
        docs: list[tuple[IndexDoc, FileState]] = []
        failed: list[str] = []
        for rel, file, state in plan.index:
            try:
                docs.append(_read(file, rel))
            except KbError as exc:
                failed.append(f"{rel}: {exc.message}")
                if state is not None:
                    plan.remove.append(rel)  # no longer readable: not searchable either
        removed = list(plan.remove)
        if docs or removed:
            self._write_whoosh(ix, docs, removed, fresh=not known)
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
            rebuilt=not known,
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
        index, touch, unchanged = [], [], 0
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
        fresh: bool,
    ) -> None:
        # Two processes only for a fresh build: Whoosh's multi-process writer
        # does not replace documents, and forking is not available on Windows.
        parallel = fresh and len(docs) >= PARALLEL_FROM and os.name != "nt"
        if parallel:
            writer = ix.writer(procs=2, multisegment=True, limitmb=128)
        else:
            writer = ix.writer(limitmb=128)
        try:
            for rel in removed:
                writer.delete_by_term("path", rel)
            add = writer.add_document if fresh else writer.update_document
            for doc, _ in docs:
                add(**_fields(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()


def _fields(doc: IndexDoc) -> dict[str, object]:
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


def _read(file: Path, rel: str) -> tuple[IndexDoc, FileState]:
    try:
        st = file.stat()
        data = file.read_bytes()
    except OSError as exc:
        raise KbError(f"cannot be read ({exc.strerror})", file) from None
    text, _, _, _ = decode(data, file)
    article = parse_article(text, file)
    state = FileState(st.st_mtime_ns, st.st_size, hashlib.sha1(data).hexdigest())
    return build_doc(article, rel), state


def _hash_file(file: Path) -> str:
    try:
        return hashlib.sha1(file.read_bytes()).hexdigest()
    except OSError:
        return ""


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
