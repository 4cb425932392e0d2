"""``kbeditor gui [WORKSPACE | ARTICLE]`` (and plain ``kbeditor``): open the editor."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="open the editor (the default with no command)")
    p.add_argument(
        "workspace",
        nargs="?",
        help="folder of articles (default: the last one, or the sample KB), or an article: "
        "it opens in its workspace, the nearest folder above it with a kbeditor.toml",
    )
    p.add_argument(
        "--screenshot",
        metavar="PNG",
        help="save a picture of the window once the first article is linted, then exit",
    )
    p.add_argument(
        "--open",
        metavar="ARTICLE",
        dest="article",
        help="open this article too (a path inside the workspace, or relative to it)",
    )
    p.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        help="colour theme (default: the last choice; screenshots default to light)",
    )
    p.set_defaults(func=run)


def has_display() -> bool:
    """Whether Qt can show a window: a display server, or a platform chosen explicitly."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def article_argument(given: str) -> Path:
    """``--open ARTICLE``: a path from the current folder when that file exists (as a shell
    completes it, ``kb/mail/a.md``), else as given (absolute, or relative to the workspace)."""
    path = Path(given).expanduser()
    if not path.is_absolute() and path.is_file():
        return path.resolve()
    return path


def run(args: argparse.Namespace) -> int:
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM") and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not has_display():
        print(
            "kbeditor: no display found (DISPLAY and WAYLAND_DISPLAY are unset); "
            "run it on a desktop, or use the command-line tools (kbeditor --help)",
            file=sys.stderr,
        )
        return 1
    from kbeditor.gui.app import run_app

    workspace = Path(args.workspace) if args.workspace else None
    screenshot = Path(args.screenshot) if args.screenshot else None
    article = article_argument(args.article) if args.article else None
    if workspace is not None and workspace.is_file():
        # The desktop entry passes the file a writer opened from the file manager.
        from kbeditor.workspace import workspace_of

        workspace, article = workspace_of(workspace), article or workspace.resolve()
    return run_app(workspace, screenshot=screenshot, theme_mode=args.theme, article=article)
