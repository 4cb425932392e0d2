"""The workspace's words kept between runs, so a run reads only the articles that changed.

Counting the words of every article means parsing every article: seconds at a few
thousand articles, half a minute at 12,000, paid by every ``kbeditor lint`` even when
the lint cache answers every article. This store, ``WORKSPACE/.kbeditor/words.sqlite``,
keeps each article's contribution (its prose words, front-matter names and code words)
under its size and modification time, and the totals over all of them with their
digest. A run subtracts what changed or disappeared, adds what is new, and writes back
only those rows. When the store cannot be used (a read-only folder, a damaged file) the
caller counts everything itself, as before.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path

from kbeditor import __version__
from kbeditor.workspace import DATA_DIR

STORE_NAME = "words.sqlite"
FORMAT = "1"  # bump when what an article contributes changes

# (prose words, front-matter names, code words) of one article
Contribution = tuple[list[str], list[str], list[str]]
Stamp = tuple[int, int]  # size, modification time (ns)


class Totals:
    """How many articles contribute each word, name and code word."""

    def __init__(self) -> None:
        self.parts: tuple[Counter[str], Counter[str], Counter[str]] = (
            Counter(),
            Counter(),
            Counter(),
        )

    def add(self, contribution: Contribution, sign: int = 1) -> None:
        for counter, words in zip(self.parts, contribution, strict=True):
            for word in words:
                counter[word] += sign
                if counter[word] <= 0:
                    del counter[word]

    def to_blob(self) -> bytes:
        return _pack([dict(c) for c in self.parts])

    @classmethod
    def from_blob(cls, blob: bytes) -> Totals:
        totals = cls()
        totals.parts = tuple(Counter(d) for d in _unpack(blob))  # type: ignore[assignment]
        return totals


def update(
    root: Path,
    stamps: dict[str, Stamp],
    contribute: Callable[[list[str]], Iterable[Contribution | None]],
    digest_of: Callable[[Totals, Callable[[str], bool]], str],
    known: Callable[[str], bool],
) -> tuple[Totals, str] | None:
    """The totals for the articles ``stamps`` lists, reading only those that changed,
    and their digest (``digest_of`` runs only when they changed).

    ``digest_of(totals, known)`` asks whether the dictionary knows a word; ``known``
    answers, and its answers are kept in the store too, so a digest after one changed
    article looks up only the words never asked before (the lookups took seconds).

    ``contribute(paths)`` reads those articles and yields their contributions in that
    order (None for one that cannot be read). Returns None
    when the store cannot be used; the caller then counts every article itself.
    """
    path = Path(root) / DATA_DIR / STORE_NAME
    try:
        path.parent.mkdir(exist_ok=True)
        return _open_and_update(path, stamps, contribute, digest_of, known)
    except sqlite3.DatabaseError:  # not a database any more: it is only a cache, start again
        try:
            path.unlink()
            return _open_and_update(path, stamps, contribute, digest_of, known)
        except (OSError, sqlite3.Error, ValueError, TypeError):
            return None
    except (OSError, sqlite3.Error, ValueError, TypeError):
        return None


def _open_and_update(
    path: Path,
    stamps: dict[str, Stamp],
    contribute: Callable[[list[str]], Iterable[Contribution | None]],
    digest_of: Callable[[Totals, Callable[[str], bool]], str],
    known: Callable[[str], bool],
) -> tuple[Totals, str]:
    with closing(sqlite3.connect(path, timeout=10)) as db, db:
        totals, changed = _update(db, stamps, contribute)
        key = f"digest {__version__}"
        row = None if changed else db.execute(_GET, (key,)).fetchone()
        if row is not None:
            return totals, str(row[0])
        digest = digest_of(totals, _KnownWords(db, known))
        db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, digest))
        return totals, digest


class _KnownWords:
    """``known(word)`` answered from the store's table of earlier answers, asking only for new
    words and keeping their answers."""

    def __init__(self, db: sqlite3.Connection, known: Callable[[str], bool]) -> None:
        self.db, self.known = db, known
        db.execute("CREATE TABLE IF NOT EXISTS english (word TEXT PRIMARY KEY, known INTEGER)")
        self.answers = dict(db.execute("SELECT word, known FROM english"))

    def __call__(self, word: str) -> bool:
        found = self.answers.get(word)
        if found is None:
            found = self.answers[word] = int(self.known(word))
            self.db.execute("INSERT OR REPLACE INTO english VALUES (?, ?)", (word, found))
        return bool(found)


_GET = "SELECT value FROM meta WHERE key = ?"


def _update(
    db: sqlite3.Connection,
    stamps: dict[str, Stamp],
    contribute: Callable[[list[str]], Iterable[Contribution | None]],
) -> tuple[Totals, bool]:
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB)")
    db.execute(
        "CREATE TABLE IF NOT EXISTS articles "
        "(path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, words BLOB)"
    )
    row = db.execute(_GET, ("format",)).fetchone()
    if row is None or row[0] != FORMAT:
        db.execute("DELETE FROM articles")
        db.execute("DELETE FROM meta")
        db.execute("DROP TABLE IF EXISTS english")
        db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
    stored = {p: (s, m) for p, s, m in db.execute("SELECT path, size, mtime FROM articles")}
    row = db.execute(_GET, ("totals",)).fetchone()
    totals = Totals.from_blob(row[0]) if row is not None and stored else Totals()
    gone = [p for p in stored if stored[p] != stamps.get(p)]
    fresh = [p for p in stamps if stored.get(p) != stamps[p]]
    if not gone and not fresh:
        return totals, False
    for p in gone:
        old = db.execute("SELECT words FROM articles WHERE path = ?", (p,)).fetchone()
        if old is not None and old[0] is not None:
            totals.add(tuple(_unpack(old[0])), -1)
        db.execute("DELETE FROM articles WHERE path = ?", (p,))
    for p, contribution in zip(fresh, contribute(fresh), strict=True):
        if contribution is not None:
            totals.add(contribution)
        blob = _pack(list(contribution)) if contribution is not None else None
        db.execute("INSERT INTO articles VALUES (?, ?, ?, ?)", (p, *stamps[p], blob))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('totals', ?)", (totals.to_blob(),))
    db.execute("DELETE FROM meta WHERE key LIKE 'digest %'")
    return totals, True


def _pack(value: object) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def _unpack(blob: bytes) -> list:
    return json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
