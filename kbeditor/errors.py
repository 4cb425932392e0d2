"""The one user-facing error type of the core.

Every problem a writer can cause (bad front matter, undecodable bytes, a broken
config or rule file) is reported as a :class:`KbError` that names the file, the
line when there is one, and says in one sentence what is wrong. Tracebacks are
reserved for bugs.
"""

from __future__ import annotations

from pathlib import Path


class KbError(Exception):
    """A problem in a user's file, reported as ``path:line: message``.

    Args:
        message: one sentence a writer understands.
        path: the file the problem is in, if any.
        line: 1-based line number, if known.
        field: the key or field involved, if any (config and rule files).
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field = field

    def location(self) -> str:
        """``path:line`` (or just ``path``), empty when the error has no file."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message


class ArticleError(KbError):
    """An article that could not be read, or was read with a problem recorded."""


class ConfigError(KbError):
    """A workspace configuration file that is invalid."""
