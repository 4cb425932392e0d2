"""Search gaps: queries that found nothing, or whose results nobody opened, counted locally.

Off unless the workspace says ``[search] log_queries = true``. Only the query
text, how often it happened and the last date are kept, in
``.kbeditor/search-gaps.json``: no user, no time of day, no results. Queries
are grouped case- and space-insensitively ("VPN  error" and "vpn error" are
one gap); the most recent spelling is shown.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from kbeditor.config import load_config
from kbeditor.errors import KbError
from kbeditor.workspace import DATA_DIR, atomic_write

log = logging.getLogger(__name__)

LOG_NAME = "search-gaps.json"
MAX_QUERY = 200  # characters kept of one query
MAX_ENTRIES = 5000  # the least recent gaps are dropped beyond this
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Gap:
    """One query readers did not find an answer to.

    ``count``: times it found nothing; ``not_opened``: times it found results
    but none was opened; ``last``: the last date either happened.
    """

    query: str
    count: int
    not_opened: int
    last: str


def enabled(root: Path) -> bool:
    """Whether the workspace asked for queries to be counted (off by default)."""
    try:
        return bool(load_config(root).get("search", "log_queries"))
    except KbError:
        return False


def record(root: Path, query: str, found: int, today: dt.date | None = None) -> bool:
    """Count a query that found ``found`` articles (only when nothing was found).

    Returns True when the query was counted. Safe to call for every search: it
    does nothing unless logging is on and the query found nothing.
    """
    if found or not enabled(root):
        return False
    return _bump(root, query, "count", today)


def record_not_opened(root: Path, query: str, today: dt.date | None = None) -> bool:
    """Count a query whose results the reader looked at and left without opening any."""
    if not enabled(root):
        return False
    return _bump(root, query, "not_opened", today)


def gaps(root: Path) -> list[Gap]:
    """Every gap, most frequent first (nothing-found and not-opened counts added)."""
    entries = _load(root)
    out = [Gap(e["query"], e["count"], e["not_opened"], e["last"]) for e in entries.values()]
    return sorted(out, key=lambda g: (-(g.count + g.not_opened), g.query.casefold()))


def _key(query: str) -> str:
    return " ".join(query.split()).casefold()


def _bump(root: Path, query: str, field: str, today: dt.date | None) -> bool:
    text = " ".join(query.split())[:MAX_QUERY]
    if not text:
        return False
    with _lock:
        entries = _load(root)
        entry = entries.setdefault(_key(text), {"query": text, "count": 0, "not_opened": 0})
        entry["query"] = text
        entry[field] += 1
        entry["last"] = (today or dt.date.today()).isoformat()
        if len(entries) > MAX_ENTRIES:
            ordered = sorted(entries.items(), key=lambda kv: kv[1]["last"], reverse=True)
            entries = dict(ordered[:MAX_ENTRIES])
        return _save(root, entries)


def _load(root: Path) -> dict[str, dict]:
    try:
        data = json.loads((root / DATA_DIR / LOG_NAME).read_text(encoding="utf-8"))
        queries = data["queries"]
        return {
            str(k): {
                "query": str(v["query"]),
                "count": int(v["count"]),
                "not_opened": int(v.get("not_opened", 0)),
                "last": str(v["last"]),
            }
            for k, v in queries.items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _save(root: Path, entries: dict[str, dict]) -> bool:
    target = root / DATA_DIR / LOG_NAME
    try:
        target.parent.mkdir(exist_ok=True)
        payload = {"format": 1, "queries": entries}
        atomic_write(target, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        log.info("search gap not saved in %s: %s", target, exc)
        return False
    return True


class QueryTracker:
    """Judges the queries of a search-as-you-type box once the reader has moved on.

    While typing, "vp", "vpn" and "vpn drops" are each searched; only the
    query the reader settled on counts. A query is judged when a different one
    replaces it (not one that extends or shortens it) or at :meth:`flush`: it
    is a gap when it found nothing, or found results of which none was opened.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._query = ""
        self._found = 0
        self._opened = False

    def shown(self, query: str, found: int) -> None:
        """The results of ``query`` (``found`` articles) are on screen."""
        query = " ".join(query.split())
        if query == self._query:  # shown again (the index changed): same query, same reader
            self._found = found
            return
        if self._query and not _refines(self._query, query):
            self._judge()
        self._query, self._found, self._opened = query, found, False

    def opened(self) -> None:
        """The reader opened one of the results shown."""
        self._opened = True

    def flush(self) -> None:
        """Judge the query on screen now (the panel closes or the workspace changes)."""
        if self._query:
            self._judge()
        self._query = ""

    def _judge(self) -> None:
        if self._opened:
            return
        if self._found:
            record_not_opened(self.root, self._query)
        else:
            record(self.root, self._query, 0)


def _refines(before: str, after: str) -> bool:
    a, b = before.casefold(), after.casefold()
    return a.startswith(b) or b.startswith(a)
