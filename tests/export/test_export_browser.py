"""End to end: open the exported site from file:// in headless Chromium, type a query, see the article.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
JSON messages separated by NUL bytes on file descriptors 3 and 4), with a tiny
client written with the standard library, so no port is opened and nothing
leaves the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

CHROMIUM = next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or os.name != "posix",
    reason="headless Chromium is not installed (apt-get install chromium; `make test` does it)",
)


class Browser:
    """A minimal DevTools-protocol client over Chromium's debugging pipe."""

    def __init__(self, profile: Path) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: the protocol wants our pipe ends as fds 3 and 4
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.proc = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
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
            chunk = os.read(self._from_child, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the debugging pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(raw)

    def open_page(self, url: str) -> None:
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send(
            "Target.attachToTarget", session=False, targetId=page["targetId"], flatten=True
        )["sessionId"]
        self.send("Page.enable")
        self.send("Page.navigate", url=url)

    def evaluate(self, expression: str) -> object:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 20.0) -> object:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError:
                value = None  # the page is navigating
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for: {expression}")

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


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    b = Browser(tmp_path / "profile")
    yield b
    b.close()


def test_type_a_query_on_the_home_page_and_see_the_article(browser: Browser, sample_site) -> None:  # type: ignore[no-untyped-def]
    site, _ = sample_site
    browser.open_page((site / "index.html").as_uri())
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('home-q')")
    browser.evaluate("document.getElementById('home-q').focus()")
    browser.send("Input.insertText", text="outlook keeps asking pasword")
    browser.send(
        "Input.dispatchKeyEvent",
        type="keyDown",
        key="Enter",
        code="Enter",
        windowsVirtualKeyCode=13,
        text="\r",
    )
    browser.send(
        "Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13
    )
    first = browser.wait_for(
        "(() => { const a = document.querySelector('#search-results li a');"
        " return a ? [location.pathname.split('/').pop(), a.textContent, a.getAttribute('href')] : null; })()"
    )
    assert first == [
        "search.html",
        "Outlook keeps asking for your password",
        "articles/mail/outlook-keeps-asking-for-password.html",
    ]
    # results follow typing on the search page itself
    browser.evaluate("const i = document.getElementById('search-input'); i.value = ''; i.focus();")
    browser.send("Input.insertText", text="bitlock")
    title = browser.wait_for(
        "(() => { const a = document.querySelector('#search-results li a');"
        " return a && a.textContent.includes('BitLocker') ? a.textContent : null; })()"
    )
    assert "BitLocker" in str(title)
    # following the result opens the article page, from file://, with its styles loaded
    browser.evaluate("document.querySelector('#search-results li a').click()")
    heading = browser.wait_for(
        "document.readyState === 'complete' && location.pathname.endsWith('bitlocker-recovery-screen.html')"
        " && getComputedStyle(document.querySelector('.site-header')).borderBottomStyle === 'solid'"
        " && document.querySelector('h1').textContent"
    )
    assert "BitLocker" in str(heading)


_ERROR_BOX = (
    "(() => { const p = [...document.querySelectorAll('.content pre')]"
    ".find(e => e.textContent.includes('LL-2038'));"
    " const s = getComputedStyle(p); const page = document.documentElement;"
    " return {scrolls: p.scrollWidth > p.clientWidth, overflowX: s.overflowX,"
    " whiteSpace: s.whiteSpace, pageFits: page.scrollWidth <= page.clientWidth,"
    " boxFits: p.getBoundingClientRect().right <= page.clientWidth}; })()"
)


def test_long_lines_in_code_scroll_in_their_box_and_wrap_on_phones_and_in_print(
    browser: Browser, sample_site
) -> None:  # type: ignore[no-untyped-def]
    site, _ = sample_site
    url = (site / "articles/vpn/vpn-wont-connect.html").as_uri()
    browser.open_page(url)
    browser.wait_for("document.readyState === 'complete' && document.styleSheets.length > 0")
    for width, scrolls in ((1280, True), (390, False)):
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        box = browser.wait_for(_ERROR_BOX)
        assert isinstance(box, dict)
        # Never wider than the page; on a wide screen the message scrolls inside its box,
        # on a phone it wraps so the whole message can be read and compared.
        assert box["pageFits"] and box["boxFits"], (width, box)
        assert box["scrolls"] is scrolls and box["overflowX"] == "auto", (width, box)
    browser.send("Emulation.setEmulatedMedia", media="print")
    box = browser.wait_for(_ERROR_BOX)
    assert isinstance(box, dict) and box["whiteSpace"] == "pre-wrap" and not box["scrolls"]
