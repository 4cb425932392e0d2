"""Each Vale kind against real rule files and real Markdown, as a writer would see the alerts."""

from __future__ import annotations


def matches(diags, rule=None):
    return [d.match for d in diags if rule is None or d.rule == rule]


def test_existence_tokens_ignorecase_and_message(styles):
    styles.rule(
        "Hedging",
        """
        extends: existence
        message: "Avoid '%s'."
        level: warning
        ignorecase: true
        tokens:
          - simply
          - as everyone knows
        """,
    )
    diags = styles.lint("# Fix it\n\nSimply restart. As everyone knows, it helps.\n")
    assert matches(diags) == ["Simply", "As everyone knows"]
    assert diags[0].message == "Avoid 'Simply'."
    assert diags[0].severity == "warning" and diags[0].rule == "Test.Hedging"
    assert (diags[0].line, diags[0].column, diags[0].end_column) == (3, 1, 7)


def test_existence_word_boundaries_nonword_raw_and_exceptions(styles):
    styles.rule("Word", "extends: existence\nmessage: '%s'\ntokens: [cat]\n")
    styles.rule("Part", "extends: existence\nmessage: '%s'\nnonword: true\ntokens: [cat]\n")
    styles.rule("Raw", "extends: existence\nmessage: '%s'\nraw: ['\\b\\d+', '\\s?%']\n")
    styles.rule(
        "Except", "extends: existence\nmessage: '%s'\ntokens: ['[A-Z]{3}']\nexceptions: [USB]\n"
    )
    diags = styles.lint("The cat sat on a catalogue with 50 % and 20% off a USB and NFC port.\n")
    assert matches(diags, "Test.Word") == ["cat"]
    assert matches(diags, "Test.Part") == ["cat", "cat"]
    assert matches(diags, "Test.Raw") == ["50 %", "20%"]
    assert matches(diags, "Test.Except") == ["NFC"]


def test_existence_never_reports_inside_code_front_matter_urls_html_or_comments(styles):
    styles.rule("Bad", "extends: existence\nmessage: '%s'\ntokens: [badword]\n")
    text = """\
    ---
    title: badword in the title field
    ---
    # Heading

    Inline `badword` and a [link](https://example.com/badword) and <span title="badword">x</span>.
    https://example.com/badword/page

    ```
    badword in fenced code
    ```

        badword in indented code

    <!-- badword in a comment -->

    A real badword here.
    """
    diags = styles.lint(text)
    assert [(d.match, d.line) for d in diags] == [("badword", 17)]


def test_existence_action_remove_gives_a_fix(styles):
    styles.rule(
        "Remove", "extends: existence\nmessage: '%s'\ntokens: [really]\naction:\n  name: remove\n"
    )
    (diag,) = styles.lint("It really works.\n")
    assert diag.fix is not None and diag.fix.replacement == "" and not diag.fix.safe
    assert diag.fix.title == "Remove 'really'"


def test_substitution_swap_message_fix_regex_keys_and_alternatives(styles):
    styles.rule(
        "Plain",
        """
        extends: substitution
        message: "Use '%s' instead of '%s'."
        ignorecase: true
        safe: true
        swap:
          authentication handshake: sign-in check
          '(?:give|gave) rise to': lead to
          'within the (\\w+) folder': in the $1 folder
          VLAN: network|company network
        """,
    )
    text = "The authentication handshake failed. It gave rise to errors within the Documents folder on the VLAN.\n"
    diags = styles.lint(text)
    assert [d.message for d in diags] == [
        "Use 'sign-in check' instead of 'authentication handshake'.",
        "Use 'lead to' instead of 'gave rise to'.",
        "Use 'in the Documents folder' instead of 'within the Documents folder'.",
        "Use 'network' or 'company network' instead of 'VLAN'.",  # Vale: no doubled quotes
    ]
    first = diags[0]
    assert first.fix.replacement == "sign-in check" and first.fix.safe
    assert first.fix.title == "Replace with 'sign-in check'"
    assert text[first.start : first.end] == "authentication handshake"


def test_substitution_skips_the_expected_form_and_keeps_case_with_capitalize(styles):
    styles.rule(
        "Case",
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nignorecase: true\ncapitalize: true\nswap:\n  utilise: use\n  e-mail: email\n",
    )
    diags = styles.lint("Utilise email and e-mail.\n")
    assert [(d.match, d.fix.replacement) for d in diags] == [
        ("Utilise", "Use"),
        ("e-mail", "email"),
    ]


def test_occurrence_per_sentence_and_whole_document(styles):
    styles.rule(
        "Long",
        "extends: occurrence\nmessage: 'Too long (%s words).'\nscope: sentence\nmax: 5\ntoken: '\\b\\w+\\b'\n",
    )
    styles.rule(
        "Few",
        "extends: occurrence\nmessage: 'Only %s steps.'\nscope: text\nmin: 3\ntoken: '\\bstep\\b'\n",
    )
    diags = styles.lint(
        "Short one here. This sentence has far too many words in it. Fine.\n\nOne step.\n"
    )
    long = [d for d in diags if d.rule == "Test.Long"]
    assert [d.match for d in long] == ["This sentence has far too many words in it."]
    assert long[0].message == "Too long (9 words)."
    assert [d.message for d in diags if d.rule == "Test.Few"] == ["Only 1 steps."]


def test_repetition_spans_both_words_and_fixes_with_edit_truncate(styles):
    styles.rule(
        "Twice",
        """
        extends: repetition
        message: "'%s' is repeated!"
        alpha: true
        ignorecase: true
        action:
          name: edit
          params: [truncate, " "]
        tokens: ['[^\\s]+']
        """,
    )
    (diag,) = styles.lint("Open the the settings. Type 10 10 here.\n")
    assert diag.match == "the the" and diag.message == "'the' is repeated!"
    assert diag.fix.replacement == "the"


