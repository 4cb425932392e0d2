"""Lint results remembered between runs, shared by ``kbeditor lint`` and the editor's badges.

A support knowledge base of 10^4 articles takes minutes to lint, and most
articles do not change between two runs. Both faces of the program keep what
they learned about an article in one file, ``WORKSPACE/.kbeditor/lint-cache.sqlite``,
keyed by a hash of the article (its bytes and file name) and by the rule-set
identity (:func:`kbeditor.lint.identity.ruleset_identity`), so a cached answer
is never used after a rule, a vocabulary or the configuration changed, nor on
another day (the lifecycle rules' findings depend on the date).

An entry holds the editor's badge facts (title, product, worst problem, counts,
first error), the full diagnostics (for the command line), or both; each face
fills in what it needs. SQLite, not one JSON document: a cache of 10^5 articles
with every diagnostic would not fit in memory, and a lookup reads one row.

A cache file that cannot be read or written is ignored: no cache is slower,
never broken. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kbeditor.lint.diagnostic import Diagnostic, Fix
from kbeditor.workspace import DATA_DIR

log = logging.getLogger(__name__)

CACHE_NAME = "lint-cache.sqlite"
FORMAT = 4  # 4: diagnostics keep their alternative fixes (spelling suggestions)
# Rule sets kept besides the current one (an editor and a `--min-level` run alternate).
KEEP_RULESETS = 3
_BADGE_FIELDS = {
    "title": str,
    "product": str,
    "worst": (str, type(None)),
    "error": str,
    "counts": dict,
}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rulesets (identity TEXT PRIMARY KEY, used INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    identity TEXT NOT NULL, digest TEXT NOT NULL, badge TEXT, diagnostics BLOB,
    PRIMARY KEY (identity, digest)
) WITHOUT ROWID;
"""


def content_digest(data: bytes, name: str = "") -> str:
    """The key of one article: its bytes and file name (an untitled article's title is its name)."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def cache_file(root: Path) -> Path:
    return Path(root) / DATA_DIR / CACHE_NAME


class LintCache:
    """Cached lint facts of one workspace for one rule set.

    Lookups read the file; additions are written in batches and on
    :meth:`save`. With ``prune`` on save, entries of this rule set that were
    neither looked up nor added in this run are dropped (the run saw the whole
    workspace, so they belong to articles that changed or are gone).
    """

    def __init__(self, root: Path, identity: str) -> None:
        self.path = cache_file(root)
        # Findings of the lifecycle rules (KB.ReviewDate) depend on today's date, and so
        # does their absence: an answer is kept for the day it was found on only.
        self.identity = f"{identity} {dt.date.today().isoformat()}"
        self._used: set[str] = set()
        self._pending: dict[str, tuple[str | None, bytes | None]] = {}
        self._db = _open(self.path)
        if self._db is not None:
            self._touch_ruleset()

    # -- badges (the editor's workspace panel) ----------------------------------------
    def get(self, digest: str) -> dict[str, Any] | None:
        """The badge facts of an article's content, or None when it must be linted."""
        badge, _ = self._row(digest)
        entry = _badge(badge)
        if entry is not None:
            self._used.add(digest)
        return entry

    def put(self, digest: str, entry: dict[str, Any]) -> None:
        if _valid_badge(entry):
            _, diags = self._row(digest)
            self._stage(digest, json.dumps(entry, separators=(",", ":")), diags)

    # -- diagnostics (the command line) --------------------------------------------
    def diagnostics(self, digest: str) -> list[Diagnostic] | None:
        """The diagnostics of an article's content, or None when it must be linted."""
        _, blob = self._row(digest)
        found = _decode(blob)
        if found is not None:
            self._used.add(digest)
        return found

    def has(self, digest: str) -> bool:
        """Whether the diagnostics of an article's content are known (without decoding them)."""
        if digest in self._pending:
            return self._pending[digest][1] is not None
        if self._db is None:
            return False
        try:
            row = self._db.execute(
                "SELECT diagnostics IS NOT NULL FROM entries WHERE identity=? AND digest=?",
                (self.identity, digest),
            ).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return False
        return bool(row and row[0])

    def put_result(self, digest: str, diags: list[Diagnostic], badge: dict[str, Any]) -> None:
        """Remember a full result: the diagnostics and the badge facts of the same lint."""
        self.put_encoded(digest, badge, encode(diags))

    def put_encoded(self, digest: str, badge: dict[str, Any] | None, blob: bytes) -> None:
        """As :meth:`put_result`, with the diagnostics already encoded (by a worker process)."""
        text = json.dumps(badge, separators=(",", ":")) if _valid_badge(badge) else None
        self._stage(digest, text, blob)

    # -- the rule set itself (what building it printed, and its rules) --------------
    def ruleset_facts(self) -> dict[str, Any] | None:
        """What was learned when this rule set was last built, so a run that lints nothing skips it."""
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT value FROM meta WHERE key=?", (f"facts {self.identity}",)
            ).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError) as exc:
            self._give_up(exc)
            return None

    def put_ruleset_facts(self, facts: dict[str, Any]) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                    (f"facts {self.identity}", json.dumps(facts, ensure_ascii=False)),
                )
        except sqlite3.Error as exc:
            self._give_up(exc)

    # -- storage -------------------------------------------------------------------
    def _row(self, digest: str) -> tuple[str | None, bytes | None]:
        if digest in self._pending:
            return self._pending[digest]
        if self._db is None:
            return None, None
        try:
            row = self._db.execute(
                "SELECT badge, diagnostics FROM entries WHERE identity=? AND digest=?",
                (self.identity, digest),
            ).fetchone()
        except sqlite3.Error as exc:
            self._give_up(exc)
            return None, None
        return (row[0], row[1]) if row else (None, None)

    def _stage(self, digest: str, badge: str | None, diags: bytes | None) -> None:
        self._used.add(digest)
        self._pending[digest] = (badge, diags)
        if len(self._pending) >= 256:
            self._flush()

    def _flush(self) -> None:
        pending, self._pending = self._pending, {}
        if self._db is None or not pending:
            return
        rows = [(self.identity, d, b, g) for d, (b, g) in pending.items()]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self._give_up(exc)

    def save(self, prune: bool = True) -> None:
        """Write what this run added; with ``prune``, forget this rule set's unused entries."""
        self._flush()
        if self._db is None or not prune:
            return
        try:
            with self._db:
                self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (digest TEXT PRIMARY KEY)")
                self._db.execute("DELETE FROM used")
                self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", _rows(self._used))
                self._db.execute(
                    "DELETE FROM entries WHERE identity=? AND digest NOT IN (SELECT digest FROM used)",
                    (self.identity,),
                )
        except sqlite3.Error as exc:
            self._give_up(exc)

    def close(self) -> None:
        self.save(prune=False)
        if self._db is not None:
            self._db.close()
            self._db = None

    def _touch_ruleset(self) -> None:
        """Mark this rule set as the latest; drop the entries of rule sets beyond the last few."""
        assert self._db is not None
        try:
            with self._db:
                top = self._db.execute("SELECT COALESCE(MAX(used), 0) FROM rulesets").fetchone()
                self._db.execute(
                    "INSERT OR REPLACE INTO rulesets VALUES (?, ?)", (self.identity, top[0] + 1)
                )
                old = self._db.execute(
                    "SELECT identity FROM rulesets ORDER BY used DESC LIMIT -1 OFFSET ?",
                    (KEEP_RULESETS + 1,),
                ).fetchall()
                for (identity,) in old:
                    self._db.execute("DELETE FROM entries WHERE identity=?", (identity,))
                    self._db.execute("DELETE FROM rulesets WHERE identity=?", (identity,))
                    self._db.execute("DELETE FROM meta WHERE key=?", (f"facts {identity}",))
        except sqlite3.Error as exc:
            self._give_up(exc)

    def _give_up(self, exc: Exception) -> None:
        log.info("lint cache %s not used: %s", self.path, exc)
        if self._db is not None:
            self._db.close()
        self._db = None


