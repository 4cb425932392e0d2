"""The site's search JS, run in Node against the exported index parts.

The runner loads parts the way a page does, one script at a time, and also
joins every part into one index in memory: searching both must give the same
results with the same scores, so splitting the index changed no ranking.
"""

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
const fs = require("fs"), path = require("path"), vm = require("vm");
const [engineFile, siteDir, requestFile] = process.argv.slice(2);
const KB = require(engineFile);
const sandbox = { window: {} };
vm.createContext(sandbox);
const folder = path.join(siteDir, "assets", "search");
const loaded = [];
function run(name) {
  vm.runInContext(fs.readFileSync(path.join(folder, name), "utf8"), sandbox);
}
run("manifest.js");
const manifest = sandbox.window.KB_SEARCH_MANIFEST;
const sharded = new KB.Sharded(manifest, (name, done) => {
  loaded.push(name);
  run(name);
  done(sandbox.window.KB_SEARCH_PARTS[name]);
});
// The whole index in memory, joined from every part.
function all(names) { return names.map(n => { run(n); return sandbox.window.KB_SEARCH_PARTS[n]; }); }
const terms = Object.assign({}, ...all(Object.values(manifest.shards)));
const metas = [].concat(...all(manifest.meta));
const texts = [].concat(...all(manifest.text));
const whole = new KB.Engine({
  stop: manifest.stop, lengths: manifest.lengths, terms: terms,
  docs: metas.map((d, i) => Object.assign({}, d, { x: texts[i][0], s: texts[i][1] })),
});
const request = JSON.parse(fs.readFileSync(requestFile, "utf8"));
const pick = r => ({url: r.url, score: r.score, snippet: r.snippet});
const results = [], wholeResults = [], parts = [];
for (const q of request.queries) {
  loaded.length = 0;
  let got = null;
  sharded.search(q, request.limit, (rs, complete) => { if (complete) got = rs.map(pick); });
  results.push(got);
  parts.push(loaded.slice());
  wholeResults.push(whole.search(q, request.limit).map(pick));
}
process.stdout.write(JSON.stringify({
  stems: request.words.map(KB.stem),
  tokens: request.texts.map(KB.tokenize),
  results, wholeResults, parts,
}));
"""


def run_node(tmp_path: Path, site: Path, words=(), texts=(), queries=(), limit=5) -> dict:  # type: ignore[no-untyped-def]
    runner = tmp_path / "runner.js"
    runner.write_text(RUNNER, encoding="utf-8")
    request = tmp_path / "request.json"
    request.write_text(
        json.dumps(
            {"words": list(words), "texts": list(texts), "queries": list(queries), "limit": limit}
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            NODE,
            str(runner),
            str(site / "assets/search.js"),
            str(site),
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


QUERIES = [
    "outlook password",
    "outlok pasword",  # one typo each
    "calender reminders dismised",
    "authentification certificate",  # two typos in a long word
    "bitlock",  # a prefix
    "sign in error",
    "printer offline windows",
    "AADSTS50076",
    "0x80070005 access denied",
    "exchange online mailbox permissions",
    "teams",
    "constructor",  # a name every JavaScript object has
    "zzzzqqq",
]


def test_the_parts_rank_exactly_like_the_whole_index(tmp_path: Path, corpus_site) -> None:  # type: ignore[no-untyped-def]
    site, _ = corpus_site
    out = run_node(tmp_path, site, queries=QUERIES, limit=30)
    assert out["results"] == out["wholeResults"]
    assert sum(1 for r in out["results"] if r) >= 10  # most queries find something


def test_a_query_loads_only_the_parts_it_needs(tmp_path: Path, corpus_site) -> None:  # type: ignore[no-untyped-def]
    site, _ = corpus_site
    out = run_node(tmp_path, site, queries=["outlook password", "outlok pasword"], limit=30)
    (exact, typos), (found, _) = out["parts"], out["results"]

    def kinds(names: list[str]) -> dict[str, int]:
        return {k: sum(1 for n in names if n.startswith(k + "-")) for k in "tvwmx"}

    # two words: their two shards, no vocabulary, titles and snippets of 30 results at most
    assert kinds(exact)["t"] == 2 and kinds(exact)["v"] == kinds(exact)["w"] == 0
    assert 1 <= kinds(exact)["x"] <= len(found) == 30
    # one typo a word: the vocabulary of nearby lengths and the same first letter; the
    # shards of the terms found near ("outlook", "password") came with the first query
    assert kinds(typos)["v"] == 0 and 1 <= kinds(typos)["w"] <= 6 and kinds(typos)["t"] == 0
    manifest = (Path(site) / "assets/search/manifest.js").read_text(encoding="utf-8")
    assert len(manifest) < 100_000
