"""The tone rules generalise: recall and false alarms on labelled sentences.

``tests/lint/tone/dev.tsv`` holds the sentences the rules were tuned on and
``dev-holdout.tsv`` a seeded quarter of the same set that they were not tuned
on (see bench/tone_sentences.py for the scoring); ``dev2.tsv`` is a second
development set written later by someone who had not seen the rules, and
tuned on after its first score (61% recall). ``heldout.tsv`` and
``heldout2.tsv`` were written the same way and held out for two rounds (73% and
70% recall), then tuned on too. ``dev3.tsv`` and ``dev4.tsv`` are the two
halves of a later set by another writer who had seen neither the rules nor the
earlier sets: the rules were tuned on ``dev3.tsv`` (72% before), and
``dev4.tsv`` was held out for one round (59% recall, 2% false alarms) before
it was tuned on too. ``dev5.tsv`` pairs each change of that round with
sentences of our own that the change must also get right: bad ones in other
words, and good look-alikes that share their words and grammar.
``dev6.tsv`` was written by a fourth writer who read only KB-STYLE and held
out for two rounds (59% and 62% recall, 2% false alarms); it was then tuned
on, family by family, as a structure rather than as its phrasings, and
``dev7.tsv`` pairs each change of that round with sentences of our own written
before it (a bad one in other words, good look-alikes). ``dev8.tsv``, by a fifth
writer who read only KB-STYLE, was held out for one round (67% recall before
the round that tuned on ``dev6.tsv``, 73% after it, 2% false alarms) and is now
a development set too. Each set's floor is the recall the rules have reached on it.
``dev9.tsv`` pairs each structure generalised in the round that tuned on
``dev8.tsv`` with sentences of our own: a bad one in other words, and good
look-alikes that share its words and grammar. ``dev10.tsv``, by a sixth
writer who read only KB-STYLE, was held out for one round (65% recall before
the round that tuned on ``dev8.tsv``, 67% after it, 2% false alarms) and is now
a development set; the next round tuned on it family by family, as
structures (67% -> 95%). ``heldout7.tsv``, by a seventh writer who read only
KB-STYLE, was held out through that round: 68% recall before it, 73% after it,
2% false alarms. A held-out set written later (any ``heldout*.tsv`` not listed above) is scored,
but only gross failure is asserted, because nobody may tune on it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TONE = Path(__file__).with_name("tone")
sys.path.insert(0, str(ROOT / "bench"))

from tone_sentences import FAMILIES, judge, read_rows, score, tone_linter  # noqa: E402

MIN_RECALL = 0.9
MAX_FALSE_ALARMS = 0.10
# Each set keeps the recall the rules have reached on it (the target, 90%, is the least).
RECALL_FLOORS = {
    "dev-holdout.tsv": 0.97,
    "dev8.tsv": 0.99,
    "dev10.tsv": 0.95,
    **{
        name: 1.0
        for name in (
            "dev.tsv",
            "dev2.tsv",
            "heldout.tsv",
            "heldout2.tsv",
            "dev3.tsv",
            "dev4.tsv",
            "dev5.tsv",
            "dev6.tsv",
            "dev7.tsv",
            "dev9.tsv",
        )
    },
}


@pytest.fixture(scope="module")
def linter():
    return tone_linter()


@pytest.mark.parametrize("name", list(RECALL_FLOORS))  # every set tuned on has its floor
def test_tone_rules_catch_the_families_and_spare_the_look_alikes(linter, name):
    outcomes = judge(linter, read_rows(TONE / name))
    scores = score(outcomes)
    overall = scores["all"]
    misses = [o.row.sentence for o in outcomes if o.row.label == "bad" and not o.fired]
    alarms = [
        f"{o.row.sentence} <- {', '.join(o.rules)}"
        for o in outcomes
        if o.row.label == "good" and o.fired
    ]
    assert overall.recall >= RECALL_FLOORS.get(name, MIN_RECALL), misses
    assert overall.false_alarm_rate <= MAX_FALSE_ALARMS, alarms


def test_every_family_is_in_the_development_set():
    rows = read_rows(TONE / "dev.tsv") + read_rows(TONE / "dev-holdout.tsv")
    assert len(rows) >= 240
    for family in FAMILIES:
        bad = sum(1 for r in rows if r.family == family and r.label == "bad")
        good = sum(1 for r in rows if r.family == family and r.label == "good")
        assert bad >= 15 and good >= 15, family


TUNED_ON = frozenset({"heldout.tsv", "heldout2.tsv"})
HELD_OUT = sorted(p.name for p in TONE.glob("heldout*.tsv") if p.name not in TUNED_ON)


@pytest.mark.parametrize("name", HELD_OUT or ["(none)"])
def test_separately_written_held_out_set_if_present(linter, capsys, name):
    path = TONE / name
    if not path.exists():
        pytest.skip("no held-out tone set in this checkout")
    scores = score(judge(linter, read_rows(path)))
    with capsys.disabled():
        for family in (*FAMILIES, "all"):
            s = scores.get(family)
            if s is not None:
                print(
                    f"\n{name} {family}: recall {s.recall:.0%} ({s.caught}/{s.bad}), "
                    f"false alarms {s.false_alarm_rate:.0%} ({s.false_alarms}/{s.good})",
                    end="",
                )
    # Nobody tuned on this file: assert only that the rules stay well above the old phrase
    # lists (48% recall on the last set written this way) without becoming noisy.
    assert scores["all"].recall >= 0.55
    assert scores["all"].false_alarm_rate <= 0.2