def _rows(digests: Iterable[str]) -> Iterable[tuple[str]]:
    return ((d,) for d in digests)


def _open(path: Path) -> sqlite3.Connection | None:
    """The cache database, created when missing; None (no cache) when it is unusable."""
    try:
        path.parent.mkdir(exist_ok=True)
        # One user at a time, but not always the same thread (the editor's scan pool).
        db = sqlite3.connect(path, timeout=10, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
        row = db.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        if row is None or row[0] != str(FORMAT):
            with db:
                db.execute("DELETE FROM entries")
                db.execute("DELETE FROM rulesets")
                db.execute("DELETE FROM meta WHERE key LIKE 'facts %'")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (str(FORMAT),))
        return db
    except (OSError, sqlite3.Error) as exc:
        if isinstance(exc, sqlite3.DatabaseError) and _reset(path):
            return _open(path)
        log.info("no lint cache at %s: %s", path, exc)
        return None


def _reset(path: Path) -> bool:
    """Remove a cache file that is not a database (damaged): rebuilt by this run. Once only."""
    try:
        with path.open("rb") as handle:
            if handle.read(16) == b"SQLite format 3\x00":
                return False  # a real database that is busy or locked: leave it alone
        path.unlink()
    except OSError:
        return False
    return True


def _badge(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        entry = json.loads(text)
    except ValueError:
        return None
    return entry if _valid_badge(entry) else None


def _valid_badge(entry: object) -> bool:
    return isinstance(entry, dict) and all(
        isinstance(entry.get(key), kinds)  # type: ignore[arg-type]  # the table holds types
        for key, kinds in _BADGE_FIELDS.items()
    )


# -- diagnostics as bytes --------------------------------------------------------------


def encode(diags: list[Diagnostic]) -> bytes:
    """Diagnostics as compressed JSON; a rule's long texts are stored once per article."""
    texts: dict[tuple[str, str, str], int] = {}
    rows = []
    for d in diags:
        key = (d.category, d.description, d.link)
        index = texts.setdefault(key, len(texts))
        fix = _fix_row(d.fix) if d.fix is not None else None
        rows.append(
            [d.rule, index, d.severity, d.message, d.match, d.start, d.end]
            + [d.line, d.column, d.end_line, d.end_column, fix]
            + [[_fix_row(a) for a in d.alternatives]]
        )
    payload = {"texts": [list(k) for k in texts], "rows": rows}
    return zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8"), 1)


def _fix_row(fix: Fix) -> list[object]:
    return [fix.replacement, fix.safe, fix.title]


def _decode(blob: bytes | None) -> list[Diagnostic] | None:
    if blob is None:
        return None
    try:
        payload = json.loads(zlib.decompress(blob))
        texts = payload["texts"]
        out = []
        for rule, index, sev, msg, match, *numbers, fix, alternatives in payload["rows"]:
            category, description, link = texts[index]
            out.append(
                Diagnostic(  # type: ignore[misc]  # *numbers are the position fields only
                    rule, category, sev, msg, description, link, match, *numbers,
                    fix=Fix(*fix) if fix is not None else None,
                    alternatives=tuple(Fix(*a) for a in alternatives),
                )
            )  # fmt: skip
        return out
    except (ValueError, TypeError, KeyError, IndexError, zlib.error):
        return None
