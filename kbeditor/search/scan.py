"""The article files of a workspace with their size and time, found cheaply.

Keeping the index current means looking at every article's size and
modification time, often (before searches, after saves). ``Workspace.
article_paths`` followed by ``relative`` and ``stat`` on each path costs most of
its time in ``pathlib`` (resolving and re-parsing each path); this walks the
folders with ``os.scandir``, builds relative paths as strings and stats each
file once. It picks the same files as ``Workspace.article_paths``: ``*.md``
below the root, no hidden files or folders, no ``node_modules``, no excluded
globs, symbolic links to folders not followed.

Every file is still stat-ed: a folder's time does not change when a file in
it is edited in place, so it cannot stand for the files' times.
"""

from __future__ import annotations

import fnmatch
import os
import re
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
    excludes = [
        re.compile(fnmatch.translate(p)) for p in workspace.config.get("workspace", "exclude")
    ]
    root = workspace.root
    found: dict[str, Seen] = {}
    pending: list[tuple[str, str]] = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                if name != "node_modules" and not entry.is_symlink():
                    pending.append((entry.path, f"{prefix}{name}/"))
                continue
            if not name.lower().endswith(".md"):
                continue
            rel = f"{prefix}{name}"
            if any(p.match(rel) for p in excludes):
                continue
            try:
                st = entry.stat()
            except OSError:
                continue  # vanished or a broken link: not an article now
            if entry.is_symlink():
                rel = workspace.relative(Path(entry.path))  # named by its target, as elsewhere
            found[rel] = Seen(entry.path, st.st_mtime_ns, st.st_size)
    return found
