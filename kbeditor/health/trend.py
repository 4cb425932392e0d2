"""Snapshots of the KB's health over time, so the report can say whether it is improving.

Each report run appends one small record (time, KB score, lint errors, stale
articles, article count) to ``.kbeditor/health-history.json``. Nothing about
individual articles is kept: the file stays a few kilobytes after years of
daily runs. A damaged file starts a new history rather than stopping the report.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from kbeditor.workspace import DATA_DIR, atomic_write

log = logging.getLogger(__name__)

HISTORY_NAME = "health-history.json"
KEEP = 1000  # snapshots; about three years of daily runs


@dataclass(frozen=True, slots=True)
class Snapshot:
    at: str  # ISO date and time, UTC, to the second
    score: float
    errors: int
    stale: int
    articles: int


def history_file(root: Path) -> Path:
    return root / DATA_DIR / HISTORY_NAME


def load_history(root: Path) -> list[Snapshot]:
    """The snapshots saved so far, oldest first; empty when there are none or the file is damaged."""
    try:
        data = json.loads(history_file(root).read_text(encoding="utf-8"))
        return [Snapshot(**item) for item in data["snapshots"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def record(root: Path, snapshot: Snapshot) -> list[Snapshot]:
    """Append ``snapshot`` and return the whole history (saved unless the folder is read-only)."""
    history = [*load_history(root), snapshot][-KEEP:]
    payload = {"format": 1, "snapshots": [asdict(s) for s in history]}
    target = history_file(root)
    try:
        target.parent.mkdir(exist_ok=True)
        atomic_write(target, json.dumps(payload, indent=1).encode("utf-8"))
    except OSError as exc:
        log.info("health history not saved in %s: %s", target, exc)
    return history
