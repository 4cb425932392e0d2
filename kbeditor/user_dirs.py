"""Where kbeditor keeps per-user files outside any workspace.

On Linux and other freedesktop systems that is ``$XDG_DATA_HOME`` (default
``~/.local/share``), as the XDG Base Directory specification asks, so desktop
entries and icons land where the application menu looks for them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "kbeditor"


def data_home() -> Path:
    """The base folder for per-user data (not kbeditor's own folder inside it)."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"])
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support"
    given = os.environ.get("XDG_DATA_HOME", "")
    # The specification says a relative value is invalid and must be ignored.
    return Path(given) if os.path.isabs(given) else Path.home() / ".local" / "share"


def app_data() -> Path:
    """kbeditor's own per-user folder (not created here)."""
    return data_home() / APP