def test_consistency_reports_the_variant_used_second(styles):
    styles.rule(
        "Spell",
        "extends: consistency\nmessage: \"Inconsistent spelling of '%s'.\"\nignorecase: true\neither:\n  colour: color\n  centre: center\n",
    )
    diags = styles.lint("Pick a colour.\n\nThe color changes. The colour stays. Centre it.\n")
    assert matches(diags) == ["color"]


def test_conditional_acronym_needs_a_definition(styles):
    styles.rule(
        "Acronyms",
        """
        extends: conditional
        message: "'%s' has no definition."
        first: '\\b([A-Z]{3,5})\\b'
        second: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'
        exceptions: [USB]
        """,
    )
    diags = styles.lint(
        "Plug in the USB key. Open the Virtual Private Network (VPN). The VPN and MFA fail.\n"
    )
    assert [d.message for d in diags] == ["'MFA' has no definition."]


def test_capitalization_sentence_and_title_case_in_headings(styles):
    styles.rule(
        "Sentence",
        "extends: capitalization\nmessage: \"'%s' should use sentence case.\"\nscope: heading\nmatch: $sentence\nindicators: [':']\nexceptions: [Outlook]\n",
    )
    styles.rule(
        "Title",
        "extends: capitalization\nmessage: \"'%s' needs title case.\"\nscope: heading.h1\nmatch: $title\n",
    )
    text = "# Reset Your Password in Outlook\n\n## Reset your password in Outlook\n\n## Outlook Keeps Asking For A Password\n\n## Error: Access denied\n"
    diags = styles.lint(text)
    assert matches(diags, "Test.Sentence") == [
        "Reset Your Password in Outlook",
        "Outlook Keeps Asking For A Password",
    ]
    assert matches(diags, "Test.Title") == []
    assert diags[0].message == "'Reset Your Password in Outlook' should use sentence case."


def test_metric_formula_and_condition(styles):
    styles.rule(
        "Grade",
        """
        extends: metric
        message: "Try to keep the grade (%s) below 8."
        formula: |
          (0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59
        condition: "> 8.0"
        """,
    )
    styles.rule(
        "Headings",
        "extends: metric\nmessage: 'Too many H2 (%s).'\nformula: heading.h2\ncondition: '> 2.0'\n",
    )
    hard = "# Title\n\nOrganisational authentication infrastructure necessitates comprehensive reconfiguration of credentials.\n"
    easy = "# Title\n\nClick the red button. Then wait a bit.\n\n## A\n\n## B\n\n## C\n"
    assert [d.rule for d in styles.lint(hard)] == ["Test.Grade"]
    diags = styles.lint(easy)
    assert [d.message for d in diags] == ["Too many H2 (3.00)."]


def test_readability_mean_of_metrics(styles):
    styles.rule(
        "Read",
        "extends: readability\nmessage: 'Grade %s is too high.'\nmetrics: [Flesch-Kincaid, Automated Readability]\ngrade: 8\n",
    )
    hard = "# Title\n\nOrganisational authentication infrastructure necessitates comprehensive reconfiguration of credentials across subsidiaries.\n"
    (diag,) = styles.lint(hard)
    assert diag.message.startswith("Grade ") and float(diag.message.split()[1]) > 8
    assert diag.line == 3
    assert styles.lint("# Title\n\nClick Save. You see your inbox again.\n") == []


def test_scopes_heading_levels_paragraph_list_blockquote_and_negation(styles):
    body = "extends: existence\nmessage: '%s'\ntokens: [widget]\n"
    for name, scope in {
        "H2": "heading.h2",
        "Para": "paragraph",
        "List": "list",
        "Quote": "blockquote",
        "NotQuote": "[paragraph, '~blockquote']",
        "Table": "table",
        "Raw": "raw",
    }.items():
        styles.rule(name, body + f"scope: {scope}\n")
    text = (
        "# widget one\n\n## widget two\n\nA widget paragraph.\n\n- widget item\n\n"
        "> widget quoted\n\n| a | b |\n|---|---|\n| widget | x |\n\n`widget`\n"
    )
    diags = styles.lint(text)
    lines = {
        rule: [d.line for d in diags if d.rule == f"Test.{rule}"]
        for rule in ("H2", "Para", "List", "Quote", "NotQuote", "Table", "Raw")
    }
    assert lines == {
        "H2": [3],
        "Para": [5],  # a block quote holds quoted words (an error message), not the writer's
        "List": [7],
        "Quote": [9],
        "NotQuote": [5],
        "Table": [13],
        "Raw": [1, 3, 5, 7, 9, 13, 15],
    }


def test_sentence_scope_sees_each_sentence_with_anchors(styles):
    styles.rule(
        "Start",
        "extends: existence\nmessage: \"Don't start with '%s'.\"\nscope: sentence\ntokens: ['^But']\n",
    )
    diags = styles.lint("It works. But not always. It is fine, But odd.\n")
    assert [(d.match, d.column) for d in diags] == [("But", 11)]


def test_audiences_and_types_select_rules(styles):
    styles.rule(
        "EndUser", "extends: existence\nmessage: '%s'\naudiences: [end-user]\ntokens: [endpoint]\n"
    )
    styles.rule(
        "KnownIssue",
        "extends: existence\nmessage: '%s'\ntypes: [known-issue]\ntokens: [endpoint]\n",
    )
    plain = "Restart the endpoint.\n"
    assert [d.rule for d in styles.lint(plain)] == ["Test.EndUser"]
    it = "---\naudience: it-staff\ntype: known-issue\n---\nRestart the endpoint.\n"
    assert [d.rule for d in styles.lint(it)] == ["Test.KnownIssue"]
