"""One holder at a time: an advisory OS lock on a file.

The lock is flock on POSIX, msvcrt on Windows, so the OS releases it when the
holder dies: a stale lock file never blocks anyone. The holder's process id is
written into the file only to name it in the message a refused caller sees.
Used for the search index (one writer) and for export (one export per folder).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

from kbeditor.errors import KbError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class BusyError(KbError):
    """Another process (or thread) holds the lock."""


# flock is per open file, so two threads of one process would both get it;
# this lock keeps threads of the same process in line too.
_THREAD_LOCKS: dict[str, threading.Lock] = {}
_GUARD = threading.Lock()


class FileLock:
    """An exclusive lock on ``path``; use as a context manager.

    Args:
        path: the lock file.
        wait: seconds to wait for another holder before giving up.
    """

    def __init__(self, path: Path, wait: float = 0.0) -> None:
        self.path = path
        self.wait = wait
        self._fd: int | None = None
        with _GUARD:
            self._thread_lock = _THREAD_LOCKS.setdefault(str(path), threading.Lock())

    def acquire(self) -> None:
        deadline = time.monotonic() + self.wait
        got = (
            self._thread_lock.acquire(timeout=self.wait)
            if self.wait > 0
            else self._thread_lock.acquire(blocking=False)
        )
        if not got:
            raise self._busy(str(os.getpid()))
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    os.close(fd)
                    raise self._busy(holder)
                time.sleep(0.05)
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            self._fd = fd
        except BaseException:
            self._thread_lock.release()
            raise

    def release(self) -> None:
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None
                self._thread_lock.release()

    def _busy(self, holder: str = "") -> BusyError:
        """The error a refused caller sees (subclasses say what is busy)."""
        who = f" (process {holder})" if holder else ""
        return BusyError(f"is held by another program{who}", self.path)

    @property
    def fileno(self) -> int | None:
        """The open lock file while held (a forked worker process closes its copy)."""
        return self._fd

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return ""
