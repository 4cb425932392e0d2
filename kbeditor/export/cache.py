"""The incremental-export cache, kept in the workspace's data folder.

The output folder is published as it is, so it must hold nothing but the site
(and the small marker saying kbeditor made it). The cache, each article's
record and rendering and what was written where, lives in
``WORKSPACE/.kbeditor/export-cache/<hash of the output path>/records.sqlite``
instead: one cache per output folder, so exporting to two folders never mixes
their manifests. Everything in it is a row per article or per site file, so
re-exporting after one edit writes the rows that changed and nothing else
(the single JSON file it replaces cost seconds to read and write at 12,000
articles). A workspace that cannot be written to still exports; it just
renders everything every time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbeditor.export.lintcheck import lint_fingerprint
from kbeditor.export.records import (
    Record,
    Rendering,
    Unreadable,
    record_from_json,
    rendering_from_json,
)
from kbeditor.export.render import RENDER_VERSION
from kbeditor.workspace import DATA_DIR, Workspace

# Bump when the layout of the cache's tables changes.
# 5: records carry the article's id; 6: every part as rows of records.sqlite;
# 7: a record's outline in a column of its own (table ``article``)
CACHE_FORMAT = 7
CACHE_FOLDER = "export-cache"
CACHE_FILE = "records.sqlite"
OLD_CACHE_FILE = "records.json"  # the layout before CACHE_FORMAT 6, removed on sight
# Caches of output folders exported to less recently are removed beyond this many
# (each is about the size of the site's text; an old one only costs a full render).
KEEP_CACHES = 4

# name -> (key column, value column): the cache's parts kept as one row per entry.
_TABLES = {
    "files": "article",  # article -> [size, mtime_ns, record's light form], outline
    "manifest": "output",  # site file -> what SiteWriter wrote
    "pages": "page",  # page -> the key of what it shows
    "links": "linked",  # article -> its link results (KnownLinks)
}
# Parts kept whole, one row each of ``meta``.
_WHOLE = ("key", "root", "out", "related", "link_targets")
_SCHEMA = "".join(
    f"CREATE TABLE IF NOT EXISTS {t} (k TEXT PRIMARY KEY, v TEXT);"
    for t in _TABLES.values()
    if t != "article"
) + (
    "DROP TABLE IF EXISTS file;"  # the records of CACHE_FORMAT 6
    "CREATE TABLE IF NOT EXISTS article (k TEXT PRIMARY KEY, v TEXT, outline TEXT);"
    "CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);"
    "CREATE TABLE IF NOT EXISTS heavy (rel TEXT PRIMARY KEY, sha TEXT, data BLOB);"
)


@dataclass(frozen=True, slots=True)
class CachedFile:
    """An article file as the last export saw it: its size and mtime, and its record.

    ``record`` is None while this export renders the file (not kept when saved).
    ``stored`` is the record's stored form as read, written back as it is.
    """

    stat: tuple[int, int]
    record: Record | Unreadable | None
    stored: dict[str, Any] | None = None


def cache_path(workspace: Workspace, target: Path) -> Path:
    """``records.sqlite`` for exports of ``workspace`` into the resolved folder ``target``."""
    key = hashlib.sha256(str(target).encode("utf-8")).hexdigest()[:16]
    return workspace.root / DATA_DIR / CACHE_FOLDER / key / CACHE_FILE


class ExportCache:
    """The cache of one output folder: :meth:`load` the state, :meth:`save` what changed.

    The state is a plain dict (``files``, ``manifest``, ``pages``, ``links``,
    ``related``) that the export reads and replaces parts of; what was loaded
    is remembered, so :meth:`save` writes only the rows that differ. Without a
    usable file (``path`` None, or it cannot be opened) nothing is kept.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None
        self.problem: str | None = None
        self._loaded: dict[str, dict[str, Any]] = {}
        self._whole: dict[str, Any] = {}
        self._wipe = False
        if path is not None:
            self.db = self._open(path)

    def _open(self, path: Path) -> sqlite3.Connection | None:
        """The database, created when missing and again when damaged; None when it cannot be."""
        for attempt in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, check_same_thread=False)
            except (OSError, sqlite3.Error) as exc:
                self.problem = getattr(exc, "strerror", None) or type(exc).__name__
                return None
            try:
                db.executescript(_SCHEMA)
                return db
            except sqlite3.Error as exc:
                db.close()
                self.problem = str(exc)
                if attempt == 0:
                    path.unlink(missing_ok=True)  # not a database: start over
        return None

    # -- reading ------------------------------------------------------------------
    def load(self, workspace: Workspace, target: Path, lint: bool, fresh: bool) -> dict[str, Any]:
        """The cache for this workspace, output folder and rule set; empty when anything differs
        (or ``fresh``: ``--clean`` sets the renderings aside along with the folder)."""
        key = [CACHE_FORMAT, RENDER_VERSION, lint_fingerprint(workspace.root) if lint else "off"]
        whole = self._read_whole()
        same = whole.get("key") == key and whole.get("root") == str(workspace.root)
        if fresh or not same or whole.get("out") != str(target):
            self._wipe, whole = self.db is not None, {}
        tables = {
            name: ({} if self._wipe else self._read(table))
            for name, table in _TABLES.items()
            if name != "files"
        }
        tables["files"] = {} if self._wipe else self._read_files()
        self._loaded = {name: dict(rows) for name, rows in tables.items()}
        self._whole = whole
        related = whole.get("related")
        return {
            **tables,
            "key": key,
            "root": str(workspace.root),
            "out": str(target),
            "related": related if isinstance(related, dict) else None,
            "links": {"targets": whole.get("link_targets"), "articles": tables["links"]},
        }

    def _read_whole(self) -> dict[str, Any]:
        rows = self._rows("SELECT k, v FROM meta")
        return {k: _json(v) for k, v in rows if k in _WHOLE}

    def _read(self, table: str) -> dict[str, Any]:
        return {k: _json(v) for k, v in self._rows(f"SELECT k, v FROM {table}")}

    def _read_files(self) -> dict[str, CachedFile]:
        """The cached records; an entry that is not one (a damaged cache) is rendered again."""
        out: dict[str, CachedFile] = {}
        for rel, text, outline in self._rows("SELECT k, v, outline FROM article"):
            try:
                size, mtime, stored = json.loads(text)
                record = record_from_json(stored, outline)
            except (TypeError, ValueError):
                continue
            if record is not None:
                out[rel] = CachedFile((size, mtime), record, stored)
        return out

    def _rows(self, query: str) -> list[Any]:
        if self.db is None:
            return []
        try:
            return self.db.execute(query).fetchall()
        except sqlite3.Error:
            return []

    # -- writing ------------------------------------------------------------------
    def save(self, state: dict[str, Any]) -> str | None:
        """Write what changed since :meth:`load`; returns a note for the user when it cannot."""
        if self.db is None:
            return self._note(self.problem or "cannot be opened")
        links = state.get("links") or {}
        whole = {
            "key": state["key"],
            "root": state["root"],
            "out": state["out"],
            "related": state.get("related"),
            "link_targets": links.get("targets"),
        }
        current = {
            "files": state["files"],
            "manifest": state.get("manifest", {}),
            "pages": state.get("pages", {}),
            "links": links.get("articles", {}),
        }
        try:
            with self.db:
                if self._wipe:
                    for table in _TABLES.values():
                        self.db.execute(f"DELETE FROM {table}")
                for name, table in _TABLES.items():
                    _write(
                        self.db, table, self._loaded.get(name, {}), current[name], name == "files"
                    )
                changed = [
                    (k, json.dumps(v, ensure_ascii=False))
                    for k, v in whole.items()
                    if k not in self._whole or self._whole[k] != v
                ]
                self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", changed)
        except sqlite3.Error as exc:
            return self._note(str(exc))
        self._prune()
        return None

    def _note(self, reason: str) -> str:
        folder = self.path.parent if self.path is not None else "the export cache"
        return (
            f"no export cache: cannot write {folder} ({reason}); "
            "the next export renders every article again"
        )

    def _prune(self) -> None:
        """Remove all but the :data:`KEEP_CACHES` most recently written caches (never this one)."""
        if self.path is None:
            return
        keep = self.path.parent
        (keep / OLD_CACHE_FILE).unlink(missing_ok=True)
        try:
            caches = sorted(
                (
                    p
                    for p in keep.parent.iterdir()
                    if p.is_dir() and not p.is_symlink() and p != keep
                ),
                key=_written,
                reverse=True,
            )
        except OSError:
            return
        for old in caches[KEEP_CACHES - 1 :]:
            shutil.rmtree(old, ignore_errors=True)

    def heavy(self) -> HeavyStore:
        """The renderings, in the same file."""
        return HeavyStore(self.db)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def _write(
    db: sqlite3.Connection, table: str, before: dict[str, Any], now: dict[str, Any], files: bool
) -> None:
    """Rows of ``now`` that differ from ``before`` written, rows no longer there deleted."""
    gone = [(k,) for k in before.keys() - now.keys()]
    db.executemany(f"DELETE FROM {table} WHERE k=?", gone)
    rows: Iterable[tuple[str, Any]] = (
        (k, v) for k, v in now.items() if k not in before or not _same(before[k], v)
    )
    if files:
        records = [(k, *_file_row(v)) for k, v in rows if v.record is not None]
        db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", records)
        return
    stored = [(k, json.dumps(v, ensure_ascii=False)) for k, v in rows]
    db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", stored)


