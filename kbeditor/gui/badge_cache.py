"""Workspace badges remembered between runs, so a restart relints only changed articles.

The workspace panel shows each article's worst problem, which takes a full
lint of every article (about 14 s of background work for 600 articles).
The answers are kept in the workspace's data folder (``.kbeditor/badges.json``),
keyed by a hash of the article's bytes; the whole file belongs to one rule
set, identified by :func:`kbeditor.lint.identity.ruleset_identity` (the same
identity export's cache uses). When any of them changes, every article is
checked again. A cache file that cannot be read or makes no sense is ignored
and rewritten; it never stops the scan.

No Qt here: the workspace scanner calls this from its worker thread.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from kbeditor.workspace import DATA_DIR, atomic_write

log = logging.getLogger(__name__)

CACHE_NAME = "badges.json"
FORMAT = 1
_FIELDS: dict[str, type | tuple[type, ...]] = {
    "title": str,
    "product": str,
    "worst": (str, type(None)),
    "error": str,
    "counts": dict,
}


def content_digest(data: bytes) -> str:
    """The key of one article: a hash of its bytes on disk."""
    return hashlib.sha256(data).hexdigest()


class BadgeCache:
    """Badge facts by article content hash, for one rule set, stored in one workspace.

    Only entries looked up or added during this run are written back, so
    articles that were deleted or changed since drop out and the file stays
    the size of the workspace.
    """

    def __init__(self, root: Path, identity: str) -> None:
        self.path = Path(root) / DATA_DIR / CACHE_NAME
        self.identity = identity
        self._stored = self._load()
        self._used: dict[str, dict[str, Any]] = {}
        self._added = False

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:  # corrupt or unreadable: rebuilt by this run
            log.info("ignoring the badge cache %s: %s", self.path, exc)
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        if data.get("rules") != self.identity or not isinstance(data.get("articles"), dict):
            return {}
        return {k: v for k, v in data["articles"].items() if _valid(v)}

    def get(self, digest: str) -> dict[str, Any] | None:
        """The stored facts for an article's content, or None when it must be linted."""
        entry = self._used.get(digest) or self._stored.get(digest)
        if entry is not None:
            self._used[digest] = entry
        return entry

    def put(self, digest: str, entry: dict[str, Any]) -> None:
        if _valid(entry):
            self._used[digest] = entry
            self._added = True

    def save(self) -> None:
        """Write the entries of this run (atomically); a failure only costs the next start time."""
        if not self._added and self._used.keys() == self._stored.keys():
            return  # nothing new, nothing gone: leave the file alone
        payload = {"format": FORMAT, "rules": self.identity, "articles": self._used}
        try:
            self.path.parent.mkdir(exist_ok=True)
            atomic_write(self.path, json.dumps(payload, separators=(",", ":")).encode())
        except OSError as exc:
            log.warning("could not write the badge cache %s: %s", self.path, exc)
            return
        self._stored, self._added = dict(self._used), False


def _valid(entry: object) -> bool:
    return isinstance(entry, dict) and all(
        isinstance(entry.get(key), kinds) for key, kinds in _FIELDS.items()
    )
