"""Shared helpers for the search benchmarks: find the corpus, make temporary workspaces.

Not a benchmark itself. The corpus is never copied into the project: copies
go to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

SHARED = Path(
    os.environ.get("KBEDITOR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
CORPUS = SHARED / "corpus" / "ms-support"

_DESCRIPTION = re.compile(r"^description:.*\n(?:[ \t]+.*\n)*", re.MULTILINE)


def corpus_files() -> list[Path]:
    """The corpus articles, or exit 0 with a message when the corpus is absent."""
    if not CORPUS.is_dir():
        print(f"corpus not found ({CORPUS}); set KBEDITOR_SHARED. Nothing measured.")
        sys.exit(0)
    return sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")


def description(text: str) -> str:
    """The front-matter description of a corpus article ('' when there is none)."""
    import yaml

    m = re.match(r"---\n(.*?)\n---", text, re.DOTALL)
    if not m:
        return ""
    try:
        data = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError:
        return ""
    value = data.get("description") if isinstance(data, dict) else None
    return " ".join(str(value).split()) if value else ""


def without_description(text: str) -> str:
    """The article with its description removed from the front matter."""
    end = text.find("\n---", 3)
    if not text.startswith("---") or end < 0:
        return text
    return _DESCRIPTION.sub("", text[: end + 1]) + text[end + 1 :]


def make_workspace(copies: int = 1, strip_description: bool = True) -> Path:
    """A temporary workspace holding the corpus ``copies`` times, each copy with distinct ids."""
    root = Path(tempfile.mkdtemp(prefix="kbeditor-bench-"))
    for k in range(copies):
        folder = root / f"copy{k}" if copies > 1 else root
        folder.mkdir(parents=True, exist_ok=True)
        for n, path in enumerate(corpus_files()):
            text = path.read_text(encoding="utf-8")
            if strip_description:
                text = without_description(text)
            if copies > 1 and text.startswith("---\n"):
                text = f"---\nid: KB-{k}-{n:04d}\n" + text[4:]
            (folder / path.name).write_text(text, encoding="utf-8")
    return root


def remove(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
