"""How worker processes are started: the one rule for lint, export, search and the health report.

``fork`` is the cheapest start: a worker inherits what this process has built (rule
sets, imports) without running anything again. Forking a process that runs other
threads can deadlock the child, though: a lock another thread held at the fork (the
allocator's, the interpreter's, one of Qt's) stays locked in the child forever. So
workers are forked only from a process that runs one Python thread and has not loaded
Qt (the editor's Qt runs threads of its own, which ``threading`` never sees, even on
its main thread); otherwise they come from a fork server, a clean single-threaded
process, and off POSIX they are spawned.
"""

from __future__ import annotations

import os
import sys
import threading

# Loaded only by the editor (kbeditor.gui); named here, never imported.
_QT = "PySide6.QtCore"


def start_method() -> str:
    """``fork`` when forking is safe here, else ``forkserver`` (``spawn`` off POSIX)."""
    if os.name != "posix":
        return "spawn"
    return "fork" if can_fork() else "forkserver"


def can_fork() -> bool:
    """True when this process runs one Python thread and no Qt."""
    return os.name == "posix" and threading.active_count() == 1 and _QT not in sys.modules
