"""The verb an instruction starts with, as the step and tone rules read it.

Most steps open with their verb ("Select Save"): the first word and the one
after it decide, without splitting the rest of the step into words. Steps that
open with a filler, an adverb or a condition read on. Both ways give the same
answers as reading every word.
"""

from __future__ import annotations

import pytest

from kbeditor.lint.phrases import instruction_verb_at

VERBS = frozenset("select open restart install click update type".split())


@pytest.mark.parametrize(
    ("text", "listed", "with_lexicon"),
    [
        ("Select Save.", ("select", 0), ("select", 0)),
        ("Restart", ("restart", 0), ("restart", 0)),
        ("Then select Save", ("select", 5), ("select", 5)),
        ("If the window opens, select OK.", ("select", 21), ("select", 21)),
        ("From the Start menu open Settings", ("open", 20), ("open", 20)),
        ("Manually restart the laptop.", ("restart", 9), ("restart", 9)),
        ("Temporarily disable it.", None, ("disable", 12)),
        # a capitalised word after a base verb is a name, not a verb ("Windows")
        ("Utilize Windows Update", None, ("utilize", 0)),
        ("Update installs overnight", ("update", 0), ("update", 0)),
        ("Reinvite the guest.", None, ("reinvite", 0)),
        ("Override the setting.", None, ("override", 0)),
        ("Initial access requires a code.", None, None),  # an adjective first
        ("Word or Excel should be closed.", None, None),  # a noun, then "or"
        ("If you use Outlook 2007, you can run it.", None, None),  # about the reader
        ("", ("", 0), ("", 0)),
    ],
)
def test_the_verb_an_instruction_starts_with(text, listed, with_lexicon):
    assert instruction_verb_at(text, VERBS) == listed
    assert instruction_verb_at(text, VERBS, True) == with_lexicon
