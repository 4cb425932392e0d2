"""When an article is due for review, and whether anyone owns it.

A KB manager asks "what is out of date, and whose is it?" (Document360's stale
state, Guru's verification interval). The answer comes from three front-matter
keys: ``review_by`` when the writer set one, else ``updated`` plus the
workspace's ``[workspace] review_after_days`` (180 by default). An article
with neither date has an unknown review date: it is reported as such, never
guessed from the file's modification time, which a checkout or a copy resets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kbeditor.config import CONFIG_NAME, SCHEMA, load_config
from kbeditor.errors import KbError
from kbeditor.frontmatter import Metadata

DEFAULT_REVIEW_DAYS: int = SCHEMA["workspace"]["review_after_days"][1]
# An article whose review date is this close is "due soon": time to plan the review.
DUE_SOON_DAYS = 30

OVERDUE, DUE_SOON, CURRENT, UNKNOWN = "overdue", "due-soon", "current", "unknown"


@dataclass(frozen=True, slots=True)
class Freshness:
    """An article's review state on one day.

    ``state`` is one of ``overdue``, ``due-soon``, ``current`` or ``unknown``
    (no date to go by); ``days_left`` is negative when overdue; ``set_by`` says
    where the review date came from (``review_by`` or ``updated``).
    """

    state: str
    review_by: dt.date | None
    days_left: int | None
    set_by: str | None
    owner: str | None

    @property
    def stale(self) -> bool:
        return self.state == OVERDUE


def review_date(
    meta: Metadata, after_days: int = DEFAULT_REVIEW_DAYS
) -> tuple[dt.date | None, str | None]:
    """The date an article should be reviewed by, and the key it was derived from."""
    if meta.review_by is not None:
        return meta.review_by, "review_by"
    if meta.updated is not None:
        return meta.updated + dt.timedelta(days=max(after_days, 0)), "updated"
    return None, None


def owner_of(meta: Metadata) -> str | None:
    """The article's owner, or None when the front matter names none (absent, empty, blank).

    The one test of "has an owner": the ``KB.Owner`` rule, the checklist and the
    health report all ask it here, so none says an owner is missing while another
    says it is set.
    """
    return (meta.owner or "").strip() or None


def freshness(
    meta: Metadata,
    today: dt.date | None = None,
    after_days: int = DEFAULT_REVIEW_DAYS,
    soon_days: int = DUE_SOON_DAYS,
) -> Freshness:
    """The review state of an article with front matter ``meta`` on ``today``."""
    today = today or dt.date.today()
    due, set_by = review_date(meta, after_days)
    owner = owner_of(meta)
    if due is None:
        return Freshness(UNKNOWN, None, None, None, owner)
    left = (due - today).days
    state = OVERDUE if left < 0 else DUE_SOON if left <= soon_days else CURRENT
    return Freshness(state, due, left, set_by, owner)


def review_days_for(article_path: Path | None) -> int:
    """``[workspace] review_after_days`` of the workspace an article belongs to.

    The workspace is the nearest folder above the article holding a
    ``kbeditor.toml``; without one (or with a broken one) the default applies.
    Lint asks for every article, so where the file is is remembered per
    folder, and its value until the file changes (an edit applies at once).
    """
    if article_path is None:
        return DEFAULT_REVIEW_DAYS
    config = _config_of(Path(article_path).resolve().parent)
    if config is None:
        return DEFAULT_REVIEW_DAYS
    try:
        stamp = config.stat().st_mtime_ns
    except OSError:
        return DEFAULT_REVIEW_DAYS
    return _days_in(config, stamp)


@lru_cache(maxsize=256)
def _config_of(folder: Path) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
    return None


@lru_cache(maxsize=64)
def _days_in(config: Path, _stamp: int) -> int:
    try:
        return int(load_config(config.parent).get("workspace", "review_after_days"))
    except KbError:
        return DEFAULT_REVIEW_DAYS


def forget_review_days() -> None:
    """Look for configuration files again (one was created or removed)."""
    _config_of.cache_clear()
    _days_in.cache_clear()
