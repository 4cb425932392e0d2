"""The article files of a workspace with their size and time, found cheaply.

Keeping the index current means looking at every article's size and
modification time, often (before searches, after saves). ``Workspace.
article_paths`` followed by ``relative`` and ``stat`` on each path costs most of
its time in ``pathlib`` (resolving and re-parsing each path); this walks the
folders with ``os.scandir``, builds relative paths as strings and stats each
file once. The walk itself is ``Workspace.walk_articles``, the same that
``Workspace.article_paths`` uses, so both always agree on what is an article.

Every file is still stat-ed: a folder's time does not change when a file in
it is edited in place, so it cannot stand for the files' times.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbeditor.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Seen:
    """One article file as the scan found it (a string path: most are never opened)."""

    path: str
    mtime_ns: int
    size: int

    @property
    def file(self) -> Path:
        return Path(self.path)


def scan_articles(workspace: Workspace) -> dict[str, Seen]:
    """Relative posix path -> (file, mtime_ns, size) of every article of ``workspace``."""
    found: dict[str, Seen] = {}
    for rel, entry in workspace.walk_articles():
        try:
            st = entry.stat()
        except OSError:
            continue  # vanished or a broken link: not an article now
        if entry.is_symlink():
            rel = workspace.relative(Path(entry.path))  # named by its target, as elsewhere
        found[rel] = Seen(entry.path, st.st_mtime_ns, st.st_size)
    return found
