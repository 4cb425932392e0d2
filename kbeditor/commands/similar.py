"""``kbeditor similar PATH``: the articles most like one article."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kbeditor.errors import KbError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "similar",
        help="list the articles most like one article",
        description="List the articles most like PATH. 'similarity' is the share of word "
        "runs (3-word shingles) the two texts have in common (Jaccard, 0 to 1); 'topic' is the "
        "cosine of their word frequencies (0 to 1), which also catches the same fault "
        "described in other words.",
    )
    p.add_argument("path", metavar="PATH", help="the article")
    p.add_argument(
        "--workspace",
        "-w",
        metavar="W",
        help="workspace folder (default: the nearest folder above PATH holding "
        "kbeditor.toml or .kbeditor/, else the current folder)",
    )
    p.add_argument(
        "--limit",
        "-n",
        type=int,
        default=5,
        metavar="N",
        help="how many articles to list (default 5)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kbeditor.commands.search import report_index_work
    from kbeditor.search import SearchService

    path = Path(args.path)
    if not path.is_file():
        raise KbError("no such article", path)
    if args.limit < 1:
        raise KbError("--limit must be at least 1")
    root = Path(args.workspace) if args.workspace else find_workspace(path)
    with SearchService.open(root) as service:
        found = service.similar(path.resolve(), args.limit)
        report_index_work(service)
        rel = service.workspace.relative(path)
    if args.json:
        records = [
            {
                "path": s.path,
                "title": s.title,
                "similarity": s.similarity,
                "topic": s.topic,
                "shared": s.shared,
            }
            for s in found
        ]
        json.dump({"path": rel, "similar": records}, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    if not found:
        print(f"no article resembles {rel}")
    for s in found:
        print(f"{s.similarity:.2f} text  {s.topic:.2f} topic  {s.path}  ({s.title})")
        for passage in s.shared:
            print(f"    shared: {passage}")
    return 0


def find_workspace(path: Path) -> Path:
    """The nearest folder above ``path`` that looks like a workspace, else the current folder.

    The current folder only when it holds ``path`` and is not the home folder
    or the root of the disk: indexing (and writing ``.kbeditor/`` into)
    whatever folder the shell happens to be in would be wrong for a file kept
    elsewhere, and slow and intrusive for a home folder.
    """
    real = path.resolve()
    for folder in real.parents:
        if (folder / "kbeditor.toml").is_file() or (folder / ".kbeditor").is_dir():
            return folder
    here = Path.cwd().resolve()
    if here in real.parents and here not in (Path.home().resolve(), Path(here.anchor)):
        return here
    raise KbError(
        "is in no workspace (no folder above it holds kbeditor.toml or .kbeditor/); "
        "name one with --workspace",
        path,
    )
