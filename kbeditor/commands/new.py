"""``kbeditor new PATH --template NAME --title TEXT``: start an article from a template."""

from __future__ import annotations

import argparse
from pathlib import Path

from kbeditor import templates
from kbeditor.errors import KbError
from kbeditor.frontmatter import AUDIENCES
from kbeditor.workspace import atomic_write


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="create an article from a template")
    p.add_argument("path", metavar="PATH", help="the new article's file (never overwritten)")
    p.add_argument(
        "--template", default="troubleshooting", help="troubleshooting, how-to or known-issue"
    )
    p.add_argument("--title", required=True, help="the article's title")
    p.add_argument("--product", default="", help="the product it is about")
    p.add_argument("--audience", default="end-user", choices=AUDIENCES)
    p.add_argument("--tag", action="append", dest="tags", default=[], help="a tag (repeatable)")
    p.add_argument("--owner", default="", help="who keeps the article up to date")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.suffix.lower() != ".md":
        path = path.with_suffix(".md") if not path.suffix else path
    if path.exists():
        raise KbError("already exists; choose another name (kbeditor never overwrites)", path)
    text = templates.render(
        args.template,
        args.title,
        product=args.product,
        audience=args.audience,
        tags=args.tags,
        owner=args.owner,
    )
    atomic_write(path, text.encode("utf-8"))
    print(f"created {path}")
    return 0
