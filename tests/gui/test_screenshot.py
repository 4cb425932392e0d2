"""``kbeditor --screenshot``: the real program in a subprocess, offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def test_screenshot_saves_the_window_after_the_first_lint_and_exits_0(workspace, tmp_path: Path):
    target = tmp_path / "shots" / "window.png"
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    before = {p: p.read_bytes() for p in workspace.rglob("*.md")}
    done = subprocess.run(
        [sys.executable, "-m", "kbeditor", "--screenshot", str(target), str(workspace),
         "--open", "mail/outlook-password-prompt-loop.md"],
        env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    image = QImage(str(target))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1400, 900)
    assert {p: p.read_bytes() for p in workspace.rglob("*.md")} == before
    assert not (tmp_path / "config" / "kbeditor").exists()  # screenshots leave no settings


def test_screenshot_of_a_folder_that_does_not_exist_fails_with_one_line(tmp_path: Path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "kbeditor", "--screenshot", str(tmp_path / "x.png"),
         str(tmp_path / "missing")],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "no such folder" in done.stderr


def test_given_an_article_the_editor_opens_its_workspace(workspace, tmp_path: Path):
    # What the desktop entry does with a Markdown file opened from the file manager.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "c"))
    article = workspace / "vpn" / "vpn-wont-connect.md"
    done = subprocess.run(
        [sys.executable, "-m", "kbeditor", "gui", str(article), "--screenshot",
         str(tmp_path / "x.png")],
        env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not QImage(str(tmp_path / "x.png")).isNull()
