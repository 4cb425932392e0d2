"""One writer at a time: an OS file lock beside the index.

The editor (after every save) and ``kbeditor index`` may update the same index
at once. The lock is an advisory OS lock on ``.kbeditor/search.lock`` (see
:mod:`kbeditor.filelock`), released by the OS if the holder crashes.
"""

from __future__ import annotations

from kbeditor.filelock import BusyError, FileLock


class IndexBusyError(BusyError):
    """Another process (or thread) is writing the index."""


class WriterLock(FileLock):
    """Exclusive right to write the index; use as a context manager."""

    def _busy(self, holder: str = "") -> IndexBusyError:
        who = f" (process {holder})" if holder else ""
        return IndexBusyError(
            f"the search index is being updated by another program{who}; try again in a moment",
            self.path,
        )
