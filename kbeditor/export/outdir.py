"""The output folder: refusing dangerous targets, marking ours, writing only inside it.

A folder this tool created carries a small marker file. An existing non-empty
folder without it is refused unless the caller asked for ``clean``; even then
the workspace itself, a folder that contains the workspace, the home folder
and the file-system root are always refused, because cleaning them would
delete what the user wrote.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import shutil
import stat
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from kbeditor.errors import KbError
from kbeditor.filelock import BusyError, FileLock
from kbeditor.paths import unwritable, user_cache
from kbeditor.workspace import SITE_MARKER, atomic_write

MARKER = SITE_MARKER
# Where earlier versions kept their cache inside the output folder; removed on sight.
OLD_CACHE_DIR = ".kbeditor-cache"
_MARKER_TEXT = (
    b"This folder was written by 'kbeditor export'. It may be replaced on the next export.\n"
)


# Folders of the system's virtual file systems: never a place for a site.
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")


class ExportLock(FileLock):
    """One export into a folder at a time (the CLI, the editor, two terminals)."""

    def _busy(self, holder: str = "") -> BusyError:
        who = f" (process {holder})" if holder else ""
        return BusyError(
            f"the output folder is in use by another export{who}; try again when it has finished",
            self.folder,
        )

    def __init__(self, path: Path, folder: Path) -> None:
        super().__init__(path)
        self.folder = folder


def lock(out: Path) -> ExportLock | contextlib.nullcontext:
    """A lock for exporting into ``out``, kept in the user's cache folder.

    Not inside ``out`` (the site must hold nothing but the site) and not in the
    workspace (two workspaces may export into one folder). Without a writable
    cache folder there is no lock, as before.
    """
    target = out.expanduser().resolve()
    folder = user_cache() / "export-locks"
    if unwritable(folder) is not None:
        return contextlib.nullcontext()
    name = hashlib.sha1(str(target).encode("utf-8")).hexdigest()[:16]
    return ExportLock(folder / f"{name}.lock", out)


def prepare(out: Path, workspace_root: Path, *, clean: bool) -> Path:
    """Check ``out`` and make it ready; returns its resolved path. Raises KbError when refused."""
    target = out.expanduser().resolve()
    root = workspace_root.resolve()
    if os.name != "nt" and any(
        target == Path(f) or _is_within(target, Path(f)) for f in SYSTEM_FOLDERS
    ):
        raise KbError("refusing to export into a folder of the system (/proc, /sys, /dev)", out)
    blocked = _file_on_the_way(target)
    if blocked is not None:
        raise KbError(f"cannot be created: {blocked} is a file, not a folder", out)
    if target == root or _is_within(root, target):
        raise KbError(
            "refusing to export into the workspace folder or a folder that contains it", out
        )
    home = Path.home().resolve()
    if target in (home, Path(target.anchor)):
        raise KbError("refusing to export into the home folder or the root of the disk", out)
    if target.exists() and not target.is_dir():
        raise KbError("the output path exists and is not a folder", out)
    ours = (target / MARKER).is_file()
    if target.is_dir() and any(target.iterdir()) and not ours and not clean:
        raise KbError(
            "the output folder is not empty and was not created by kbeditor export "
            "(use --clean to replace its contents)",
            out,
        )
    try:
        if clean and target.is_dir():
            _empty(target)
        old_cache = target / OLD_CACHE_DIR
        if ours and old_cache.is_dir() and not old_cache.is_symlink():
            shutil.rmtree(old_cache)
        target.mkdir(parents=True, exist_ok=True)
        marker = target / MARKER
        if not marker.is_file() or marker.read_bytes() != _MARKER_TEXT:
            atomic_write(marker, _MARKER_TEXT)
    except OSError as exc:
        raise KbError(f"the output folder cannot be written ({exc.strerror or exc})", out) from None
    return target


def _file_on_the_way(target: Path) -> Path | None:
    """The first of ``target``'s parents that exists, when it is not a folder."""
    for folder in target.parents:
        if folder.exists():
            return None if folder.is_dir() else folder
    return None


def _is_within(child: Path, parent: Path) -> bool:
    try:
        child.relative_to(parent)
    except ValueError:
        return False
    return True


def _empty(folder: Path) -> None:
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


