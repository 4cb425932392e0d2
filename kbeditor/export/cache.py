"""The incremental-export cache, kept in the workspace's data folder.

The output folder is published as it is, so it must hold nothing but the site
(and the small marker saying kbeditor made it). The cache, rendered articles
and the manifest of what was written where, lives in
``WORKSPACE/.kbeditor/export-cache/<hash of the output path>/`` instead: one
cache per output folder, so exporting to two folders never mixes their
manifests. A workspace that cannot be written to still exports; it just
renders everything every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbeditor.export.lintcheck import lint_fingerprint
from kbeditor.export.outdir import load_json
from kbeditor.export.records import (
    Record,
    Rendering,
    Unreadable,
    record_from_json,
    rendering_from_json,
)
from kbeditor.export.render import RENDER_VERSION
from kbeditor.workspace import DATA_DIR, Workspace

# Bump when the layout of records.json changes.
CACHE_FORMAT = 5  # 4: records.sqlite and per-page keys; 5: records carry the article's id
CACHE_FOLDER = "export-cache"
# Caches of output folders exported to less recently are removed beyond this many
# (each is about the size of the site's text; an old one only costs a full render).
KEEP_CACHES = 4


@dataclass(frozen=True, slots=True)
class CachedFile:
    """An article file as the last export saw it: its size and mtime, and its record.

    ``record`` is None while this export renders the file (not kept when saved).
    ``stored`` is the record's stored form as read, written back as it is: turning
    ten thousand records back into JSON on every export costs more than the rest
    of a re-export after one edit.
    """

    stat: tuple[int, int]
    record: Record | Unreadable | None
    stored: dict[str, Any] | None = None


def heavy_path(path: Path) -> Path:
    """The rendered articles beside ``records.json``."""
    return path.with_name("records.sqlite")


def cache_path(workspace: Workspace, target: Path) -> Path:
    """``records.json`` for exports of ``workspace`` into the resolved folder ``target``."""
    key = hashlib.sha256(str(target).encode("utf-8")).hexdigest()[:16]
    return workspace.root / DATA_DIR / CACHE_FOLDER / key / "records.json"


def load(path: Path | None, workspace: Workspace, target: Path, lint: bool) -> dict[str, Any]:
    """The cache for this workspace, output folder and rule set; empty when anything differs."""
    data = load_json(path) if path is not None else {}
    key = [CACHE_FORMAT, RENDER_VERSION, lint_fingerprint(workspace.root) if lint else "off"]
    if (
        data.get("key") != key
        or data.get("root") != str(workspace.root)
        or data.get("out") != str(target)
    ):
        data = {"key": key, "root": str(workspace.root), "out": str(target), "files": {}}
    data.setdefault("manifest", {})
    data["files"] = _files_from_json(data.get("files"))
    return data


def _files_from_json(files: Any) -> dict[str, CachedFile]:
    """The cached records; an entry that is not one (a damaged cache) is rendered again."""
    out: dict[str, CachedFile] = {}
    for rel, entry in (files if isinstance(files, dict) else {}).items():
        try:
            size, mtime = entry["stat"]
            record = record_from_json(entry["record"])
        except (KeyError, TypeError, ValueError):
            continue
        if record is not None:
            out[rel] = CachedFile((size, mtime), record, entry["record"])
    return out


def _files_to_json(files: dict[str, CachedFile]) -> dict[str, Any]:
    return {
        rel: {
            "stat": list(entry.stat),
            "record": entry.stored if entry.stored is not None else entry.record.to_json(),
        }
        for rel, entry in files.items()
        if entry.record is not None
    }


def save(path: Path, cache: dict[str, Any]) -> str | None:
    """Write the cache atomically; returns a note for the user when it cannot be written."""
    tmp = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stored = {**cache, "files": _files_to_json(cache["files"])}
        tmp.write_text(json.dumps(stored, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
        _prune(path.parent.parent, keep=path.parent)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return (
            f"no export cache: cannot write {path.parent} ({reason}); "
            "the next export renders every article again"
        )
    return None


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the :data:`KEEP_CACHES` most recently written caches (never ``keep``)."""
    caches = sorted(
        (p for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and p != keep),
        key=lambda p: _written(p),
        reverse=True,
    )
    for old in caches[KEEP_CACHES - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _written(folder: Path) -> int:
    try:
        return (folder / "records.json").stat().st_mtime_ns
    except OSError:
        return 0


# -- the heavy part of each record --------------------------------------------------------


class HeavyStore:
    """Rendered HTML, body text and search terms by article, one row each (``records.sqlite``).

    Kept out of ``records.json`` so that re-exporting reads and writes only the
    rows of articles that changed, whatever the size of the workspace. Without
    a usable file, everything is kept in memory for this export only.
    """

    def __init__(self, path: Path | None) -> None:
        self._memory: dict[str, tuple[str, bytes]] = {}
        self._db: sqlite3.Connection | None = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path, check_same_thread=False)
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS heavy (rel TEXT PRIMARY KEY, sha TEXT, data BLOB)"
                )
            except (OSError, sqlite3.Error):
                self._db = None

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

    def has(self, rel: str, sha: str) -> bool:
        if rel in self._memory:
            return self._memory[rel][0] == sha
        if self._db is None:
            return False
        try:
            row = self._db.execute("SELECT sha FROM heavy WHERE rel=?", (rel,)).fetchone()
        except sqlite3.Error:
            return False
        return row is not None and row[0] == sha

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

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
