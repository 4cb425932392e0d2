"""The editor names the missing system packages instead of letting Qt abort with its xcb message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kbeditor.system_deps import (
    QT_BASE,
    QT_X11,
    installed_libraries,
    missing_packages,
    platform_problem,
    qt_platform,
)

ROOT = Path(__file__).resolve().parents[1]


def test_a_missing_x11_library_names_its_package() -> None:
    def have(library: str) -> bool:
        return library not in ("libxcb-cursor.so.0", "libxcb-icccm.so.4")

    message = platform_problem({"DISPLAY": ":0"}, have, system="linux")
    assert message is not None
    assert "libxcb-cursor.so.0" in message
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in message


def test_offscreen_needs_no_x11_library_and_nothing_missing_says_nothing() -> None:
    no_x11 = {lib for lib, _ in QT_X11}
    assert (
        platform_problem({"QT_QPA_PLATFORM": "offscreen"}, lambda lib: lib not in no_x11, "linux")
        is None
    )
    assert platform_problem({"DISPLAY": ":0"}, lambda lib: True, "linux") is None
    assert platform_problem({"DISPLAY": ":0"}, lambda lib: False, "win32") is None


def test_the_platform_is_the_one_qt_will_load() -> None:
    assert qt_platform({"QT_QPA_PLATFORM": "xcb;wayland"}) == "xcb"
    assert qt_platform({"QT_QPA_PLATFORM": "vnc:size=800x600"}) == "vnc"
    assert qt_platform({"DISPLAY": ":0"}) == "xcb"
    assert qt_platform({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}) == "wayland"


def test_missing_packages_keep_the_table_order() -> None:
    assert missing_packages(QT_BASE, lambda lib: lib != "libGL.so.1") == [("libGL.so.1", "libgl1")]


def test_gui_startup_prints_the_packages_when_this_machine_lacks_an_x11_library(
    tmp_path: Path,
) -> None:
    missing = missing_packages(QT_BASE + QT_X11, installed_libraries())
    if not sys.platform.startswith("linux") or not missing:
        pytest.skip("every library Qt's X11 plugin needs is installed here")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DISPLAY": ":99", "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(
        [sys.executable, "-m", "kbeditor", "gui", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1
    assert "sudo apt-get install " + missing[0][1] in done.stderr
    assert "Could not load the Qt platform plugin" not in done.stderr
