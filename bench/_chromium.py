"""A minimal DevTools-protocol client for headless Chromium, shared by the browser tests and benches.

Chromium is driven over its debugging pipe (``--remote-debugging-pipe``: JSON
messages separated by NUL bytes on file descriptors 3 and 4), with the standard
library only, so no port is opened and nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
)


def find_chromium() -> str | None:
    """The Chromium (or Chrome) on PATH, or None: callers skip cleanly without one."""
    names = ("chromium", "chromium-browser", "google-chrome")
    return next((p for p in map(shutil.which, names) if p), None)


class Browser:
    """One headless Chromium and one page, driven over the debugging pipe."""

    def __init__(self, profile: Path, chromium: str | None = None) -> None:
        executable = chromium or find_chromium()
        if executable is None:
            raise FileNotFoundError("headless Chromium is not installed")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: the protocol wants our pipe ends as fds 3 and 4
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            close_fds=False,  # fds 3 and 4 must survive into Chromium
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next = 0
        self.session = ""

    def send(self, method: str, session: bool = True, **params: object) -> dict:
        """Send one command and wait for its reply; events read meanwhile go to ``_read``."""
        self._next += 1
        message: dict[str, object] = {"id": self._next, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the debugging pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def attach(self, init_script: str = "") -> None:
        """Open a blank page and talk to it; ``init_script`` runs in every document it loads."""
        target = self.send("Target.createTarget", session=False, url="about:blank")
        self.session = self.send(
            "Target.attachToTarget", session=False, targetId=target["targetId"], flatten=True
        )["sessionId"]
        self.send("Page.enable")
        if init_script:
            self.send("Page.addScriptToEvaluateOnNewDocument", source=init_script)

    def open_page(self, url: str) -> None:
        """A new page showing ``url``."""
        self.attach()
        self.send("Page.navigate", url=url)

    def evaluate(self, expression: str) -> object:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 20.0) -> object:
        """The first truthy value of ``expression``; a page still navigating counts as not yet."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(RuntimeError):
                value = self.evaluate(expression)
                if value:
                    return value
            time.sleep(0.02)
        raise TimeoutError(f"timed out waiting for: {expression}")

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):
            self.send("Browser.close", session=False)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)
