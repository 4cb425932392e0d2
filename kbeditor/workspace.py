"""A workspace: a folder of articles, its config, its data folder, safe saving.

The data folder (``.kbeditor/`` at the workspace root) holds what the tool
makes for itself: the search index, recovery copies, export state. It is
hidden, so it is never mistaken for articles.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from kbeditor.article import Article, encode, load_article
from kbeditor.config import CONFIG_NAME, Config, load_config
from kbeditor.errors import KbError
from kbeditor.paths import inside, link_refusal, real_path

DATA_DIR = ".kbeditor"
# The file ``kbeditor export`` leaves in its output folder. A folder holding it is a site we
# wrote, never articles: no walk goes into it, even when it lies inside the workspace.
SITE_MARKER = ".kbeditor-site"


def workspace_of(article: str | Path) -> Path:
    """The workspace an article belongs to: the nearest folder above it with a kbeditor.toml.

    Without one, the article's own folder: opening a lone Markdown file (from a file
    manager, say) must not turn a whole home folder into a workspace.
    """
    return workspace_of_folder(Path(article).expanduser().resolve().parent)


def workspace_of_folder(folder: str | Path) -> Path:
    """The workspace a folder belongs to: itself or the nearest folder above with a kbeditor.toml.

    Without one, the folder itself.
    """
    start = Path(folder).expanduser().resolve()
    for candidate in (start, *start.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate
    return start


class Workspace:
    """A folder of Markdown articles.

    Args:
        root: the folder. It must exist; it is not created.
    """

    def __init__(self, root: str | Path) -> None:
        path = Path(root).expanduser()
        if not path.exists():
            raise KbError("no such folder", path)
        if not path.is_dir():
            raise KbError("not a folder", path)
        self.root = path.resolve()
        self.config: Config = load_config(self.root)

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    @property
    def data_dir(self) -> Path:
        """The tool's own folder inside the workspace; created on first use."""
        path = self.root / DATA_DIR
        path.mkdir(exist_ok=True)
        return path

    @property
    def name(self) -> str:
        return self.config.get("workspace", "name") or self.root.name

    def article_paths(self) -> list[Path]:
        """Every ``*.md`` below the root, sorted, skipping hidden folders and excluded globs."""
        return sorted(Path(entry.path) for _, entry in self.walk_articles())

    def walk_articles(
        self, refused: list[tuple[str, str]] | None = None, under: Path | None = None
    ) -> Iterator[tuple[str, os.DirEntry[str]]]:
        """(relative posix path, directory entry) of every article file, in no set order.

        The one place that decides what is an article file, for lint, export,
        search and the editor alike: ``*.md`` below the root (or below ``under``,
        a folder in the workspace), no hidden files or folders, no
        ``node_modules``, no folder that an export wrote (it holds
        ``SITE_MARKER``), no excluded globs,
        symbolic links to folders not followed, symbolic links to files outside
        the workspace (or in a loop) refused: when ``refused`` is given, each is
        added there as (relative path of the link, reason). Temporary files
        that a killed save left beside an article (``.NAME.md.XXXXXXXX.tmp``,
        our own naming) are deleted on the way once they are a few minutes old. The entries carry
        the stat that ``os.scandir`` read, which the search index's freshness
        check relies on.
        """
        excludes = [
            re.compile(fnmatch.translate(p)) for p in self.config.get("workspace", "exclude")
        ]
        pending: list[tuple[str, str]] = [(str(self.root), "")]
        if under is not None:
            start = under.resolve()
            prefix = start.relative_to(self.root).as_posix()
            pending = [(str(start), "" if prefix == "." else f"{prefix}/")]
        while pending:
            folder, prefix = pending.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    if _TEMP_NAME.fullmatch(name):
                        _remove_if_stale(entry)
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    if (
                        name != "node_modules"
                        and not entry.is_symlink()
                        and not os.path.exists(os.path.join(entry.path, SITE_MARKER))
                    ):
                        pending.append((entry.path, f"{prefix}{name}/"))
                    continue
                rel = f"{prefix}{name}"
                if name.lower().endswith(".md") and not any(p.match(rel) for p in excludes):
                    reason = link_refusal(entry.path, self.root) if entry.is_symlink() else None
                    if reason is None:
                        yield rel, entry
                    elif refused is not None:
                        refused.append((rel, reason))

    def contains(self, path: str | Path) -> bool:
        """Whether ``path``, every symbolic link followed, lies in the workspace."""
        return inside(path, self.root)

    def relative(self, path: str | Path) -> str:
        """Path relative to the root, with forward slashes (stable across systems).

        A file reached through a symbolic link is named by its target when that
        is in the workspace, else by the link's own place in it. Raises
        KbError for a path outside the workspace: this name is what search
        and export publish, so it is never an absolute path.
        """
        p = Path(path)
        real = real_path(p)
        if real is not None and inside(real, self.root):
            return real.relative_to(self.root).as_posix()
        try:
            return Path(os.path.abspath(p)).relative_to(self.root).as_posix()
        except ValueError:
            raise KbError(f"is outside the workspace {self.root}", p) from None

    def display(self, path: str | Path) -> str:
        """How to show ``path`` to the writer: relative to the root, or in full outside it."""
        try:
            return self.relative(path)
        except KbError:
            return Path(path).as_posix()

    def articles(self) -> Iterator[Article | KbError]:
        """Each article, or the error that stopped it from being read."""
        for path in self.article_paths():
            try:
                yield load_article(path)
            except KbError as exc:
                yield exc

    def load(self, path: str | Path) -> Article:
        return load_article(self.resolve(path))

    def resolve(self, path: str | Path) -> Path:
        p = Path(path)
        return p if p.is_absolute() else self.root / p

    def save(
        self, path: str | Path, text: str, *, bom: bool = False, encoding: str = "utf-8"
    ) -> Path:
        """Write an article, keeping what the file on disk is; returns the file written.

        - A symbolic link is written through, to its target (which must be in
          the workspace): replacing the link with a file would leave the real
          article with the old text.
        - A file with other hard links is rewritten in place, keeping the
          links; every other file atomically (see :func:`atomic_write`). In
          place gives up all-or-nothing for those few files; the editor's
          recovery copy holds the text until the save has succeeded.
        - A read-only file is refused, not silently replaced.
        - A file with old Mac line endings (CR only) keeps them.
        - A UTF-16 file stays UTF-16, and a byte-order mark is kept (``encoding``
          and ``bom`` as :func:`kbeditor.article.decode` read them).
        """
        target = self._save_target(self.resolve(path))
        data = encode(_keep_line_endings(target, text), encoding, bom)
        try:
            links = target.stat().st_nlink
        except OSError:
            links = 1
        if links > 1:
            write_in_place(target, data)
        else:
            atomic_write(target, data)
        return target

    def _save_target(self, path: Path) -> Path:
        """The file a save writes: a link's target; refused when that is elsewhere or read-only."""
        if path.is_symlink():
            reason = link_refusal(path, self.root)
            if reason is not None:
                raise KbError(f"not saved: {reason.removeprefix('refused: ')}", path)
            path = path.resolve()
        if path.exists() and not _writable(path):
            raise KbError("not saved: the file is read-only (make it writable first)", path)
        return path

    # -- recovery copies ---------------------------------------------------------
    @property
    def recovery_dir(self) -> Path:
        path = self.data_dir / "recovery"
        path.mkdir(exist_ok=True)
        return path

    def recovery_path(self, path: str | Path) -> Path:
        rel = self.display(self.resolve(path))
        digest = hashlib.sha1(rel.encode("utf-8")).hexdigest()[:12]
        return self.recovery_dir / f"{digest}.md"

    def write_recovery(self, path: str | Path, text: str) -> Path:
        """Keep a copy of unsaved text; the first line records which article it belongs to."""
        rel = self.display(self.resolve(path))
        target = self.recovery_path(path)
        atomic_write(target, f"{rel}\n{text}".encode())
        return target

    def clear_recovery(self, path: str | Path) -> None:
        self.recovery_path(path).unlink(missing_ok=True)

    def pending_recoveries(self) -> list[tuple[Path, str]]:
        """(article path, unsaved text) for every recovery copy left by an earlier run."""
        folder = self.root / DATA_DIR / "recovery"
        if not folder.is_dir():
            return []
        out = []
        for copy in sorted(folder.glob("*.md")):
            rel, _, text = copy.read_text(encoding="utf-8", errors="replace").partition("\n")
            out.append((self.root / rel, text))
        return out


