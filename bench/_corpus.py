"""Where the benchmarks find the public corpus (beside the checkout, never inside it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SHARED = Path(
    os.environ.get("KBEDITOR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
CORPUS = SHARED / "corpus" / "ms-support"


def corpus_files() -> list[Path]:
    """The corpus articles, or exit 0 with a message when the corpus is absent."""
    if not CORPUS.is_dir():
        print(f"corpus not found ({CORPUS}); set KBEDITOR_SHARED to the folder holding corpus/")
        sys.exit(0)
    return sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")
