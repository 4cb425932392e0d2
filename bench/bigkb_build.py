"""Build a large workspace (10^4 articles) from real, public Markdown documentation.

Usage: .venv/bin/python bench/bigkb_build.py OUT --count 12000 SOURCE [SOURCE ...]

Each SOURCE is a folder of Markdown documentation, for example a checkout of
MicrosoftDocs/OfficeDocs-Support, MicrosoftDocs/iis-docs,
MicrosoftDocs/dynamics365smb-docs or MicrosoftDocs/biztalk-docs; the shared
corpus (``shared/corpus/ms-support``) is always added when present. Only files
that look like articles are taken (YAML front matter, 1 to 60 KB, not an
include, table of contents or README), and each distinct text only once, so the
workspace never holds two copies of the same article. Articles are taken from
the sources in turn, so every size mixes all of them. Sources that do not exist
are skipped with a line saying so; with none at all, nothing is built (exit 0).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import CORPUS

SKIP_NAMES = {"readme.md", "toc.md", "index.md", "security.md", "contributing.md"}
SKIP_PARTS = {"includes", ".github", "_themes", "media"}
MIN_BYTES, MAX_BYTES = 1024, 61440


def candidates(source: Path) -> Iterator[Path]:
    """Article-like Markdown files under ``source``, in a stable order."""
    for path in sorted(source.rglob("*.md")):
        rel = path.relative_to(source)
        if path.name.lower() in SKIP_NAMES or SKIP_PARTS & {p.lower() for p in rel.parts}:
            continue
        try:
            size = path.stat().st_size
            if not MIN_BYTES <= size <= MAX_BYTES:
                continue
            with path.open("rb") as handle:
                if handle.read(4) != b"---\n" and not _starts_crlf(path):
                    continue
        except OSError:
            continue
        yield path


def _starts_crlf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"---\r\n"


def _tagged(source: Path) -> Iterator[tuple[Path, Path]]:
    for path in candidates(source):
        yield source, path


def build(out: Path, sources: list[Path], count: int) -> int:
    """Copy up to ``count`` distinct articles into ``out``; returns how many were copied."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "kbeditor.toml").write_text('[workspace]\nname = "Large KB"\n', encoding="utf-8")
    streams = [_tagged(src) for src in sources]
    seen: set[str] = set()
    copied = 0
    for item in itertools.chain.from_iterable(itertools.zip_longest(*streams)):
        if item is None:
            continue
        src, path = item
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        flat = "__".join(path.relative_to(src).parts)
        target = out / src.name / flat
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(data)
        copied += 1
        if copied >= count:
            break
    return copied


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--count", type=int, default=12000)
    args = parser.parse_intermixed_args()
    sources = [CORPUS] + list(args.sources)
    present = [s for s in sources if s.is_dir()]
    for missing in sorted(set(sources) - set(present)):
        print(f"skipped (not found): {missing}")
    if not present:
        print("no source folder found: nothing built")
        return 0
    copied = build(args.out, present, args.count)
    print(f"{copied} distinct articles from {len(present)} sources in {args.out}")
    if copied < args.count:
        print(f"only {copied} of the {args.count} asked for: add more sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
