"""What a word is: one definition for word counts, reading grades, search shingles and rules.

:data:`WORD` is a word of prose: letters or digits, with apostrophes, hyphens
and full stops inside it ("don't", "Wi-Fi", "v2.1", "Outlook's"); it starts and
ends with a letter or digit, so punctuation around it is not part of it. It
gives the article's word count (``Article.words``: the status bar, ``kbeditor
info``, the readability panel), the sentence rules' ``min_words`` and the
search index's shingles (similar articles, duplicates).

A consumer that needs another shape uses one of the named variants below and
says why; nothing else in the package defines its own word pattern, except:

- textstat's own tokens (``lint/textstats._textstat_words``) and the word
  count of a reading grade (``readability_summary``): the grade formulas are
  textstat's, so their counts must be too;
- the exported site's search tokens (``export/searchdata.py``) and the Whoosh
  analyzer (``search/schema.py``): they must split words as the search side
  does (the site's script, the index), not as prose is counted;
- spelling (``lint/kinds/spelling.py``): it keeps "example.com" and
  "Wi-Fi" whole so its filters judge the whole token;
- inference (``inference.py``): ASCII words, looked up in its sign lists;
- phrase templates (``lint/phrase_templates.WORD``): a regex piece inside a
  rule's template, letters and in-word punctuation only.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")

# Vale's readability and metric counts (lint/textstats.sentence_stats): a word
# starts with a letter ("2024" is not a word to a grade formula) and a full stop
# ends it, as in Vale.
LETTER_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")

# Rules that look a word up in an English list (instruction verbs, fillers,
# small words): it starts with an ASCII letter; trailing punctuation is kept off.
ENGLISH_WORD = re.compile(r"[A-Za-z][\w'’-]*")

# A word next to a name or an abbreviation (substitution's keep_names, the
# spelled-out form of an abbreviation): no hyphen, so "pre-authentication"
# gives "pre" and "authentication", one letter each.
NAME_WORD = re.compile(r"[A-Za-z][\w'’]*")

# What a regex's \b sees as a word: the word-start prefilter must index exactly
# these runs, or it would skip places where a rule's pattern matches.
WORD_RUN = re.compile(r"\w+")


def words(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The words (:data:`WORD`) of ``text[start:end]``."""
    return WORD.findall(text, start, len(text) if end is None else end)


def count_words(text: str) -> int:
    """How many words (:data:`WORD`) ``text`` holds."""
    return len(WORD.findall(text))
