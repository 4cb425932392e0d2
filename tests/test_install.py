"""The wheel carries everything: built, installed into a new virtual environment outside the
repository and run from another folder, kbeditor gives the same results as the checkout.

The wheel is built without build isolation (setuptools comes from the ``test`` extra), so no
download is needed. The new environment holds kbeditor from the wheel only; its dependencies
are linked from the environment running the tests instead of being downloaded again, which
keeps the test quick and offline. The checkout is never on the installed program's path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parent.parent
NOT_BUILT_FROM = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".kbeditor", ".*_cache",
    ".hypothesis",
)  # fmt: skip
SCREENSHOTS = ROOT / "resources" / "screenshots"


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the repository (an in-tree build/ could leak stale files)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_BUILT_FROM)
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--check-build-dependencies", "--wheel-dir", str(tmp / "dist"), str(source)],
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (path,) = (tmp / "dist").glob("kbeditor-*.whl")
    return path


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed; returns its bin folder."""
    folder = tmp_path_factory.mktemp("venv") / "env"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(folder)])
    assert made.returncode == 0, made.stderr
    python = folder / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
        ).stdout.strip()
    )
    _link_dependencies(site)
    # --no-index: pip must find every dependency the wheel declares already installed.
    installed = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-index",
         "--no-cache-dir", str(wheel)],
        env=_environment(folder),
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    return folder / "bin"


def _link_dependencies(site: Path) -> None:
    """Link what the running environment has installed into ``site``, except kbeditor itself."""
    sources = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    for source in map(Path, sources):
        for entry in source.iterdir():
            name = entry.name.lower()
            if name.startswith(("kbeditor", "__editable__")) or name.endswith(".pth"):
                continue  # an editable install's hooks would bring the checkout back
            if name != "__pycache__" and not (site / entry.name).exists():
                (site / entry.name).symlink_to(entry)


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the repository to run commands from."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def _environment(tmp: Path) -> dict[str, str]:
    # Without PYTHONPATH: pointing at the checkout, it would hide the installed package.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp / "config"))
    env.update(XDG_DATA_HOME=str(tmp / "data"), XDG_CACHE_HOME=str(tmp / "cache"))
    return env


def installed(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``kbeditor`` console script, run in ``cwd``."""
    return _run([str(bin_dir / "kbeditor"), *args], cwd=cwd, env=_environment(cwd))


def checkout(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The same command run from the checkout."""
    env = _environment(cwd) | {"PYTHONPATH": str(ROOT)}
    return _run([sys.executable, "-m", "kbeditor", *args], cwd=cwd, env=env)


def _same(a: subprocess.CompletedProcess[str], b: subprocess.CompletedProcess[str]) -> None:
    assert (a.returncode, a.stdout) == (b.returncode, b.stdout), a.stderr + b.stderr


def _sample_copy(target: Path) -> Path:
    shutil.copytree(ROOT / "resources" / "sample_kb", target, ignore=NOT_BUILT_FROM)
    return target


def test_the_wheel_holds_every_module_and_the_data_but_not_the_screenshots(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "kbeditor").rglob("*.py")}
    assert modules - names == set()
    for folder in ("lint_rules", "resources"):
        files = [p for p in (ROOT / folder).rglob("*") if p.is_file()]
        wanted = {
            f"kbeditor/_data/{p.relative_to(ROOT).as_posix()}"
            for p in files
            if not p.is_relative_to(SCREENSHOTS) and ".kbeditor" not in p.parts
        }
        assert wanted and wanted - names == set()
    assert not [n for n in names if n.endswith(".png") or "/.kbeditor/" in n]
    assert wheel.stat().st_size < 1_000_000


def test_the_installed_program_reads_its_own_files_not_the_checkout(venv: Path, elsewhere: Path):
    code = "import kbeditor, kbeditor.bundled as b; print(kbeditor.__file__); print(b.LINT_RULES)"
    done = _run([str(venv / "python"), "-c", code], cwd=elsewhere, env=_environment(elsewhere))
    assert done.returncode == 0, done.stderr
    for line in done.stdout.splitlines():
        assert Path(line).is_relative_to(venv.parent.resolve()), line
        assert not Path(line).is_relative_to(ROOT)