def atomic_write(target: Path, data: bytes, *, bom: bool = False) -> None:
    """Write ``data`` so that ``target`` is either the old file or the new one, never half.

    A temporary file in the same folder is written, flushed and fsynced, given
    the old file's permissions, then renamed over the target; the folder is
    fsynced so the rename survives a power cut.
    """
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o7777 if target.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if bom:
                handle.write(b"\xef\xbb\xbf")
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def write_in_place(target: Path, data: bytes, *, bom: bool = False) -> None:
    """Overwrite ``target``'s bytes without replacing the file (its hard links stay)."""
    with open(target, "r+b") as handle:
        if bom:
            handle.write(b"\xef\xbb\xbf")
        handle.write(data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())


def _writable(path: Path) -> bool:
    """Whether a save may replace ``path`` (its mode, not only what root may do)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return True
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def _keep_line_endings(target: Path, text: str) -> str:
    """``text`` with CR-only line endings when the file it replaces has them."""
    if "\r" in text or "\n" not in text:
        return text
    try:
        old = target.read_bytes()
    except OSError:
        return text
    return text.replace("\n", "\r") if b"\r" in old and b"\n" not in old else text


# Temporary files of atomic_write: mkstemp's eight random characters between our prefix and suffix.
_TEMP_NAME = re.compile(r"\..+\.md\.[a-z0-9_]{8}\.tmp")
# Older than this, no save in progress owns such a file any more.
STALE_TEMP_SECONDS = 300


def _remove_if_stale(entry: os.DirEntry[str]) -> None:
    try:
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISREG(st.st_mode) and time.time() - st.st_mtime > STALE_TEMP_SECONDS:
            os.unlink(entry.path)
    except OSError:
        pass  # a read-only workspace, or another process was first


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
