"""``kbeditor desktop install|uninstall``: a desktop entry and an icon under $XDG_DATA_HOME."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from kbeditor import __version__
from kbeditor.bundled import ICON
from kbeditor.cli import main
from kbeditor.desktop import entry_text


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def _entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_install_writes_an_entry_that_starts_this_kbeditor(data_home: Path, capsys):
    assert main(["desktop", "install"]) == 0
    entry = data_home / "applications" / "kbeditor.desktop"
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / "kbeditor.svg"
    assert str(entry) in capsys.readouterr().out
    assert icon.read_bytes() == ICON.read_bytes()
    fields = _entry(entry)
    assert fields["Type"] == "Application" and fields["Icon"] == "kbeditor"
    assert "text/markdown" in fields["MimeType"].split(";")
    argv = shlex.split(fields["Exec"])
    assert argv[-2:] == ["gui", "%f"]
    started = subprocess.run([*argv[:-2], "--version"], capture_output=True, text=True)
    assert started.stdout.strip() == f"kbeditor {__version__}"
    validator = shutil.which("desktop-file-validate")
    if validator:  # present where desktop-file-utils is installed
        checked = subprocess.run([validator, str(entry)], capture_output=True, text=True)
        assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout


def test_uninstall_removes_what_install_wrote_and_nothing_else(data_home: Path, capsys):
    other = data_home / "applications" / "other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    assert main(["desktop", "install"]) == 0
    assert main(["desktop", "uninstall"]) == 0
    assert "removed" in capsys.readouterr().out
    left = [p.name for p in data_home.rglob("*") if p.is_file()]
    # mimeinfo.cache is the desktop's shared index (update-desktop-database), not ours.
    assert [name for name in left if name != "mimeinfo.cache"] == ["other.desktop"]
    assert main(["desktop", "uninstall"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_an_entry_kbeditor_did_not_write_is_left_alone(data_home: Path, capsys):
    entry = data_home / "applications" / "kbeditor.desktop"
    entry.parent.mkdir(parents=True)
    entry.write_text("[Desktop Entry]\nType=Application\nName=Mine\nExec=mine\n")
    assert main(["desktop", "install"]) == 2
    assert main(["desktop", "uninstall"]) == 2
    assert "did not write" in capsys.readouterr().err
    assert "Name=Mine" in entry.read_text()


def test_exec_quotes_paths_as_the_specification_asks():
    text = entry_text(["/opt/my apps/kbeditor", '/a"b$c'])
    line = next(x for x in text.splitlines() if x.startswith("Exec="))
    # Quoted, with " ` $ \\ escaped inside the quotes, then every backslash doubled.
    assert line == 'Exec="/opt/my apps/kbeditor" "/a\\\\"b\\\\$c" gui %f'
