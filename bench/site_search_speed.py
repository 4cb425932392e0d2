"""Search on an exported site from file:// in headless Chromium: time to first result, bytes loaded.

Usage: .venv/bin/python bench/site_search_speed.py SITE [--query Q ...] [--screenshot PNG]

SITE is the output folder of ``kbeditor export``. Printed, for each query:
  - open: ``search.html?q=QUERY`` opened, from navigation start to the first
    result shown, and to every result with its snippet;
  - typed: the query typed into the search page already open (another query
    shown before), from the keystroke to the first result and to the snippets;
  - the bytes of search data the page loaded for it (index, parts, manifest).
Also the search data an article page (no search box) loads. Target (issue 13):
first result within 0.5 s at 12,000 articles. Works on sites exported before
the index was split (one ``assets/search-index.js``) for a before/after figure.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from _chromium import Browser, find_chromium

QUERIES = ["outlook password", "outlok pasword", "reset network adapter", "certificate expired"]

WATCH = """
window.__want = null; window.__first = null; window.__done = null;
new MutationObserver(() => {
  const li = document.querySelector('#search-results li');
  const status = document.getElementById('search-status');
  if (!li || !status) return;
  if (window.__want !== null && !status.textContent.includes(window.__want)) return;
  if (window.__first === null) window.__first = performance.now();
  if (window.__done === null && !document.querySelector('#search-results .snippet.loading'))
    window.__done = performance.now();
}).observe(document, {subtree: true, childList: true, characterData: true});
"""

# file:// loads leave no resource-timing entries; every search data file is a script element
LOADED = "[...document.scripts].map(s => s.src).filter(Boolean)"


def search_bytes(site: Path, urls: list[str]) -> int:
    """Bytes of the search data files among the loaded resources."""
    total = 0
    for url in set(urls):
        path = Path(unquote(urlsplit(url).path))
        data = path.name == "search-index.js" or path.parent.name == "search"
        if path.is_file() and path.is_relative_to(site / "assets") and data:
            total += path.stat().st_size
    return total


def measure(browser: Browser, site: Path, queries: list[str], shot: Path | None) -> None:
    page = (site / "search.html").as_uri()
    for number, query in enumerate(queries):
        browser.send("Page.navigate", url=f"{page}?q={quote(query)}")
        browser.wait_for("window.__done !== null && window.__done !== undefined")
        first, done = browser.evaluate("[window.__first, window.__done]")  # type: ignore[misc]
        opened = search_bytes(site, browser.evaluate(LOADED))  # type: ignore[arg-type]
        other = queries[(number + 1) % len(queries)]
        browser.evaluate(
            "window.__first = null; window.__done = null;"
            f"window.__want = {json.dumps(other)}; window.__t0 = performance.now();"
            "const i = document.getElementById('search-input'); i.value = ''; i.focus();"
        )
        browser.send("Input.insertText", text=other)
        browser.wait_for("window.__done !== null")
        typed = browser.evaluate("[window.__first - window.__t0, window.__done - window.__t0]")
        after = search_bytes(site, browser.evaluate(LOADED))  # type: ignore[arg-type]
        print(
            f"{query!r:28} open: first {first / 1000:5.2f} s, snippets {done / 1000:5.2f} s, "
            f"{opened / 1e6:6.2f} MB | then typing {other!r}: first {typed[0] / 1000:5.2f} s, "  # type: ignore[index]
            f"snippets {typed[1] / 1000:5.2f} s, +{(after - opened) / 1e6:5.2f} MB"  # type: ignore[index]
        )
    if shot is not None:
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            width=1100,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        data = browser.send("Page.captureScreenshot", format="png")["data"]
        shot.write_bytes(base64.b64decode(data))
        print(f"screenshot: {shot}")


def article_page_bytes(browser: Browser, site: Path) -> None:
    article = next((site / "articles").rglob("*.html"))
    browser.send("Page.navigate", url=article.as_uri())
    browser.wait_for("document.readyState === 'complete'")
    print(
        f"an article page (no search box) loads {search_bytes(site, browser.evaluate(LOADED)) / 1e6:.2f} MB of search data"
    )  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", action="append", dest="queries")
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None or not (args.site / "search.html").is_file():
        print("needs headless Chromium and an exported site (SITE/search.html)")
        return 0
    site = args.site.resolve()
    data = site / "assets/search"
    parts = sum(p.stat().st_size for p in data.iterdir()) if data.is_dir() else 0
    whole = site / "assets/search-index.js"
    parts += whole.stat().st_size if whole.is_file() else 0
    print(
        f"site: {sum(1 for _ in (site / 'articles').rglob('*.html'))} articles, search data {parts / 1e6:.1f} MB"
    )
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(Path(profile), chromium)
        try:
            browser.attach(WATCH)
            article_page_bytes(browser, site)
            measure(browser, site, args.queries or QUERIES, args.screenshot)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
