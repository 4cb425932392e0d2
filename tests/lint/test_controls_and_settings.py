"""In-document controls, workspace configuration (kbeditor.toml, .vale.ini) and vocabularies."""

from __future__ import annotations

import textwrap
from pathlib import Path

from kbeditor.article import load_article, parse_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.settings import find_vale_ini, settings_for

RULE = "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\nignorecase: true\ntokens: [simply]\n"
OTHER = "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\nignorecase: true\ntokens: [obviously]\n"


def test_vale_off_on_and_per_rule_and_per_style_controls(styles):
    styles.rule("Simple", RULE)
    styles.rule("Obvious", OTHER)
    text = textwrap.dedent(
        """\
        Simply one. Obviously one.

        <!-- vale off -->

        Simply two. Obviously two.

        <!-- vale on -->

        <!-- vale Test.Simple = NO -->

        Simply three. Obviously three.

        <!-- vale Test.Simple = YES -->

        <!-- vale Test = NO -->

        Simply four. Obviously four.

        <!-- vale Test = YES -->

        Simply five.
        """
    )
    diags = styles.lint(text)
    assert [(d.rule, d.line) for d in diags] == [
        ("Test.Simple", 1),
        ("Test.Obvious", 1),
        ("Test.Obvious", 11),
        ("Test.Simple", 21),
    ]


def test_ignore_here_wraps_the_paragraph_and_silences_only_that_rule(styles):
    from kbeditor.lint.engine import ignore_here

    styles.rule("Simple", RULE)
    styles.rule("Obvious", OTHER)
    linter = styles.linter()
    article = parse_article("Intro simply.\n\nSimply do it. Obviously.\n\nLater simply.\n")
    target = [d for d in linter.lint(article) if d.line == 3 and d.rule == "Test.Simple"][0]
    new_text = ignore_here(article, target)
    assert (
        "<!-- vale Test.Simple = NO -->\n\nSimply do it. Obviously.\n\n<!-- vale Test.Simple = YES -->"
        in new_text
    )
    after = linter.lint(parse_article(new_text))
    assert sorted((d.rule, d.match) for d in after) == [
        ("Test.Obvious", "Obviously"),
        ("Test.Simple", "simply"),
        ("Test.Simple", "simply"),
    ]


def _workspace(tmp_path: Path, config: str, config_name: str = "kbeditor.toml") -> Path:
    root = tmp_path / "kb"
    (root / "styles" / "House").mkdir(parents=True)
    (root / "styles" / "House" / "Simple.yml").write_text(RULE, encoding="utf-8")
    (root / "styles" / "House" / "Obvious.yml").write_text(OTHER, encoding="utf-8")
    (root / config_name).write_text(textwrap.dedent(config), encoding="utf-8")
    (root / "a.md").write_text(
        "Simply put, obviously GitHub and Github and frobnicate.\n", encoding="utf-8"
    )
    return root


def rules_found(linter: Linter, path: Path) -> list[tuple[str, str, str]]:
    return [(d.rule, d.severity, d.match) for d in linter.lint(load_article(path))]


def test_kbeditor_toml_styles_levels_rules_and_vocab(tmp_path):
    root = _workspace(
        tmp_path,
        """
        [lint]
        styles = ["House"]
        styles_path = "styles"
        min_level = "suggestion"
        rules = { "House.Obvious" = "off", "House.Simple" = "error" }
        accept = ["GitHub"]
        reject = ["frobnicate"]
        """,
    )
    linter = Linter.for_workspace(root)
    assert rules_found(linter, root / "a.md") == [
        ("House.Simple", "error", "Simply"),
        ("Vale.Terms", "error", "Github"),
        ("Vale.Avoid", "error", "frobnicate"),
    ]


