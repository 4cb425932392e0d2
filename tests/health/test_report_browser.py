"""The health report in headless Chromium from file://: no console errors, no remote requests,
readable in the light and dark schemes and in print.

Drives Chromium with the DevTools-protocol client in ``bench/_chromium.py``,
recording the events it otherwise skips.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from _chromium import Browser, find_chromium

from kbeditor.health.html import write_report
from kbeditor.health.report import build_report
from kbeditor.workspace import Workspace

pytestmark = pytest.mark.skipif(
    find_chromium() is None or os.name != "posix",
    reason="headless Chromium is not installed (apt-get install chromium; `make test` does it)",
)


class RecordingBrowser(Browser):
    """The export tests' browser, keeping the events (requests, console messages) it reads."""

    def __init__(self, profile: Path) -> None:
        super().__init__(profile)
        self.events: list[dict] = []

    def _read(self) -> dict:
        message = super()._read()
        if "method" in message:
            self.events.append(message)
        return message

    def load(self, url: str) -> None:
        self.attach()
        for domain in ("Network.enable", "Runtime.enable", "Log.enable"):
            self.send(domain)
        self.send("Page.navigate", url=url)
        self.wait_for(
            "document.readyState === 'complete' && document.querySelectorAll('svg').length > 0"
        )
        time.sleep(0.3)  # late requests (fonts, images) would show up by now
        self.evaluate("1")  # read the events that arrived meanwhile

    def problems(self) -> list[str]:
        found = []
        for e in self.events:
            params = e.get("params", {})
            if e["method"] == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(("file:", "data:", "about:")):
                    found.append(f"request: {url}")
            elif e["method"] == "Runtime.exceptionThrown":
                found.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif e["method"] == "Runtime.consoleAPICalled" and params.get("type") == "error":
                found.append(f"console: {params.get('args')}")
            elif e["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(f"log: {params['entry'].get('text')}")
        return found


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory, sample_kb: Path) -> Path:
    kb = tmp_path_factory.mktemp("kb") / "kb"
    shutil.copytree(sample_kb, kb, ignore=shutil.ignore_patterns(".kbeditor"))
    report = build_report(Workspace(kb))
    return write_report(report, tmp_path_factory.mktemp("report"), kb)


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    b = RecordingBrowser(tmp_path / "profile")
    yield b
    b.close()


_COLOURS = (
    "(() => { const t = document.querySelector('figure svg .axis text');"
    " return [getComputedStyle(document.body).backgroundColor, getComputedStyle(t).fill]; })()"
)


def test_report_opens_from_file_with_no_error_and_no_remote_request(browser, report_page):
    browser.load(report_page.as_uri())
    assert browser.problems() == []
    charts = browser.evaluate("document.querySelectorAll('figure svg').length")
    assert charts >= 9
    assert browser.evaluate("document.querySelectorAll('script').length") == 0


@pytest.mark.parametrize(
    ("media", "scheme", "background", "text"),
    [
        ("screen", "light", "rgb(255, 255, 255)", "rgb(28, 33, 40)"),
        ("screen", "dark", "rgb(17, 20, 24)", "rgb(230, 232, 235)"),
        ("print", "dark", "rgb(255, 255, 255)", "rgb(0, 0, 0)"),
    ],
)
def test_chart_text_follows_the_scheme_and_prints_black_on_white(
    browser, report_page, media, scheme, background, text
):
    browser.load(report_page.as_uri())
    browser.send(
        "Emulation.setEmulatedMedia",
        media=media,
        features=[{"name": "prefers-color-scheme", "value": scheme}],
    )
    assert browser.evaluate(_COLOURS) == [background, text]


def test_site_feedback_link_carries_the_query(browser, tmp_path, sample_kb):
    from kbeditor.export.site import export_site

    kb = tmp_path / "kb"
    shutil.copytree(sample_kb, kb, ignore=shutil.ignore_patterns(".kbeditor"))
    (kb / "kbeditor.toml").write_text(
        '[export]\nfeedback_url = "mailto:kb@example.com?subject=Not%20found:%20{query}"\n'
    )
    export_site(Workspace(kb), tmp_path / "site")
    browser.open_page((tmp_path / "site" / "search.html").as_uri() + "?q=printer+on+fire")
    href = browser.wait_for(
        "document.readyState === 'complete' && document.querySelector('#search-feedback a').href"
    )
    assert href == "mailto:kb@example.com?subject=Not%20found:%20printer%20on%20fire"


def test_corpus_report_opens_with_no_error_and_no_remote_request(browser, tmp_path, corpus_dir):
    kb = tmp_path / "corpus"
    shutil.copytree(corpus_dir, kb, ignore=shutil.ignore_patterns(".kbeditor"))
    report = build_report(Workspace(kb))
    assert report["glance"]["articles"] >= 600
    page = write_report(report, tmp_path / "report", kb)
    browser.load(page.as_uri())
    assert browser.problems() == []
    assert browser.evaluate("document.querySelectorAll('script').length") == 0
