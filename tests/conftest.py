"""Shared fixtures: the bundled sample KB, the public corpus and Vale styles beside the checkout."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_KB = ROOT / "resources" / "sample_kb"
SHARED = Path(os.environ.get("KBEDITOR_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "ms-support"
VALE_STYLES = SHARED / "vale-styles"


@pytest.fixture(scope="session")
def sample_kb() -> Path:
    """The bundled sample KB (read-only: copy it with ``workspace`` before changing files)."""
    return SAMPLE_KB


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A writable copy of the sample KB in a temporary folder."""
    target = tmp_path / "kb"
    shutil.copytree(SAMPLE_KB, target, ignore=shutil.ignore_patterns(".kbeditor"))
    return target


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The 600 public troubleshooting articles; tests using it skip when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found beside the checkout ({CORPUS.name}); set KBEDITOR_SHARED")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_articles(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in corpus_dir.glob("*.md") if p.name != "README.md")


@pytest.fixture(scope="session")
def vale_styles_dir() -> Path:
    if not VALE_STYLES.is_dir():
        pytest.skip("public Vale styles not found beside the checkout; set KBEDITOR_SHARED")
    return VALE_STYLES


@pytest.fixture(scope="session")
def corpus_if_present() -> list[Path]:
    """The corpus articles, or none: for tests that run on in-repository articles first."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")


@pytest.fixture(scope="session")
def vale_styles_if_present() -> Path | None:
    return VALE_STYLES if VALE_STYLES.is_dir() else None
