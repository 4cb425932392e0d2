"""What the editor remembers between runs, in QSettings.

Organisation and application are both ``kbeditor``. Stored: the last
workspace, window geometry and dock layout, splitter sizes, theme, zoom, the
workspace panel's grouping, and per workspace the open tabs and the current one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "kbeditor"
APPLICATION = "kbeditor"


def settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def _workspace_group(root: Path) -> str:
    return "workspaces/" + hashlib.sha1(str(root).encode("utf-8")).hexdigest()[:16]


def last_workspace() -> Path | None:
    value = settings().value("workspace/last", "")
    if not value:
        return None
    path = Path(str(value))
    return path if path.is_dir() else None


def remember_workspace(root: Path) -> None:
    settings().setValue("workspace/last", str(root))


def save_tabs(root: Path, relative_paths: list[str], current: int) -> None:
    s = settings()
    group = _workspace_group(root)
    s.setValue(f"{group}/root", str(root))
    s.setValue(f"{group}/tabs", relative_paths)
    s.setValue(f"{group}/current", current)


def open_tabs(root: Path) -> tuple[list[str], int]:
    s = settings()
    group = _workspace_group(root)
    stored: Any = s.value(f"{group}/tabs", [])
    if isinstance(stored, str):  # QSettings returns a lone string for one-item lists
        stored = [stored]
    tabs = [str(t) for t in stored] if isinstance(stored, list | tuple) else []
    try:
        current = int(str(s.value(f"{group}/current", 0)))
    except (TypeError, ValueError):
        current = 0
    return tabs, current


def value(key: str, default: Any = None) -> Any:
    return settings().value(key, default)


def set_value(key: str, data: Any) -> None:
    settings().setValue(key, data)


def bytes_value(key: str) -> QByteArray | None:
    data = settings().value(key)
    return data if isinstance(data, QByteArray) and not data.isEmpty() else None
