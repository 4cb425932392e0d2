"""The incremental-export cache, kept in the workspace's data folder.

The output folder is published as it is, so it must hold nothing but the site
(and the small marker saying kbeditor made it). The cache, rendered articles
and the manifest of what was written where, lives in
``WORKSPACE/.kbeditor/export-cache/<hash of the output path>/`` instead: one
cache per output folder, so exporting to two folders never mixes their
manifests. A workspace that cannot be written to still exports; it just
renders everything every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from kbeditor.export.lintcheck import lint_fingerprint
from kbeditor.export.outdir import load_json
from kbeditor.export.render import RENDER_VERSION
from kbeditor.workspace import DATA_DIR, Workspace

# Bump when the layout of records.json changes.
CACHE_FORMAT = 4  # 4: records carry the article's id
CACHE_FOLDER = "export-cache"
# Caches of output folders exported to less recently are removed beyond this many
# (each is about the size of the site's text; an old one only costs a full render).
KEEP_CACHES = 4


def cache_path(workspace: Workspace, target: Path) -> Path:
    """``records.json`` for exports of ``workspace`` into the resolved folder ``target``."""
    key = hashlib.sha256(str(target).encode("utf-8")).hexdigest()[:16]
    return workspace.root / DATA_DIR / CACHE_FOLDER / key / "records.json"


def load(path: Path | None, workspace: Workspace, target: Path, lint: bool) -> dict[str, Any]:
    """The cache for this workspace, output folder and rule set; empty when anything differs."""
    data = load_json(path) if path is not None else {}
    key = [CACHE_FORMAT, RENDER_VERSION, lint_fingerprint(workspace.root) if lint else "off"]
    if (
        data.get("key") != key
        or data.get("root") != str(workspace.root)
        or data.get("out") != str(target)
    ):
        data = {"key": key, "root": str(workspace.root), "out": str(target), "files": {}}
    data.setdefault("manifest", {})
    return data


def save(path: Path, cache: dict[str, Any]) -> str | None:
    """Write the cache atomically; returns a note for the user when it cannot be written."""
    tmp = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(cache, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
        _prune(path.parent.parent, keep=path.parent)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return (
            f"no export cache: cannot write {path.parent} ({reason}); "
            "the next export renders every article again"
        )
    return None


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the :data:`KEEP_CACHES` most recently written caches (never ``keep``)."""
    caches = sorted(
        (p for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and p != keep),
        key=lambda p: _written(p),
        reverse=True,
    )
    for old in caches[KEEP_CACHES - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _written(folder: Path) -> int:
    try:
        return (folder / "records.json").stat().st_mtime_ns
    except OSError:
        return 0
