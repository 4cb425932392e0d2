"""Exported sites shared by the export tests (each export is done once per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kbeditor.export.site import ExportSummary, export_site
from kbeditor.workspace import Workspace


@pytest.fixture(scope="session")
def sample_site(
    tmp_path_factory: pytest.TempPathFactory, sample_kb: Path
) -> tuple[Path, ExportSummary]:
    """The sample KB exported once, drafts included (read-only for the tests)."""
    kb = tmp_path_factory.mktemp("kb") / "kb"
    shutil.copytree(sample_kb, kb)
    out = tmp_path_factory.mktemp("site") / "site"
    summary = export_site(
        Workspace(kb), out, base_url="https://help.example/kb", include_drafts=True
    )
    return out, summary


@pytest.fixture(scope="session")
def corpus_site(
    tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path
) -> tuple[Path, ExportSummary]:
    out = tmp_path_factory.mktemp("corpus-site") / "site"
    # cache=False: the shared corpus is read, never written to.
    summary = export_site(Workspace(corpus_dir), out, cache=False)
    return out, summary