def test_lint_with_the_bundled_style_matches_the_checkout(venv: Path, elsewhere: Path):
    kb = _sample_copy(elsewhere / "kb")
    (kb / "kbeditor.toml").unlink()  # no configuration: the bundled style
    ours = installed(venv, elsewhere, "lint", "--format", "json", "kb")
    assert "no rules could be loaded" not in ours.stderr
    assert json.loads(ours.stdout)["files"], ours.stdout
    _same(ours, checkout(elsewhere, "lint", "--format", "json", "kb"))


def test_rules_test_passes_and_lists_the_same_rules(venv: Path, elsewhere: Path):
    tested = installed(venv, elsewhere, "rules", "--test")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    _same(tested, checkout(elsewhere, "rules", "--test"))
    listed = installed(venv, elsewhere, "rules", "--json")
    assert len(json.loads(listed.stdout)["rules"]) > 20
    _same(listed, checkout(elsewhere, "rules", "--json"))


def test_new_from_each_template_writes_what_the_checkout_writes(venv: Path, elsewhere: Path):
    names = sorted(p.stem for p in (ROOT / "resources" / "templates").glob("*.md"))
    assert names
    for name in names:
        args = ["--template", name, "--title", "Printer offline", "--product", "Printers"]
        made = installed(venv, elsewhere, "new", f"ours/{name}.md", *args)
        assert made.returncode == 0, made.stderr
        assert checkout(elsewhere, "new", f"theirs/{name}.md", *args).returncode == 0
        ours, theirs = elsewhere / "ours" / f"{name}.md", elsewhere / "theirs" / f"{name}.md"
        assert ours.read_text() == theirs.read_text()


def test_export_writes_the_same_site_with_its_css_and_js(venv: Path, elsewhere: Path):
    kb = _sample_copy(elsewhere / "kb")
    done = installed(venv, elsewhere, "export", "kb", "--out", "ours")
    assert done.returncode == 0, done.stderr
    assert checkout(elsewhere, "export", "kb", "--out", "theirs").returncode == 0
    ours, theirs = _tree(elsewhere / "ours"), _tree(elsewhere / "theirs")
    assert ours == theirs
    static = ROOT / "resources" / "site" / "static"
    for asset in static.iterdir():
        assert ours[f"assets/{asset.name}"] == asset.read_bytes(), asset.name
    assert any(name.endswith(".html") for name in ours) and kb.is_dir()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_search_finds_the_same_articles(venv: Path, elsewhere: Path):
    _sample_copy(elsewhere / "ours")
    _sample_copy(elsewhere / "theirs")
    ours = installed(venv, elsewhere, "search", "vpn disconnects", "--json", "-w", "ours")
    theirs = checkout(elsewhere, "search", "vpn disconnects", "--json", "-w", "theirs")
    assert ours.returncode == 0, ours.stderr
    assert json.loads(ours.stdout)["results"]
    assert (ours.returncode, ours.stdout) == (theirs.returncode, theirs.stdout)


def test_gui_screenshot_offscreen(venv: Path, elsewhere: Path):
    _sample_copy(elsewhere / "kb")
    done = installed(venv, elsewhere, "gui", "kb", "--screenshot", "window.png")
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "window.png").read_bytes().startswith(b"\x89PNG")


def test_without_a_workspace_the_editor_opens_a_copy_of_the_sample_kb(venv: Path, elsewhere: Path):
    done = installed(venv, elsewhere, "gui", "--screenshot", "window.png")
    assert done.returncode == 0, done.stderr
    copy = elsewhere / "data" / "kbeditor" / "sample_kb"
    assert (copy / ".kbeditor").is_dir()  # the workspace's own data went to the copy
    shipped = next(venv.parent.glob("lib/python*/site-packages/kbeditor/_data/resources/sample_kb"))
    assert not (shipped / ".kbeditor").exists()  # the installed package is left as it was
    assert sorted(p.name for p in copy.rglob("*.md")) == sorted(
        p.name for p in shipped.rglob("*.md")
    )


def test_desktop_entry_starts_the_installed_program(venv: Path, elsewhere: Path):
    assert installed(venv, elsewhere, "desktop", "install").returncode == 0
    entry = (elsewhere / "data" / "applications" / "kbeditor.desktop").read_text()
    assert f"\nExec={venv / 'kbeditor'} gui %f\n" in entry
    assert (
        elsewhere / "data" / "icons" / "hicolor" / "scalable" / "apps" / "kbeditor.svg"
    ).is_file()
