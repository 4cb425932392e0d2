"""The system libraries Qt needs to open a window, and the Debian packages that provide them.

Without them Qt aborts with its own message ("Could not load the Qt platform
plugin "xcb" ...") that names neither the library nor the package. The
editor checks before it creates the QApplication and prints the exact
``apt-get install`` line instead; ``make run`` and ``make test`` check the
same table (``.ci/system-deps`` runs this file with the system Python, so it
imports nothing but the standard library).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping

# shared library -> Debian package: what every Qt platform needs (offscreen included)
QT_BASE = (
    ("libEGL.so.1", "libegl1"),
    ("libGL.so.1", "libgl1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libfreetype.so.6", "libfreetype6"),
)
# ... and what the X11 platform plugin (xcb) adds
QT_X11 = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-xinerama.so.0", "libxcb-xinerama0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
)


def qt_platform(env: Mapping[str, str]) -> str:
    """The platform plugin Qt will load on Linux: the one asked for, else Wayland or X11."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def required_libraries(platform: str) -> tuple[tuple[str, str], ...]:
    """(library, package) pairs a Qt platform plugin needs; X11 needs the most."""
    return QT_BASE + QT_X11 if platform == "xcb" else QT_BASE


def missing_packages(
    libraries: Iterable[tuple[str, str]], have: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """The (library, package) pairs whose library ``have`` cannot find, in table order."""
    return [(lib, package) for lib, package in libraries if not have(lib)]


def installed_libraries() -> Callable[[str], bool]:
    """A lookup in the dynamic linker's cache (``ldconfig -p``, as ``make run`` checks).

    Without ldconfig, a library counts as present when it can be loaded.
    """
    ldconfig = shutil.which("ldconfig") or next(
        (p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if os.path.exists(p)), None
    )
    if ldconfig:
        try:
            out = subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, check=True, timeout=10
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        names = {line.split()[0] for line in out.splitlines()[1:] if line.strip()}
        if names:
            return names.__contains__
    return _loadable


def _loadable(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def platform_problem(
    env: Mapping[str, str], have: Callable[[str], bool], system: str = sys.platform
) -> str | None:
    """What to tell the user when Qt's platform plugin cannot load, or None when all is there."""
    if not system.startswith("linux"):
        return None
    platform = qt_platform(env)
    missing = missing_packages(required_libraries(platform), have)
    if not missing:
        return None
    libraries = ", ".join(lib for lib, _ in missing)
    packages = " ".join(dict.fromkeys(package for _, package in missing))
    return (
        f"kbeditor: Qt cannot open a window ({platform} platform): missing {libraries}.\n"
        f"Install them with:\n  sudo apt-get install {packages}"
    )


def main(argv: list[str]) -> int:
    """``python3 system_deps.py run|test``: print the missing packages, one a line."""
    mode = argv[0] if argv else "test"
    libraries = QT_BASE + QT_X11 if mode == "run" else QT_BASE
    for _lib, package in missing_packages(libraries, installed_libraries()):
        print(package)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
