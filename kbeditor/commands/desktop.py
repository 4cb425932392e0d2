"""``kbeditor desktop install|uninstall``: the editor in the Linux application menu."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "desktop",
        help="add the editor to the application menu (Linux), or remove it",
        description=(
            "Write (or remove) a desktop entry and the icon for the current user, under "
            "$XDG_DATA_HOME (default ~/.local/share), so the editor is in the application "
            "menu and opens Markdown files. Run it again after moving the installation."
        ),
    )
    p.add_argument("action", choices=("install", "uninstall"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kbeditor import desktop

    if args.action == "install":
        where = desktop.install()
        print(f"installed {where.entry}")
        print(f"installed {where.icon}")
        return 0
    removed = desktop.uninstall()
    for path in removed:
        print(f"removed {path}")
    if not removed:
        print("nothing to remove: no desktop entry of kbeditor was installed")
    return 0
