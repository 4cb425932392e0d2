"""Turning command-line paths into article files, and what is inside a folder.

:func:`inside` and :func:`link_refusal` are the one place that decides whether
a file found in a workspace really lies in it (every symbolic link followed):
articles and images that do not are refused, never read or published.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from kbeditor.errors import KbError


def real_path(path: str | Path) -> Path | None:
    """``path`` with every symbolic link followed, or None for a link loop."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return None


def inside(path: str | Path, folder: Path) -> bool:
    """Whether ``path``, every symbolic link followed, is ``folder`` or below it.

    ``folder`` must already be resolved (absolute, links followed). A link loop
    is inside nothing.
    """
    real = real_path(path)
    if real is None:
        return False
    try:
        real.relative_to(folder)
    except ValueError:
        return False
    return True


def link_refusal(path: str | Path, folder: Path, where: str = "the workspace") -> str | None:
    """Why a symbolic link found in ``folder`` must not be read as an article, or None.

    ``folder`` must already be resolved. A link to a file elsewhere would
    publish, index or show a file the writer never put in the knowledge base.
    """
    if real_path(path) is None:
        return "refused: a symbolic link loop (it leads to no file)"
    if not inside(path, folder):
        return f"refused: a symbolic link to a file outside {where}"
    return None


def expand_articles(
    paths: Iterable[str | Path], refused: list[KbError] | None = None
) -> list[Path]:
    """Files as given, folders searched recursively for ``*.md`` (hidden folders skipped).

    In a folder, a symbolic link that leads outside it (or nowhere) is not
    returned; when ``refused`` is given, an error naming it is added there.
    Raises KbError for a path that does not exist, so a typo is not taken
    for "no problems found".
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            folder = path.resolve()
            for p in sorted(path.rglob("*.md")):
                if any(part.startswith(".") for part in p.relative_to(path).parts):
                    continue
                reason = link_refusal(p, folder, "this folder") if p.is_symlink() else None
                if reason is None:
                    out.append(p)
                elif refused is not None:
                    refused.append(KbError(reason, p))
        elif path.exists():
            out.append(path)
        elif path.is_symlink() and real_path(path) is None:
            error = KbError(link_refusal(path, Path.cwd()) or "a symbolic link loop", path)
            if refused is None:
                raise error
            refused.append(error)
        else:
            raise KbError("no such file or folder", path)
    return out


def user_cache() -> Path:
    """The per-user cache folder of kbeditor (XDG on Linux, LOCALAPPDATA on Windows)."""
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kbeditor"


def unwritable(folder: Path) -> str | None:
    """Why ``folder`` cannot hold files we write (creating it if missing), or None when it can."""
    if folder.exists() and not folder.is_dir():
        return "is a file, not a folder"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot be created ({exc.strerror or exc})"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "cannot be written"
    return None
