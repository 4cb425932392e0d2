"""Where a workspace's search index lives: in the workspace, else in the user's cache.

The index belongs in ``WORKSPACE/.kbeditor/search/``, beside the articles it
describes. A workspace on read-only media, or whose ``.kbeditor`` is a file
rather than a folder, cannot hold it; rather than fail (or write a lock file
where it cannot), the index is kept in the user's cache folder, under a name
made from the workspace's path, and a note says so. Nothing the tool did not
create is ever moved or deleted to make room.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kbeditor.errors import KbError
from kbeditor.paths import unwritable, user_cache
from kbeditor.workspace import DATA_DIR

INDEX_DIR = "search"
LOCK_NAME = "search.lock"


@dataclass(frozen=True, slots=True)
class IndexHome:
    """The folder of the index generations, its writer lock, and a note when not in the workspace."""

    folder: Path
    lock_path: Path
    note: str | None = None


def index_home(root: Path) -> IndexHome:
    """Where the index of the workspace at ``root`` (resolved) is kept.

    Raises KbError when neither the workspace nor the user's cache can be written.
    """
    data = root / DATA_DIR
    problem = unwritable(data)
    if problem is None:
        return IndexHome(data / INDEX_DIR, data / LOCK_NAME)
    cache = user_cache() / INDEX_DIR / hashlib.sha1(str(root).encode("utf-8")).hexdigest()[:16]
    elsewhere = unwritable(cache)
    if elsewhere is not None:
        raise KbError(
            f"the search index can be kept neither in the workspace ({data} {problem}) "
            f"nor in {cache} ({elsewhere})",
            root,
        )
    note = f"{data} {problem}; the search index is kept in {cache}"
    return IndexHome(cache / INDEX_DIR, cache / LOCK_NAME, note)
