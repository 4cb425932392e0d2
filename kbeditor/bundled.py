"""Where the data that ships with kbeditor lives: house style, templates, site assets, icon, sample KB.

This module is the one owner of those paths; nothing else works them out.

The repository keeps the data at its top level (``lint_rules/``, ``resources/``),
where writers edit it. A wheel cannot carry folders outside the package, so
``pyproject.toml`` maps both into the package at build time, as
``kbeditor/_data/lint_rules`` and ``kbeditor/_data/resources``. Installed from
a wheel, the data is found there through ``importlib.resources``; run from a
checkout (``PYTHONPATH`` or an editable install) the package has no
``_data`` folder and the top-level folders next to it are used instead.
"""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

from kbeditor.user_dirs import app_data

_PACKAGED = "_data"
_CHECKOUT = Path(__file__).resolve().parent.parent


def _folder(name: str) -> Path:
    """The bundled folder ``name``: inside the installed package, else in the checkout."""
    packaged = files("kbeditor").joinpath(_PACKAGED, name)
    # pip always unpacks wheels, so package data is a real folder; a zipped package
    # (zipimport) would give a zipfile.Path, which the rest of kbeditor cannot walk.
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged.resolve()
    return _CHECKOUT / name


LINT_RULES = _folder("lint_rules")
"""The bundled styles (a Vale StylesPath): ``KB/`` and its vocabularies."""

RESOURCES = _folder("resources")
TEMPLATES = RESOURCES / "templates"
"""Article templates, one ``<name>.md`` each."""

SITE = RESOURCES / "site"
"""The static site's Jinja2 templates (``templates/``) and CSS/JS (``static/``)."""

ICON = RESOURCES / "icons" / "kbeditor.svg"
SAMPLE_KB = RESOURCES / "sample_kb"
"""The sample knowledge base as shipped; the editor opens :func:`sample_workspace`."""


def is_installed() -> bool:
    """Whether the data comes from an installed package rather than a checkout."""
    return not LINT_RULES.is_relative_to(_CHECKOUT / "lint_rules")


def sample_workspace() -> Path:
    """The sample KB to open when no workspace is given.

    From a checkout that is the folder itself. From an installed package it is a
    copy in the user's data folder, made on first use: the package is replaced on
    every upgrade (and may not be writable), which would throw away a writer's
    edits and the workspace's ``.kbeditor`` folder.
    """
    if not is_installed():
        return SAMPLE_KB
    copy = app_data() / "sample_kb"
    if not copy.is_dir():
        shutil.copytree(SAMPLE_KB, copy, ignore=shutil.ignore_patterns(".kbeditor"))
    return copy
