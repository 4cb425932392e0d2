"""Turning command-line paths into article files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kbeditor.errors import KbError


def expand_articles(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders searched recursively for ``*.md`` (hidden folders skipped).

    Raises KbError for a path that does not exist, so a typo is not taken
    for "no problems found".
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(
                p
                for p in sorted(path.rglob("*.md"))
                if not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.exists():
            out.append(path)
        else:
            raise KbError("no such file or folder", path)
    return out