def test_vale_ini_is_found_in_a_parent_and_read_as_vale_reads_it(tmp_path):
    root = _workspace(
        tmp_path,
        """
        StylesPath = styles
        MinAlertLevel = warning
        Vocab = Team

        [*.md]
        BasedOnStyles = House
        House.Obvious = NO
        House.Simple = error
        """,
        ".vale.ini",
    )
    vocab = root / "styles" / "config" / "vocabularies" / "Team"
    vocab.mkdir(parents=True)
    (vocab / "accept.txt").write_text("GitHub\n", encoding="utf-8")
    (vocab / "reject.txt").write_text("frobnicate\n", encoding="utf-8")
    sub = root / "docs" / "deep"
    sub.mkdir(parents=True)
    article = sub / "b.md"
    article.write_text((root / "a.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert find_vale_ini(sub) == root / ".vale.ini"
    settings = settings_for(sub)
    assert settings.styles == ["House"] and settings.min_level == "warning"
    linter = Linter.from_settings(settings)
    assert rules_found(linter, article) == [
        ("House.Simple", "error", "Simply"),
        ("Vale.Terms", "error", "Github"),
        ("Vale.Avoid", "error", "frobnicate"),
    ]


def test_vale_ini_older_vocab_folder_and_min_level_filter(tmp_path):
    root = _workspace(
        tmp_path,
        "StylesPath = styles\nMinAlertLevel = error\nVocab = Old\n[*]\nBasedOnStyles = House\n",
        ".vale.ini",
    )
    old = root / "styles" / "Vocab" / "Old"
    old.mkdir(parents=True)
    (old / "accept.txt").write_text("# comment\nSimply\n", encoding="utf-8")
    linter = Linter.for_workspace(root)
    # Simple (a warning) is below MinAlertLevel; the accepted word is not flagged by a rule that would.
    assert rules_found(linter, root / "a.md") == [("House.Obvious", "error", "obviously")]
    settings = linter.settings
    settings.min_level = "suggestion"
    assert [d.match for d in Linter.from_settings(settings).lint(load_article(root / "a.md"))] == [
        "obviously"
    ]


def test_without_configuration_the_bundled_kb_style_is_used(tmp_path):
    (tmp_path / "a.md").write_text("# T\n\nSimply restart.\n", encoding="utf-8")
    linter = Linter.for_workspace(tmp_path)
    assert linter.rules and all(r.style in ("KB", "Vale") for r in linter.rules)
    assert any(r.style == "KB" for r in linter.rules)


def test_add_to_accepted_words_writes_the_workspace_vocabulary(tmp_path):
    from kbeditor.lint.engine import accept_word

    root = _workspace(tmp_path, '[lint]\nstyles = ["House"]\nstyles_path = "styles"\n')
    linter = Linter.for_workspace(root)
    assert [d.match for d in linter.lint(load_article(root / "a.md"))] == ["Simply", "obviously"]
    vocab_file = linter.settings.vocab_file()
    assert accept_word(vocab_file, "Simply") is True
    assert accept_word(vocab_file, "Simply") is False
    assert vocab_file.read_text(encoding="utf-8") == "Simply\n"
    relinted = Linter.for_workspace(root)
    assert [d.match for d in relinted.lint(load_article(root / "a.md"))] == ["obviously"]


def test_config_problems_are_reported_not_fatal(tmp_path):
    root = _workspace(
        tmp_path,
        '[lint]\nstyles = ["House", "Missing"]\nstyles_path = "styles"\nmin_level = "loud"\n',
    )
    linter = Linter.for_workspace(root)
    assert any("min_level" in str(p) for p in linter.settings.problems)
    assert any("style 'Missing' not found" in str(e) for e in linter.errors)
    assert {r.id for r in linter.rules} == {"House.Simple", "House.Obvious"}


def test_safe_fix_edits_take_safe_fixes_only_and_skip_overlaps(styles):
    from kbeditor.lint.edits import safe_fix_edits

    styles.rule("Simple", RULE + "safe: true\naction:\n  name: remove\n")
    styles.rule(
        "Phrase",
        RULE.replace("[simply]", "['simply put']") + "safe: true\naction:\n  name: remove\n",
    )
    styles.rule("Obvious", OTHER + "action:\n  name: remove\n")  # not marked safe
    text = "Simply put, obviously. Simply go.\n"
    diags = styles.linter().lint(parse_article(text))
    assert sorted(d.rule for d in diags if d.fix) == [
        "Test.Obvious", "Test.Phrase", "Test.Simple", "Test.Simple",
    ]  # fmt: skip
    edits = safe_fix_edits(diags)
    assert [(e.start, e.end, e.text) for e in edits] == [(0, 6, ""), (23, 29, "")]
