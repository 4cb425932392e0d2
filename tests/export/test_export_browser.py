"""End to end: open the exported site from file:// in headless Chromium, type a query, see the article.

Chromium is driven by the DevTools-protocol client in ``bench/_chromium.py``
(over a pipe: no port is opened and nothing leaves the machine).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _chromium import Browser, find_chromium

pytestmark = pytest.mark.skipif(
    find_chromium() is None or os.name != "posix",
    reason="headless Chromium is not installed (apt-get install chromium; `make test` does it)",
)


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
