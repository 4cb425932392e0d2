"""Loading rule files: bad input gives one clear error per file and the other rules still load."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbeditor.article import load_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.examples import run_examples
from kbeditor.lint.kinds import names, registry
from kbeditor.lint.rules import load_style
from kbeditor.lint.settings import BUNDLED_STYLES

GOOD = "extends: existence\nmessage: \"'%s'\"\ntokens: [foo]\n"

BAD = {
    "BadYaml": ("extends: existence\nmessage: 'unclosed\ntokens: [foo\n", None, "not valid YAML"),
    "UnknownKind": (
        "extends: existance\nmessage: x\ntokens: [foo]\n",
        "extends",
        "unknown rule kind 'existance'",
    ),
    "BadRegex": (
        "extends: existence\nmessage: x\ntokens: ['foo(bar']\n",
        "tokens",
        "not a valid regular expression",
    ),
    "BadSwap": (
        "extends: substitution\nmessage: x\nswap:\n  '[a-': b\n",
        "swap",
        "not a valid regular expression",
    ),
    "NoMessage": ("extends: existence\ntokens: [foo]\n", "message", "missing"),
    "NoTokens": ("extends: existence\nmessage: x\n", "tokens", "needs 'tokens' or 'raw'"),
    "NoExtends": ("message: x\ntokens: [foo]\n", "extends", "missing"),
    "BadLevel": (
        "extends: existence\nmessage: x\nlevel: fatal\ntokens: [foo]\n",
        "level",
        "'fatal' is not a level",
    ),
    "BadType": ("extends: existence\nmessage: x\ntokens: foo\n", "tokens", "must be list"),
    "BadScope": (
        "extends: existence\nmessage: x\nscope: footer\ntokens: [foo]\n",
        "scope",
        "unknown scope 'footer'",
    ),
    # A kind that reads the whole article would silently ignore a scope.
    "ScopeIgnored": (
        "extends: kb_heading_levels\nmessage: x\nscope: heading\n",
        "scope",
        "a kb_heading_levels rule reads the whole article, so 'scope' would be ignored",
    ),
    "BadCategory": (
        "extends: existence\nmessage: x\ncategory: tone\ntokens: [foo]\n",
        "category",
        "'tone' is not a category",
    ),
    "BadAudience": (
        "extends: existence\nmessage: x\naudiences: [managers]\ntokens: [foo]\n",
        "audiences",
        "'managers' is not one of",
    ),
    "BadExamples": (
        "extends: existence\nmessage: x\nexamples: {fire: [a]}\ntokens: [foo]\n",
        "examples",
        "unknown key 'fire'",
    ),
    "BadFormula": (
        "extends: metric\nmessage: x\nformula: words / paragraphs + nonsense\ncondition: '> 1.0'\n",
        "formula",
        "unknown variable 'nonsense'",
    ),
    # A quoted constant used to load and then stop the whole lint run with a ValueError.
    "TextInFormula": (
        "extends: metric\nmessage: x\nformula: words / 'many'\ncondition: '> 1.0'\n",
        "formula",
        "only numbers, variables",
    ),
    "NotMapping": ("- just\n- a list\n", None, "must be a YAML mapping"),
    "OutOfPlaceWithoutHeadings": (
        "extends: kb_out_of_place\nmessage: x\nphrases: [because]\n",
        "headings",
        "headings",
    ),
    "TitleWithoutPhrases": ("extends: kb_title\nmessage: x\n", "opens_with", "opens_with"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_rule_gives_one_clear_error_and_the_rest_still_load(styles, name):
    source, field, words = BAD[name]
    styles.rule("Good", GOOD)
    path = styles.rule(name, source)
    result = load_style(styles.root / "Test")
    assert [r.id for r in result.rules] == ["Test.Good"]
    assert len(result.errors) == 1
    (error,) = result.errors
    text = str(error)
    assert text.startswith(str(path)), text
    assert words in text, text
    assert "\n" not in text
    if field:
        assert error.field == field and f"'{field}'" in text


def test_scope_on_every_document_level_kind_is_refused_naming_the_file(styles):
    documents = sorted(k for k, m in registry().items() if getattr(m, "DOCUMENT", False))
    assert {"kb_sections", "kb_heading_levels", "kb_lifecycle"} <= set(documents)
    for kind in documents:
        styles.rule(kind, f"extends: {kind}\nmessage: x\nscope: paragraph\n")
    result = load_style(styles.root / "Test")
    assert result.rules == []
    assert sorted(e.path.stem for e in result.errors if e.path) == documents
    for error in result.errors:
        text = str(error)
        assert text.startswith(f"{error.path}:3"), text  # the file and the line of 'scope'
        assert "'scope' would be ignored" in text and "\n" not in text


def test_bad_yaml_error_names_the_line(styles):
    path = styles.rule("Broken", "extends: existence\nmessage: x\ntokens:\n  - foo\n bar: [\n")
    (error,) = load_style(styles.root / "Test").errors
    assert str(error).startswith(f"{path}:")
    assert error.line is not None and error.line >= 4


def test_unsupported_kinds_load_as_one_notice_each_and_are_skipped(styles):
    styles.rule("Good", GOOD)
    for kind in ("sequence", "script"):
        styles.rule(kind.title(), f"extends: {kind}\nmessage: x\n")
    result = load_style(styles.root / "Test")
    assert [r.id for r in result.rules] == ["Test.Good"]
    assert result.errors == []
    assert len(result.notices) == 2
    for kind, notice in zip(("script", "sequence"), result.notices, strict=True):
        assert f"rule kind '{kind}' is not supported yet" in str(notice)
        assert str(notice).startswith(str(styles.root / "Test" / f"{kind.title()}.yml"))


def test_every_kind_is_registered():
    assert {
        "existence",
        "substitution",
        "occurrence",
        "repetition",
        "consistency",
        "conditional",
        "capitalization",
        "metric",
        "readability",
        "spelling",
    } <= set(names())


def test_every_vale_style_loads_and_runs_over_corpus_articles(vale_styles_dir, corpus_articles):
    folders = [
        pkg / pkg.name for pkg in sorted(vale_styles_dir.iterdir()) if (pkg / pkg.name).is_dir()
    ]
    assert len(folders) == 6
    files = sum(len(list(f.glob("*.yml"))) for f in folders)
    linter = Linter.from_styles(folders)
    # Google.Colons uses a variable-width look-behind: Python's re refuses it, and it runs
    # on the regex package as Vale's regexp2 runs it.
    assert len(linter.rules) + len(linter.notices) == files, [str(e) for e in linter.errors]
    assert "Google.Colons" in {r.id for r in linter.rules}
    found = set()
    for path in corpus_articles[:25]:
        diags = linter.lint(load_article(path))
        assert not [d for d in diags if d.rule == "kbeditor.RuleFailed"]
        found.update(d.rule for d in diags)
    assert {"Microsoft.Passive", "write-good.E-Prime", "Google.Acronyms"} <= found


def test_bundled_styles_load_without_errors_and_their_examples_pass():
    for folder in sorted(p for p in BUNDLED_STYLES.iterdir() if p.is_dir() and p.name[0].isupper()):
        result = load_style(folder)
        assert result.errors == [], [str(e) for e in result.errors]
        failures = [r.describe() for r in run_examples(result.rules) if not r.ok]
        assert failures == []


def test_go_regex_syntax_is_translated(styles):
    styles.rule(
        "Posix",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens: ['[[:digit:]]+[[:alpha:]]']\n",
    )
    styles.rule("Flags", "extends: existence\nmessage: '%s'\ntokens: ['(?i)wifi', 'LAN']\n")
    styles.rule("Named", "extends: existence\nmessage: '%s'\nraw: ['(?<word>zebra)s']\n")
    diags = styles.lint("Buy 5G and WiFi on a lan or LAN with zebras.\n")
    assert [(d.rule, d.match) for d in diags] == [
        ("Test.Posix", "5G"),
        ("Test.Flags", "WiFi"),
        ("Test.Flags", "LAN"),
        ("Test.Named", "zebras"),
    ]


def test_a_look_behind_of_varying_width_runs_as_vale_runs_it(styles):
    # Python's re refuses "(?<![0-9]+ )"; Vale's regexp2 and the regex package accept it.
    styles.rule("Fruit", "extends: existence\nmessage: '%s'\ntokens: ['(?<![0-9]+ )apples']\n")
    diags = styles.lint("Buy 12 apples, then wash the apples.\n")
    assert [(d.rule, d.match, d.column) for d in diags] == [("Test.Fruit", "apples", 30)]


def test_rule_ids_come_from_folder_and_file(tmp_path: Path):
    folder = tmp_path / "House"
    folder.mkdir()
    (folder / "NoJargon.yml").write_text(GOOD, encoding="utf-8")
    (folder / "notes.txt").write_text("not a rule", encoding="utf-8")
    assert [r.id for r in load_style(folder).rules] == ["House.NoJargon"]