class SiteWriter:
    """Writes site files under one folder, skipping files whose bytes did not change.

    Every path is checked to stay inside the folder. ``manifest`` maps each
    written path to ``[hash of its bytes, size, mtime_ns]`` as written. A file
    is skipped only when its hash is unchanged *and* the file on disk still
    has the recorded size and modification time, so a folder emptied or edited
    by hand is written again in full. Files of the previous export that are not
    written again are deleted by :meth:`finish`, and only while they are still
    exactly as written: nothing else in the folder is ever touched.

    The files themselves are written by a few threads while the caller renders
    the next page (creating a file mostly waits for the disk); :meth:`close`
    waits for them and raises the first error.
    """

    def __init__(self, out: Path, previous: dict[str, list]) -> None:
        self.out = out
        self.previous = previous
        self.manifest: dict[str, list] = {}
        self.written = 0
        self.unchanged = 0
        self._pool = ThreadPoolExecutor(max_workers=WRITE_THREADS, thread_name_prefix="kb-write")
        self._pending: list[tuple[str, str, Future[list[int] | None]]] = []
        # folder -> (the folder resolved, whether it is inside the output folder)
        self._folders: dict[str, tuple[Path, bool]] = {}
        self._listed: dict[str, set[str]] = {}

    def path(self, rel: str) -> Path:
        """Where ``rel`` goes, with every symbolic link followed; refused if outside the folder."""
        folder, name = posixpath.split(rel)
        found = self._folders.get(folder)
        if found is None:  # resolved once per folder: a site has few folders and many files
            parent = (self.out / folder).resolve()
            found = self._folders[folder] = (parent, _is_within(parent, self.out))
        parent, within = found
        target = parent / name
        if name in ("", ".", "..") or target.is_symlink():
            target = target.resolve()
            within = _is_within(target, self.out) and target != self.out
        if not within:
            raise KbError("refusing to write outside the output folder", rel)
        return target

    def write(self, rel: str, data: bytes | str) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        digest = hashlib.sha256(raw).hexdigest()
        target = self.path(rel)
        if not self._unchanged(rel, digest, target):
            self._pending.append((rel, digest, self._pool.submit(_put, target, raw)))

    def copy(self, rel: str, source: Path, stamp: str) -> None:
        """Copy a file; ``stamp`` (size and mtime of the source) stands in for its hash."""
        target = self.path(rel)
        if not self._unchanged(rel, stamp, target):
            self._pending.append((rel, stamp, self._pool.submit(_copy, source, target)))

    def keep(self, rel: str) -> bool:
        """Keep the file written last time without its bytes (the caller knows they would match).

        Only when the file on disk is still exactly as written; otherwise False,
        and the caller writes it.
        """
        before = self.previous.get(rel)
        if not before or self._stamp_of(rel) != before[1:]:
            return False
        self.manifest[rel] = before
        self.unchanged += 1
        return True

    def _stamp_of(self, rel: str) -> list[int] | None:
        """:func:`_stamp` of ``rel``'s file with one look at it and no path objects.

        A plain file in a folder inside the output folder is looked at once
        (``lstat``); anything else (a link, an odd name) goes through :meth:`path`.
        """
        folder, name = posixpath.split(rel)
        found = self._folders.get(folder)
        if found is None or not found[1] or name in ("", ".", ".."):
            return _stamp(self.path(rel))
        try:
            st = os.lstat(os.path.join(found[0], name))
        except OSError:
            return None
        if stat.S_ISLNK(st.st_mode):
            return _stamp(self.path(rel))
        return [st.st_size, st.st_mtime_ns] if stat.S_ISREG(st.st_mode) else None

    def keep_listed(self, rel: str) -> bool:
        """:meth:`keep` for a file whose name is the hash of its bytes: kept while it is there.

        Its folder is listed once instead of each file being looked at: a file
        edited by hand would keep its name, so such files are trusted as written
        (a missing one is written again).
        """
        before = self.previous.get(rel)
        folder, name = posixpath.split(rel)
        if not before or name not in self._listing(folder):
            return False
        self.manifest[rel] = before
        self.unchanged += 1
        return True

    def _listing(self, folder: str) -> set[str]:
        names = self._listed.get(folder)
        if names is None:
            try:
                names = set(os.listdir(self.path(f"{folder}/x").parent))
            except OSError:
                names = set()
            self._listed[folder] = names
        return names

    def _unchanged(self, rel: str, digest: str, target: Path) -> bool:
        before = self.previous.get(rel)
        if not before or before[0] != digest or _stamp(target) != before[1:]:
            return False
        self.manifest[rel] = before
        self.unchanged += 1
        return True

    def close(self) -> None:
        """Wait for every file to be written; record what was written; raise the first error."""
        pending, self._pending = self._pending, []
        try:
            for rel, digest, job in pending:
                self.manifest[rel] = [digest, *(job.result() or [])]
                self.written += 1
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def abandon(self) -> None:
        """Stop the writing threads (files already being written are finished); idempotent."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def finish(self) -> int:
        """Delete files the previous export wrote and this one did not; returns how many."""
        self.close()
        removed = 0
        for rel in sorted(set(self.previous) - set(self.manifest)):
            try:
                target = self.path(rel)
            except KbError:
                continue
            if target.is_file() and _stamp(target) == self.previous[rel][1:]:
                target.unlink()
                removed += 1
                _prune(target.parent, self.out)
        return removed


# Threads that write files: enough to keep the disk busy, few enough to stay out of the way.
WRITE_THREADS = 4


def _put(target: Path, raw: bytes) -> list[int] | None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, target)
    return _stamp(target)


def _copy(source: Path, target: Path) -> list[int] | None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return _stamp(target)


def _stamp(path: Path) -> list[int] | None:
    """``[size, mtime_ns]`` of a regular file, None when there is none."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns] if stat.S_ISREG(st.st_mode) else None


def _prune(folder: Path, top: Path) -> None:
    while folder != top and _is_within(folder, top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def load_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
