"""The catalog: what was indexed, from which file state, plus shingles for similarity.

A small SQLite database beside the Whoosh index. It answers "has this file
changed?" from size and modification time without reading the file, then by
content hash; it keeps each article's shingles and snippet lines; and its
``samples`` table (a fixed subset of every article's shingles) is the
candidate index for similarity, queried with plain SQL by any process.
"""

from __future__ import annotations

import marshal
import sqlite3
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL,
    title TEXT NOT NULL,
    lines BLOB NOT NULL,
    shingles BLOB NOT NULL,
    nshingles INTEGER NOT NULL,
    topic BLOB NOT NULL,
    focus BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS samples (shingle INTEGER NOT NULL, doc INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS keys (shingle INTEGER PRIMARY KEY, df INTEGER NOT NULL);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS samples_by_shingle ON samples (shingle);
CREATE INDEX IF NOT EXISTS samples_by_doc ON samples (doc);
"""


_INSERT_DOC = (
    "INSERT INTO docs (path, mtime_ns, size, hash, title, lines, shingles, nshingles,"
    " topic, focus) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    title: str
    shingles: bytes
    topic: dict[str, float]
    focus: dict[str, float]


def pack_topic(topic: dict[str, float]) -> bytes:
    return zlib.compress(marshal.dumps(topic))


def unpack_topic(blob: bytes) -> dict[str, float]:
    return marshal.loads(zlib.decompress(blob))


# Decoded term vectors kept between calls (a draft's candidates change little
# from one keystroke to the next; 2,000 articles' topic and focus vectors).
VECTOR_CACHE = 4000


@dataclass(frozen=True, slots=True)
class FileState:
    mtime_ns: int
    size: int
    hash: str


_TABLES = {"meta", "docs", "samples", "keys"}


class CatalogDamaged(sqlite3.DatabaseError):
    """A catalog whose tables or stored values cannot be what this module wrote."""


class Catalog:
    """The catalog database at ``path``.

    Args:
        path: the database file.
        create: make the file and its tables if missing. An existing index is
            opened with ``create=False``: a table that went missing is damage,
            and recreating it empty would make every article look new (and
            be indexed a second time).
    """

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = path
        if create:
            self.db = sqlite3.connect(path, timeout=10.0, check_same_thread=False)
        else:
            uri = f"{path.resolve().as_uri()}?mode=rw"
            self.db = sqlite3.connect(uri, timeout=10.0, check_same_thread=False, uri=True)
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            if create:
                self.db.executescript(_SCHEMA + _INDEXES)
            else:
                self._check_tables()
        except BaseException:
            self.db.close()
            raise
        self._vectors: OrderedDict[bytes, dict[str, float]] = OrderedDict()

    def _vector(self, blob: bytes) -> dict[str, float]:
        """A stored term vector, decoded once: keyed by its bytes, so never stale.

        The same bytes always give the same (shared, read-only) dict object,
        which lets callers keep per-vector results keyed by identity.
        """
        found = self._vectors.get(blob)
        if found is not None:
            self._vectors.move_to_end(blob)
            return found
        try:
            found = unpack_topic(blob)
        except (zlib.error, ValueError, EOFError, TypeError) as exc:
            raise CatalogDamaged(f"a stored vector cannot be read ({exc})") from None
        if not isinstance(found, dict):
            raise CatalogDamaged("a stored vector is not a vector")
        self._vectors[blob] = found
        if len(self._vectors) > VECTOR_CACHE:
            self._vectors.popitem(last=False)
        return found

    def close(self) -> None:
        self.db.close()

    def _check_tables(self) -> None:
        rows = self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        missing = _TABLES - {name for (name,) in rows}
        if missing:
            raise CatalogDamaged(f"table {', '.join(sorted(missing))} is missing")

    def check(self) -> None:
        """Raise sqlite3.DatabaseError when the file is damaged."""
        row = self.db.execute("PRAGMA quick_check").fetchone()
        if row is None or row[0] != "ok":
            raise sqlite3.DatabaseError(f"catalog check failed: {row}")

    # -- meta --------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    def stamp(self) -> tuple[str, int]:
        """(instance, generation): changes with every commit and with every rebuild.

        ``instance`` is a random name given when the catalog is created, so a
        catalog rebuilt by another process never passes for the one read before.
        """
        meta = dict(
            self.db.execute("SELECT key, value FROM meta WHERE key IN ('instance', 'generation')")
        )
        return meta.get("instance", ""), int(meta.get("generation") or 0)

    # -- documents ---------------------------------------------------------------
    def states(self) -> dict[str, FileState]:
        rows = self.db.execute("SELECT path, mtime_ns, size, hash FROM docs")
        return {path: FileState(m, s, h) for path, m, s, h in rows}

    def put(
        self,
        path: str,
        state: FileState,
        title: str,
        lines: str,
        shingles: bytes,
        count: int,
        sample_keys: list[int],
        topic: dict[str, float],
        focus: dict[str, float],
    ) -> None:
        self.remove(path)
        cur = self.db.execute(
            _INSERT_DOC,
            (
                path,
                state.mtime_ns,
                state.size,
                state.hash,
                title,
                zlib.compress(lines.encode("utf-8")),
                shingles,
                count,
                pack_topic(topic),
                pack_topic(focus),
            ),
        )
        doc_id = cur.lastrowid
        self.db.executemany(
            "INSERT INTO samples VALUES (?, ?)", ((key, doc_id) for key in sample_keys)
        )
        self.db.executemany(
            "INSERT INTO keys VALUES (?, 1) ON CONFLICT(shingle) DO UPDATE SET df = df + 1",
            ((key,) for key in sample_keys),
        )

    def begin_bulk(self) -> None:
        """Before filling an empty catalog with put_rows: drop the indexes (end_bulk makes them).

        Keeping two indexes and the key counts current row by row made a
        12,000-article build's inserts grow faster than the articles once
        they outgrew SQLite's cache; made once at the end, they cost a sort.
        """
        self.db.execute("DROP INDEX IF EXISTS samples_by_shingle")
        self.db.execute("DROP INDEX IF EXISTS samples_by_doc")

    def put_rows(self, rows: list[tuple[tuple[Any, ...], list[int]]]) -> None:
        """Insert new articles (values as ``put`` stores them, sample keys) between the bulk calls."""
        for values, sample_keys in rows:
            cur = self.db.execute(_INSERT_DOC, values)
            doc_id = cur.lastrowid
            self.db.executemany(
                "INSERT INTO samples VALUES (?, ?)", ((key, doc_id) for key in sample_keys)
            )

    def end_bulk(self) -> None:
        """Count every key's articles and make the indexes; then commit."""
        self.db.execute("DELETE FROM keys")
        self.db.execute(
            "INSERT INTO keys SELECT shingle, COUNT(*) FROM samples GROUP BY shingle ORDER BY shingle"
        )
        self.db.executescript(_INDEXES)
        self.commit()

    def touch(self, path: str, state: FileState) -> None:
        """Record a new mtime/size for a file whose content did not change."""
        self.db.execute(
            "UPDATE docs SET mtime_ns = ?, size = ? WHERE path = ?",
            (state.mtime_ns, state.size, path),
        )

    def remove(self, path: str) -> None:
        row = self.db.execute("SELECT id FROM docs WHERE path = ?", (path,)).fetchone()
        if row:
            self.db.execute(
                "UPDATE keys SET df = df - 1 WHERE shingle IN"
                " (SELECT shingle FROM samples WHERE doc = ?)",
                (row[0],),
            )
            self.db.execute("DELETE FROM samples WHERE doc = ?", (row[0],))
            self.db.execute("DELETE FROM docs WHERE id = ?", (row[0],))

    def clear(self) -> None:
        self.db.execute("DELETE FROM samples")
        self.db.execute("DELETE FROM keys")
        self.db.execute("DELETE FROM docs")

    def commit(self) -> int:
        """Commit, counting one more generation; returns the new generation."""
        generation = self.generation() + 1
        self.set_meta("generation", str(generation))
        self.db.commit()
        return generation

    def rollback(self) -> None:
        self.db.rollback()

    # -- reading -----------------------------------------------------------------
    def lines(self, path: str) -> str:
        row = self.db.execute("SELECT lines FROM docs WHERE path = ?", (path,)).fetchone()
        if not row:
            return ""
        try:
            return zlib.decompress(row[0]).decode("utf-8")
        except (zlib.error, UnicodeDecodeError, TypeError) as exc:
            raise CatalogDamaged(f"the stored lines of {path} cannot be read ({exc})") from None

    def title(self, path: str) -> str:
        row = self.db.execute("SELECT title FROM docs WHERE path = ?", (path,)).fetchone()
        return row[0] if row else ""

    def rows(self, paths: list[str]) -> list[Row]:
        """(path, title, shingles, topic, focus) of the given articles."""
        out = []
        for path in paths:
            row = self.db.execute(
                "SELECT path, title, shingles, topic, focus FROM docs WHERE path = ?", (path,)
            ).fetchone()
            if row:
                out.append(
                    Row(
                        row[0],
                        row[1],
                        _shingles(row[2]),
                        self._vector(row[3]),
                        self._vector(row[4]),
                    )
                )
        return out

    def candidates(self, keys: list[int], limit: int, max_df: int) -> list[Row]:
        """Articles sharing the most sample keys with ``keys``, most first.

        Keys held by more than ``max_df`` articles (boilerplate) are skipped:
        they say nothing about duplication and cost the most to look up.
        (Counting is done here rather than in one SQL join: SQLite's plan for
        the join scanned the whole samples table.)
        """
        useful: list[int] = []
        for chunk in _chunks(sorted(set(keys))):
            marks = ",".join("?" * len(chunk))
            useful += [
                k
                for (k,) in self.db.execute(
                    f"SELECT shingle FROM keys WHERE shingle IN ({marks}) AND df <= ?",
                    (*chunk, max_df),
                )
            ]
        counts: dict[int, int] = {}
        for chunk in _chunks(useful):
            marks = ",".join("?" * len(chunk))
            for (doc,) in self.db.execute(
                f"SELECT doc FROM samples WHERE shingle IN ({marks})", chunk
            ):
                counts[doc] = counts.get(doc, 0) + 1
        best = sorted(counts, key=lambda d: (-counts[d], d))[:limit]
        if not best:
            return []
        marks = ",".join("?" * len(best))
        rows = self.db.execute(
            f"SELECT id, path, title, shingles, topic, focus FROM docs WHERE id IN ({marks})",
            best,
        ).fetchall()
        order = {doc: i for i, doc in enumerate(best)}
        rows.sort(key=lambda r: order[r[0]])
        return [
            Row(p, t, _shingles(sh), self._vector(v), self._vector(f)) for _, p, t, sh, v, f in rows
        ]

    def sample_groups(self):  # -> Iterator[tuple[int, list[int]]]
        """(shingle, [doc ids]) for every sample key held by two or more articles."""
        rows = self.db.execute(
            "SELECT shingle, group_concat(doc) FROM samples GROUP BY shingle HAVING COUNT(*) > 1"
        )
        for shingle, docs in rows:
            yield shingle, [int(d) for d in docs.split(",")]

    def all_docs(self) -> dict[int, tuple[str, str, bytes, int]]:
        """id -> (path, title, shingles, count), for the duplicate sweep."""
        rows = self.db.execute("SELECT id, path, title, shingles, nshingles FROM docs")
        return {i: (p, t, _shingles(s, n), n) for i, p, t, s, n in rows}


def _shingles(blob: bytes, count: int | None = None) -> bytes:
    """A stored shingle set, checked: 8 bytes per shingle (and ``count`` of them, if known)."""
    if (
        not isinstance(blob, bytes)
        or len(blob) % 8
        or (count is not None and len(blob) != 8 * count)
    ):
        raise CatalogDamaged("a stored shingle set cannot be read")
    return blob


def _chunks(values: list[int], size: int = 500) -> list[list[int]]:
    """SQLite limits the number of parameters of one statement."""
    return [values[i : i + size] for i in range(0, len(values), size)]
