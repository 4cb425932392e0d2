"""The ``kbeditor`` command line.

Each subcommand lives in its own module under ``kbeditor.commands`` with a
``register(subparsers)`` function; heavy imports (Qt, Whoosh, Markdown) happen
inside the handlers so that ``kbeditor lint`` never pays for the GUI.

Exit codes (a public interface, documented in the README): 0 success,
1 a problem found in the user's files (or findings at the fail level),
2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from kbeditor import __version__
from kbeditor.errors import KbError

# Subcommand modules, in the order `kbeditor --help` lists them.
COMMANDS = (
    "gui", "info", "new", "lint", "rules", "index", "search", "similar", "dupes", "export",
    "desktop", "lsp", "report",
)  # fmt: skip

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kbeditor",
        description="Write, check, search and publish IT-support knowledge-base articles.",
    )
    parser.add_argument("--version", action="version", version=f"kbeditor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kbeditor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"kbeditor.commands.{name}":
                continue  # not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or args_list[0].startswith("--screenshot"):
        args_list.insert(0, "gui")
    args = parser.parse_args(args_list)
    handler = getattr(args, "func", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(handler(args) or 0)
    except KbError as exc:
        print(f"kbeditor: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("kbeditor: interrupted", file=sys.stderr)
        return 130
