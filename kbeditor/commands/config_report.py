"""Saying what is wrong in ``kbeditor.toml``, from every command that reads it.

``lint`` has always reported unknown sections and keys and wrong types; the
other commands read the same file for their own settings (exclusions, the
duplicate threshold, the site title) and must not ignore a typo in it
silently either. Each problem is one line on stderr; the command goes on with
the rest of the settings, as lint does.
"""

from __future__ import annotations

import sys

from kbeditor.workspace import Workspace


def print_config_problems(workspace: Workspace) -> None:
    """One ``kbeditor: path:line: problem`` line per problem of the workspace's config file."""
    for problem in workspace.config.problems:
        print(f"kbeditor: {problem}", file=sys.stderr)
