"""The ``kbeditor-lint`` pre-commit hook, run by pre-commit itself on a small git repository.

The hook repository is a committed copy of this one, so the test sees the working tree as
it is. pre-commit installs kbeditor into an environment of its own, as it does for users;
that needs the package index (or pip's cache) and takes most of this test's time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".kbeditor", ".*_cache",
    ".hypothesis",
)  # fmt: skip
BLAME = "---\ntitle: Restore a report\n---\n\n# Restore a report\n\nYou must have deleted it.\n"
MINIMISER = "---\ntitle: Open a report\n---\n\n# Open a report\n\nSimply open the report.\n"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A git and pre-commit environment of the test's own; no PYTHONPATH to the checkout."""
    tmp = tmp_path_factory.mktemp("pre-commit")
    (tmp / "gitconfig").write_text("[user]\n\tname = Test\n\temail = test@example.org\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(GIT_CONFIG_GLOBAL=str(tmp / "gitconfig"), GIT_CONFIG_NOSYSTEM="1")
    env.update(PRE_COMMIT_HOME=str(tmp / "home"))  # a fresh hook environment for this run
    return env


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    repo = tmp_path_factory.mktemp("hooks") / "kbeditor"
    shutil.copytree(ROOT, repo, ignore=NOT_COPIED)
    _git(repo, env, "init", "--quiet")
    _git(repo, env, "add", "--all")
    _git(repo, env, "commit", "--quiet", "--message", "kbeditor")
    return repo


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


@pytest.fixture
def articles(tmp_path: Path, env: dict[str, str]) -> Path:
    """A git repository with a committed article that has an error; nothing staged yet."""
    repo = tmp_path / "kb"
    repo.mkdir()
    (repo / "old.md").write_text(BLAME)
    _git(repo, env, "init", "--quiet")
    _git(repo, env, "add", "--all")
    _git(repo, env, "commit", "--quiet", "--message", "articles")
    return repo


def test_try_repo_lints_the_changed_markdown_files_and_fails_on_an_error(articles, hook_repo, env):
    (articles / "new.md").write_text(BLAME)
    (articles / "notes.txt").write_text(BLAME)  # not Markdown: never linted
    _git(articles, env, "add", "new.md", "notes.txt")
    # try-repo installs the hook into a throwaway store every time: one call does it all.
    done = _pre_commit(articles, env, "try-repo", str(hook_repo), "kbeditor-lint")
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "new.md" in out and "KB.Blame" in out
    assert "old.md" not in out and "notes.txt" not in out  # unchanged; not Markdown


def test_fail_on_is_set_in_the_hook_args(articles, hook_repo, env):
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hook_repo, env=env, capture_output=True, text=True
    ).stdout.strip()
    config = (
        f"repos:\n  - repo: {hook_repo}\n    rev: {head}\n    hooks:\n      - id: kbeditor-lint\n"
    )
    (articles / "new.md").write_text(MINIMISER)  # a warning, no error
    _git(articles, env, "add", "new.md")
    (articles / ".pre-commit-config.yaml").write_text(config)
    done = _pre_commit(articles, env, "run")
    assert done.returncode == 0, done.stdout + done.stderr  # the default: --fail-on error
    assert "KB.Minimisers" not in done.stdout  # pre-commit shows output only of failing hooks
    (articles / ".pre-commit-config.yaml").write_text(
        config + "        args: [--fail-on, warning]\n"
    )
    done = _pre_commit(articles, env, "run")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "new.md" in done.stdout and "KB.Minimisers" in done.stdout
