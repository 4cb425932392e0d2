"""Workspace badges remembered between runs, so a restart relints only changed articles.

The workspace panel shows each article's worst problem, which takes a full
lint of every article. The answers live in the workspace's lint cache, the one
``kbeditor lint`` fills too (:mod:`kbeditor.lint.cache`): same file, same
format, same rule-set identity, so an article checked on the command line is
not checked again when the editor starts, and the other way round.
"""

from __future__ import annotations

from kbeditor.lint.cache import CACHE_NAME, FORMAT, LintCache, content_digest

BadgeCache = LintCache

__all__ = ["CACHE_NAME", "FORMAT", "BadgeCache", "content_digest"]
