"""``kbeditor lsp``: the language server, over stdio, for editors other than kbeditor's own.

Standard output carries the protocol, so nothing else may be printed there;
problems with rule files or configuration reach the writer as LSP messages.
Exit code 0 when the client asks the server to exit.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lsp", help="run the language server over stdio (for VS Code, Neovim, Helix ...)"
    )
    p.add_argument(
        "--config",
        metavar="FILE",
        help="a kbeditor.toml or .vale.ini to use instead of the one found for each article",
    )
    p.add_argument(
        "--min-level", choices=("suggestion", "warning", "error"), help="lowest level reported"
    )
    # Some clients add --stdio to every server command line; stdio is the only transport.
    p.add_argument("--stdio", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kbeditor.lsp.server import build_server

    build_server(args.config, args.min_level).start_io()
    return 0
