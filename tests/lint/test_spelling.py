"""The spelling kind: Vale's fields on real Hunspell files, the bundled English dictionary,
KB.Spelling's support-team words, and Vale.Spelling / Vale.Repetition from a .vale.ini."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kbeditor.article import load_article, parse_article
from kbeditor.lint.engine import Linter
from kbeditor.lint.settings import BUNDLED_STYLES, settings_for


def found(diags: list) -> list[str]:
    return [d.match for d in diags]


AFF = "SET UTF-8\nTRY esianrtolcdugmphbyfvkwz\nSFX S Y 1\nSFX S 0 s .\n"
DIC = "2\nfrobnicator/S\nwidget/S\n"


# The team's own article: KB.Spelling does not run on imported ones (no type or audience).
OWN = "---\ntitle: Test\ntype: troubleshooting\naudience: end-user\n---\n"


def test_kb_spelling_does_not_run_on_an_imported_article():
    linter = Linter.from_styles([BUNDLED_STYLES / "KB"])
    text = "Restart the computr and open flarpex.\n"
    assert [d for d in linter.lint(parse_article(text)) if d.rule == "KB.Spelling"] == []
    own = [d for d in linter.lint(parse_article(OWN + text)) if d.rule == "KB.Spelling"]
    assert found(own) == ["computr", "flarpex"]


def _dictionary(folder: Path, name: str = "team") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.aff").write_text(AFF, encoding="utf-8")
    (folder / f"{name}.dic").write_text(DIC, encoding="utf-8")
    return folder


def test_bundled_dictionary_flags_typos_and_suggests_the_intended_word_first(styles):
    styles.rule("Spell", "extends: spelling\nmessage: \"Did you really mean '%s'?\"\n")
    (d,) = styles.lint("Restart the computr.\n")
    assert d.match == "computr" and d.message == "Did you really mean 'computr'?"
    assert d.fix is not None and d.fix.replacement == "computer" and d.fix.safe is False
    diags = styles.lint("We recieve mail on the Sevrer.\n")
    assert found(diags) == ["recieve", "Sevrer"]
    assert diags[0].fix.replacement == "receive"
    assert diags[1].fix.replacement == "Server"  # the capitalisation of the typo is kept


def test_vale_default_filters_skip_mixed_case_capitals_and_non_letters_unless_custom(styles):
    text = "Open OneDrive and iOS settings for KB5034441, Get-Mailbox and v2 on the API.\n"
    styles.rule("Spell", "extends: spelling\nmessage: x\n")
    assert found(styles.lint(text)) == []
    styles.rule("Spell", "extends: spelling\nmessage: x\ncustom: true\n")
    assert "OneDrive" in found(styles.lint(text))


def test_filters_and_ignore_files(styles):
    (styles.root / "words.txt").write_text("# team words\nfrobnicator\nZorbo\n", encoding="utf-8")
    styles.rule(
        "Spell",
        """\
        extends: spelling
        message: x
        filters:
          - '[Qq]uux\\w*'
        ignore: words.txt
        """,
    )
    text = "The frobnicator and Frobnicator talk to Zorbo, not zorbo, through quuxes and flarp.\n"
    assert found(styles.lint(text)) == ["zorbo", "flarp"]


def test_dicpath_and_dictionaries_replace_the_default_unless_append(styles):
    _dictionary(styles.root / "dicts")
    body = "extends: spelling\nmessage: x\ndicpath: dicts\ndictionaries: [team]\n"
    styles.rule("Spell", body)
    assert found(styles.lint("The widgets frobnicators.\n")) == ["The"]
    styles.rule("Spell", body + "append: true\n")
    assert found(styles.lint("The widgets and frobnicators.\n")) == []


def test_missing_dictionary_is_a_rule_error_naming_the_field(styles):
    styles.rule("Spell", "extends: spelling\nmessage: x\ndictionaries: [nowhere]\n")
    linter = styles.linter()
    (error,) = linter.errors
    assert "'dictionaries'" in str(error) and "nowhere.dic" in str(error)


def test_accepted_vocabulary_is_never_flagged(styles):
    styles.rule("Spell", "extends: spelling\nmessage: x\n")
    assert found(styles.lint("Ask Zorbo.\n", accept=["Zorbo"])) == []
    assert found(styles.lint("Ask Zorbo.\n")) == ["Zorbo"]


def test_code_urls_front_matter_and_quoted_errors_are_never_checked(styles):
    styles.rule("Spell", "extends: spelling\nmessage: x\n")
    text = """\
    ---
    title: Flarpy zorbos
    ---
    Run `flarpctl --zorb` or see https://example.com/flarpy and the error "Zorbo flarped".

    ```
    flarpy zorbo
    ```
    """
    assert found(styles.lint(text)) == []


def test_kb_spelling_knows_support_words_shapes_and_the_article_names():
    linter = Linter.from_styles([BUNDLED_STYLES / "KB"])
    text = textwrap.dedent(
        """\
        ---
        title: Sign-in fails
        type: troubleshooting
        audience: end-user
        product: Contoso Zorbix
        tags: [flarpnet]
        ---
        Run the cmdlet and check the subkey, the hotfix and the GUIDs in Zorbix on flarpnet.
        Check the MFCMapi log in eDiscovery, and the mailbox in Entra. Restart the computr.
        """
    )
    diags = [d for d in linter.lint(parse_article(text)) if d.rule == "KB.Spelling"]
    assert found(diags) == ["computr"]


def test_kb_spelling_reports_a_repeated_unknown_word_once_as_a_word_to_add():
    linter = Linter.from_styles([BUNDLED_STYLES / "KB"])
    text = (
        OWN + "Open flarpex. The flarpex shows the list. Close flarpex and restart the computr.\n"
    )
    diags = [d for d in linter.lint(parse_article(text)) if d.rule == "KB.Spelling"]
    assert found(diags) == ["flarpex", "computr"]
    assert "used 3 times" in diags[0].message and "team's words" in diags[0].message
    assert diags[0].fix is None


def test_kb_spelling_accepts_regular_forms_compounds_file_types_and_names_mid_sentence():
    linter = Linter.from_styles([BUNDLED_STYLES / "KB"])

    def flagged(body: str) -> list[str]:
        diags = linter.lint(parse_article(OWN + body))
        return found(d for d in diags if d.rule == "KB.Spelling")

    # The dictionary's affix rules on any known word, and a prefix before one.
    text = "Clear the activations, reinstalls it on unmanaged devices and nonbrowser apps.\n"
    assert flagged(text) == []
    # ... but not a form one slip from a known word, nor the consonant-doubling slip.
    assert flagged("Wait untill the sync occured, then restart.\n") == ["untill", "occured"]
    # Two known words written as one, but not a function word run into another word.
    assert flagged("Open the timesheet and select the checkboxes.\n") == []
    assert flagged("Verify that you have a license assigned to youin the portal.\n") == ["youin"]
    # A word right after a dot is a file name extension.
    assert flagged("Save the project (.adp) as an .accde file.\n") == []
    # A capitalised word inside a sentence is a name; at the start of a sentence it is not,
    # nor is a name one slip from a common word or run into a function word.
    assert flagged("This article was written by Alan Umanos and Taylor Haveliwala.\n") == []
    assert flagged("Haveliwala wrote this article.\n") == ["Haveliwala"]
    text = "Click the Propert Sheet icon and check the Known to Systemand Passport values.\n"
    assert flagged(text) == ["Propert", "Systemand"]
    # A word the article writes as inline code is an identifier in its prose too.
    text = "The fixup protocol smtp command fails. Type `no fixup protocol smtp 25`.\n"
    assert flagged(text) == []
    assert flagged("The fixup protocol smtp setting fails.\n") == ["fixup", "smtp"]


def test_kb_spelling_with_the_workspace_words_offers_a_shared_word_and_accepts_all_names():
    from kbeditor.lint.workspace_words import WorkspaceWords

    linter = Linter.from_styles([BUNDLED_STYLES / "KB"])
    others = [
        parse_article(OWN + "Open the flarpex console.\n"),
        parse_article(OWN + "The flarpex console is slow.\n"),
        parse_article(OWN.replace("---\n", "---\nproduct: Zorbix\n", 1) + "About it.\n"),
    ]
    mine = parse_article(OWN + "Restart flarpex and zorbix, then the computr.\n")

    def flagged() -> list[tuple[str, str]]:
        diags = [d for d in linter.lint(mine) if d.rule == "KB.Spelling"]
        return [(d.match, d.message) for d in diags]

    alone = flagged()
    assert [w for w, _ in alone] == ["flarpex", "zorbix", "computr"]
    linter.words = WorkspaceWords.build([*others, mine])
    shared = flagged()
    assert [w for w, _ in shared] == ["flarpex", "computr"]  # Zorbix: another article's product
    assert shared[0][1] == (
        "'flarpex' is used in 3 articles of this workspace and no dictionary knows it: "
        "add it to the team's words if it is right."
    )
    assert shared[1][1] == "Check the spelling of 'computr'."


def test_relint_after_an_edit_matches_a_full_lint(styles):
    styles.rule("Spell", "extends: spelling\nmessage: x\n")
    linter = styles.linter()
    first = parse_article("One paragraph is fine.\n\nAnother has a typpo.\n")
    previous = linter.check(first)
    edited = parse_article("One paragrap is fine.\n\nAnother has a typpo.\n")
    assert linter.relint(edited, previous).diagnostics == linter.check(edited).diagnostics
    assert found(linter.relint(edited, previous).diagnostics) == ["paragrap", "typpo"]


@pytest.fixture
def vale_workspace(tmp_path: Path) -> Path:
    (tmp_path / ".vale.ini").write_text(
        "StylesPath = styles\nMinAlertLevel = suggestion\nVocab = Team\n\n[*.md]\nBasedOnStyles = Vale\n",
        encoding="utf-8",
    )
    vocab = tmp_path / "styles" / "config" / "vocabularies" / "Team"
    vocab.mkdir(parents=True)
    (vocab / "accept.txt").write_text("Zorbo\n", encoding="utf-8")
    ignore = tmp_path / "styles" / "config" / "ignore"
    ignore.mkdir(parents=True)
    (ignore / "names.txt").write_text("flarpnet\n", encoding="utf-8")
    return tmp_path


def test_vale_style_brings_vale_spelling_and_repetition(vale_workspace):
    linter = Linter.for_workspace(vale_workspace)
    assert {"Vale.Spelling", "Vale.Repetition"} <= {r.id for r in linter.rules}
    text = "Zorbo runs on flarpnet and the the widgit.\n"
    diags = linter.lint(parse_article(text))
    assert [(d.rule, d.match, d.message) for d in diags] == [
        ("Vale.Repetition", "the the", "'the' is repeated!"),
        ("Vale.Spelling", "widgit", "Did you really mean 'widgit'?"),
    ]
    assert diags[0].fix is not None and diags[0].fix.replacement == "the"
    assert [f.replacement for f in (diags[1].fix, *diags[1].alternatives)][:1] == ["widget"]


def test_vale_config_dictionaries_folder_is_loaded_for_vale_spelling(vale_workspace):
    _dictionary(vale_workspace / "styles" / "config" / "dictionaries")
    linter = Linter.for_workspace(vale_workspace)
    assert found(linter.lint(parse_article("A frobnicator and a frobnicatr.\n"))) == ["frobnicatr"]


def test_without_the_vale_style_only_rules_turned_on_run(vale_workspace):
    ini = vale_workspace / ".vale.ini"
    ini.write_text(
        "StylesPath = styles\n[*.md]\nBasedOnStyles =\nVale.Spelling = YES\n", encoding="utf-8"
    )
    ids = {r.id for r in Linter.from_settings(settings_for(vale_workspace)).rules}
    assert "Vale.Spelling" in ids and "Vale.Repetition" not in ids


def test_kb_spelling_skips_one_word_in_italics_but_not_in_bold():
    linter = Linter.from_styles([BUNDLED_STYLES / "KB"])
    text = (
        OWN + "Type *flarpreset* and press Enter, then open **Flarpex settings** and _zorbcfg_.\n"
    )
    diags = [d for d in linter.lint(parse_article(text)) if d.rule == "KB.Spelling"]
    assert found(diags) == []
    text = OWN + "Type flarpreset and press Enter, then *restart the computr*.\n"
    diags = [d for d in linter.lint(parse_article(text)) if d.rule == "KB.Spelling"]
    assert found(diags) == ["flarpreset", "computr"]


def test_ignore_in_this_article_writes_a_comment_the_rule_reads(styles):
    from kbeditor.lint.edits import ignore_word_in_article

    styles.rule("Spell", "extends: spelling\nmessage: x\n")
    linter = styles.linter()
    text = "---\ntitle: Zorbo\n---\nZorbo and Flarpex fail.\n"
    assert found(linter.lint(parse_article(text))) == ["Zorbo", "Flarpex"]
    once = ignore_word_in_article(parse_article(text), "Zorbo")
    assert once.startswith("---\ntitle: Zorbo\n---\n<!-- spelling-ignore: Zorbo -->\n\nZorbo and")
    assert found(linter.lint(parse_article(once))) == ["Flarpex"]
    twice = ignore_word_in_article(parse_article(once), "Flarpex")
    assert "<!-- spelling-ignore: Zorbo Flarpex -->" in twice
    assert found(linter.lint(parse_article(twice))) == []
    assert ignore_word_in_article(parse_article(twice), "Zorbo") == twice


def test_vale_and_microsoft_styles_run_as_vale_runs_them_spelling_included(
    tmp_path, vale_styles_dir
):
    styles = vale_styles_dir / "Microsoft"
    (tmp_path / ".vale.ini").write_text(
        f"StylesPath = {styles}\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = Vale, Microsoft\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.md"
    article.write_text("You can use e.g. the the settings to chnage it.\n", encoding="utf-8")
    linter = Linter.for_workspace(tmp_path)
    assert not linter.errors and not linter.notices
    got = {(d.rule, d.match) for d in linter.lint(load_article(article))}
    assert {
        ("Vale.Spelling", "chnage"),
        ("Vale.Repetition", "the the"),
        ("Microsoft.Foreign", "e.g. "),
    } <= got