def _same(before: Any, now: Any) -> bool:
    return before is now or before == now


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def _file_row(entry: CachedFile) -> tuple[str, str | None]:
    """The ``v`` and ``outline`` columns of an article's row."""
    record = entry.record
    stored = entry.stored
    if stored is None and record is not None:
        stored = record.light_json() if isinstance(record, Record) else record.to_json()
    outline = record.outline_json() if isinstance(record, Record) else None
    return json.dumps([*entry.stat, stored], ensure_ascii=False), outline


def _written(folder: Path) -> int:
    try:
        return (folder / CACHE_FILE).stat().st_mtime_ns
    except OSError:
        return 0


# -- the heavy part of each record --------------------------------------------------------


class HeavyStore:
    """Rendered HTML, body text and search terms by article, one row each (table ``heavy``).

    Kept apart from the records so that producing a page reads the rendering of
    its article only. Without a database, everything is kept in memory for this
    export only.
    """

    def __init__(self, db: sqlite3.Connection | None) -> None:
        self._memory: dict[str, tuple[str, bytes]] = {}
        self._db = db

    def put(self, rel: str, sha: str, heavy: Rendering) -> None:
        data = json.dumps(heavy.to_json(), ensure_ascii=False).encode("utf-8")
        blob = zlib.compress(data, 1)
        self._memory[rel] = (sha, blob)
        if len(self._memory) >= 256 and self._db is not None:
            self._write()  # a cold export of 10^4 articles would otherwise hold them all

    def _write(self) -> bool:
        rows = [(rel, sha, blob) for rel, (sha, blob) in self._memory.items()]
        try:
            with self._db:  # type: ignore[union-attr]
                self._db.executemany("INSERT OR REPLACE INTO heavy VALUES (?, ?, ?)", rows)  # type: ignore[union-attr]
        except sqlite3.Error:
            return False
        self._memory.clear()
        return True

    def get(self, rel: str, sha: str) -> Rendering:
        """The heavy part of a record; empty fields when it is missing (never raises)."""
        found = self._memory.get(rel)
        if found is None and self._db is not None:
            try:
                found = self._db.execute(
                    "SELECT sha, data FROM heavy WHERE rel=?", (rel,)
                ).fetchone()
            except sqlite3.Error:
                found = None
        if found is None or found[0] != sha:
            return Rendering()
        return rendering_from_json(json.loads(zlib.decompress(found[1])))

    def stored(self) -> dict[str, str]:
        """The content hash of every stored rendering, by article (one query for all)."""
        found = {rel: sha for rel, (sha, _) in self._memory.items()}
        if self._db is not None:
            try:
                rows = self._db.execute("SELECT rel, sha FROM heavy").fetchall()
            except sqlite3.Error:
                rows = []
            found = {**dict(rows), **found}
        return found

    def commit(self, keep: set[str]) -> None:
        """Write the rows added by this export; drop rows of articles no longer exported."""
        if self._db is None or not self._write():
            return
        try:
            with self._db:
                stored = {r for (r,) in self._db.execute("SELECT rel FROM heavy")}
                gone = [(r,) for r in stored - keep]
                self._db.executemany("DELETE FROM heavy WHERE rel=?", gone)
        except sqlite3.Error:
            return
