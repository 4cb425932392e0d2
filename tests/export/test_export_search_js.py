"""The site's search JS, run in Node against the exported index."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from whoosh.lang.porter import stem

from kbeditor.export.searchdata import tokens

NODE = shutil.which("node") or shutil.which("nodejs")
pytestmark = pytest.mark.skipif(
    NODE is None, reason="Node.js is not installed (apt-get install nodejs)"
)

RUNNER = r"""
const fs = require("fs"), vm = require("vm");
const [engineFile, indexFile, requestFile] = process.argv.slice(2);
const KB = require(engineFile);
const sandbox = { window: {} };
vm.runInNewContext(fs.readFileSync(indexFile, "utf8"), sandbox);
const request = JSON.parse(fs.readFileSync(requestFile, "utf8"));
const engine = new KB.Engine(sandbox.window.KB_SEARCH_INDEX);
const out = {
  stems: request.words.map(KB.stem),
  tokens: request.texts.map(KB.tokenize),
  results: request.queries.map(q => engine.search(q, 5).map(r => ({url: r.url, snippet: r.snippet}))),
};
process.stdout.write(JSON.stringify(out));
"""


def run_node(tmp_path: Path, site: Path, words=(), texts=(), queries=()) -> dict:  # type: ignore[no-untyped-def]
    runner = tmp_path / "runner.js"
    runner.write_text(RUNNER, encoding="utf-8")
    request = tmp_path / "request.json"
    request.write_text(
        json.dumps({"words": list(words), "texts": list(texts), "queries": list(queries)}),
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            NODE,
            str(runner),
            str(site / "assets/search.js"),
            str(site / "assets/search-index.js"),
            str(request),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_js_stemmer_equals_the_apps_stemmer_on_the_whole_vocabulary(
    tmp_path: Path, corpus_site
) -> None:  # type: ignore[no-untyped-def]
    site, _ = corpus_site
    words = sorted(
        {
            w
            for path in sorted(Path(site).glob("articles/*.html"))[:300]
            for w in tokens(path.read_text(encoding="utf-8"))
        }
    )
    words += [
        "yearly",
        "ying",
        "caresses",
        "ponies",
        "agreed",
        "hopping",
        "filing",
        "relational",
        "generalization",
    ]
    assert len(words) > 5000
    got = run_node(tmp_path, site, words=words)["stems"]
    mismatches = [(w, s, stem(w)) for w, s in zip(words, got, strict=True) if s != stem(w)]
    assert mismatches == []


def test_js_tokenizer_matches_python(tmp_path: Path, sample_site) -> None:  # type: ignore[no-untyped-def]
    site, _ = sample_site
    texts = [
        "Outlook keeps asking: AADSTS50076 (sign-in)!",
        "Café über naïve 0x80070005 it's",
        "snake_case words",
    ]
    assert run_node(tmp_path, site, texts=texts)["tokens"] == [tokens(t) for t in texts]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outlook password", "articles/mail/outlook-keeps-asking-for-password.html"),
        ("outlok pasword", "articles/mail/outlook-keeps-asking-for-password.html"),  # typos
        ("bitlock", "articles/laptops/bitlocker-recovery-screen.html"),  # prefix
        ("docking station monitors black", "articles/laptops/docking-station-screens-blank.html"),
        ("AADSTS50076", "articles/accounts/sign-in-error-aadsts50076.html"),
        ("mileage claim", "articles/expenses/submit-a-mileage-claim.html"),
    ],
)
def test_search_finds_the_expected_article_first(
    tmp_path: Path, sample_site, query: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    site, _ = sample_site
    results = run_node(tmp_path, site, queries=[query])["results"][0]
    assert results and results[0]["url"] == expected, [r["url"] for r in results]
    snippet = results[0]["snippet"]
    assert snippet["text"] and (snippet["marks"] or query.startswith("AADSTS"))


def test_search_on_the_corpus_ranks_by_title_words(tmp_path: Path, corpus_site) -> None:  # type: ignore[no-untyped-def]
    site, _ = corpus_site
    results = run_node(
        tmp_path, site, queries=["calendar reminders dismissed", "nonexistentwordzzz"]
    )["results"]
    assert results[0][0]["url"].endswith("cannot-dismiss-outlook-calendar-reminders.html")
    assert results[1] == []
