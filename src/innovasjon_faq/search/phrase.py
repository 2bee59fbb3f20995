"""Whether quoted phrases stand in an entry: word after word, in one text
(a keyword, the question or the answer), each word as itself or a form of it.

The engine asks the index (positions of stems); this is the same rule read
off an entry's own text, as highlighting finds a phrase (`snippet.phrase_runs`):
tests hold the two to each other.
"""

from __future__ import annotations

from collections.abc import Sequence

from innovasjon_faq.models import Entry
from innovasjon_faq.search.snippet import phrase_runs


def phrase_texts(entry: Entry) -> tuple[str, ...]:
    """The texts of an entry a phrase may stand in: each keyword on its own
    (a phrase does not run from one keyword into the next), the question and
    the answer."""
    return (*entry.keywords, entry.question, entry.answer)


def has_phrase(entry: Entry, phrase: Sequence[str]) -> bool:
    """Whether the words of `phrase` stand one after another in a text of `entry`."""
    return any(phrase_runs(text, phrase) for text in phrase_texts(entry))
