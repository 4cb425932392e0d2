"""The editor in the Linux application menu: a desktop entry and an icon for the current user.

Files go where the freedesktop specifications say a user's own applications
live: ``$XDG_DATA_HOME/applications/kbeditor.desktop`` (Desktop Entry
Specification) and ``$XDG_DATA_HOME/icons/hicolor/scalable/apps/kbeditor.svg``
(Icon Theme Specification). Nothing needs root, and ``uninstall`` removes
exactly what ``install`` wrote.

The entry starts the ``kbeditor`` script of the environment it was installed
from, by its full path: pipx puts that script in ``~/.local/bin``, which a
desktop session's PATH often lacks.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kbeditor.bundled import ICON
from kbeditor.errors import KbError
from kbeditor.user_dirs import APP, data_home

ENTRY_NAME = f"{APP}.desktop"
MARKER = "X-Kbeditor-Installed-By=kbeditor desktop install"
MIME_TYPES = ("text/markdown", "text/x-markdown")
# Characters that make the Desktop Entry Specification require an Exec argument to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True, slots=True)
class Installed:
    """What ``install`` wrote (or ``uninstall`` removed)."""

    entry: Path
    icon: Path


def locations(base: Path | None = None) -> Installed:
    """Where the entry and the icon go, below ``base`` (default ``$XDG_DATA_HOME``)."""
    base = base or data_home()
    icon = base / "icons" / "hicolor" / "scalable" / "apps" / f"{APP}.svg"
    return Installed(base / "applications" / ENTRY_NAME, icon)


def command() -> list[str]:
    """The command that starts this installation of kbeditor."""
    script = Path(sys.executable).parent / APP
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", APP]


def entry_text(argv: list[str]) -> str:
    """The desktop entry for an editor started with ``argv``."""
    exec_line = " ".join(_exec_argument(a) for a in argv)
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.0",  # all the keys used here are in 1.0, which every validator knows
            "Name=kbeditor",
            "GenericName=Knowledge base editor",
            "Comment=Write, check, search and publish IT-support knowledge-base articles",
            f"Exec={exec_line} gui %f",
            f"TryExec={_escape(argv[0])}",
            f"Icon={APP}",
            "Terminal=false",
            "Categories=Utility;TextEditor;",
            f"MimeType={';'.join(MIME_TYPES)};",
            "Keywords=Markdown;knowledge base;KB;lint;style;",
            "StartupNotify=true",
            MARKER,
            "",
        ]
    )


def _exec_argument(arg: str) -> str:
    if any(c in _RESERVED for c in arg):
        arg = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return _escape(arg)


def _escape(value: str) -> str:
    """A string value as the Desktop Entry Specification stores it (backslash doubled)."""
    return value.replace("\\", "\\\\")


def install(base: Path | None = None) -> Installed:
    """Write the entry and the icon (replacing older ones of ours); returns where."""
    where = locations(base)
    _refuse_foreign(where.entry)
    where.entry.parent.mkdir(parents=True, exist_ok=True)
    where.icon.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICON, where.icon)
    where.entry.write_text(entry_text(command()), encoding="utf-8")
    _refresh(where)
    return where


def uninstall(base: Path | None = None) -> list[Path]:
    """Remove the entry and the icon; returns the files removed."""
    where = locations(base)
    _refuse_foreign(where.entry)
    removed = [p for p in (where.entry, where.icon) if p.is_file()]
    for path in removed:
        path.unlink()
    _refresh(where)
    return removed


def _refuse_foreign(entry: Path) -> None:
    # An entry of the same name that we did not write (a distribution package, or the
    # user's own) is left alone rather than overwritten or deleted.
    if entry.is_file() and MARKER not in entry.read_text(encoding="utf-8", errors="replace"):
        raise KbError("a desktop entry that kbeditor did not write is in the way", entry)


def _refresh(where: Installed) -> None:
    """Let the desktop notice at once; menus also rescan on their own, so this is best effort."""
    tool = shutil.which("update-desktop-database")
    if tool and where.entry.parent.is_dir():
        subprocess.run([tool, "--quiet", str(where.entry.parent)], check=False, timeout=60)
