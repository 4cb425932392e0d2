"""``kbeditor export [WORKSPACE] --out DIR``: publish the workspace as a static HTML site.

Exit codes: 0 exported; 1 ``--strict`` and there were lint errors, broken
links, missing images or unreadable files (each printed as ``file:line``);
2 usage errors, including an output folder that is refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Without --strict, the first problems are printed and the rest counted.
SHOWN_WITHOUT_STRICT = 50


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export the workspace as a static HTML site with offline search",
        description=(
            "Export the articles as a static site that works from a USB stick (file://) "
            "or any web server. Exit 0 on success, 1 when --strict finds problems, "
            "2 on usage errors."
        ),
    )
    p.add_argument(
        "workspace",
        nargs="?",
        default=".",
        metavar="WORKSPACE",
        help="the workspace folder (default: the current folder)",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1) on lint errors, broken links and missing images",
    )
    p.add_argument(
        "--clean", action="store_true", help="empty DIR first, even if kbeditor did not create it"
    )
    p.add_argument(
        "--base-url", metavar="URL", help="public address of the site; writes sitemap.xml"
    )
    p.add_argument("--title", metavar="TEXT", help="site title (default: the workspace name)")
    p.add_argument(
        "--include-drafts",
        action="store_true",
        help="also publish articles with status: draft (left out by default)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kbeditor.commands.config_report import print_config_problems
    from kbeditor.export.site import export_site
    from kbeditor.workspace import Workspace

    workspace = Workspace(args.workspace)
    print_config_problems(workspace)
    if args.base_url and not args.base_url.startswith(("http://", "https://")):
        print("kbeditor: --base-url must start with http:// or https://", file=sys.stderr)
        return 2
    with _progress() as progress:
        summary = export_site(
            workspace,
            Path(args.out),
            strict=args.strict,
            clean=args.clean,
            base_url=args.base_url,
            title=args.title,
            progress=progress,
            # Lint costs about four times the rendering; it only changes the outcome under
            # --strict, so a plain export leaves it to `kbeditor lint` and the editor.
            lint=args.strict,
            include_drafts=args.include_drafts,
        )
    for note in summary.notes:
        print(f"kbeditor: {note}", file=sys.stderr)
    limit = None if args.strict else SHOWN_WITHOUT_STRICT
    shown = summary.problems if limit is None else summary.problems[:limit]
    for problem in shown:
        print(
            f"{workspace.root / problem.path}:{problem.line}: {problem.level}: {problem.message}",
            file=sys.stderr,
        )
    if len(shown) < len(summary.problems):
        more = len(summary.problems) - len(shown)
        print(f"... and {more} more (--strict lists them all)", file=sys.stderr)
    print(summary.line())
    return 0 if summary.ok else 1


class _progress:
    """A tqdm bar on a terminal, nothing otherwise (CI logs stay clean)."""

    def __enter__(self):  # type: ignore[no-untyped-def]
        self.bar = None
        if not sys.stderr.isatty():
            return None
        from tqdm import tqdm

        self.bar = tqdm(total=0, unit="step", desc="export", leave=False, file=sys.stderr)

        def update(done: int, total: int) -> None:
            assert self.bar is not None
            if self.bar.total != total:
                self.bar.total = total
            self.bar.n = done
            self.bar.refresh()

        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()
