"""Whether quoted phrases stand in an entry: word after word, in one text
(a keyword, the question or the answer), each word as itself or a form of it.

`snippet.phrase_runs` finds where, with spans, for the few hits shown. The
engine asks only whether, and when a phrase is rare it asks of thousands of
entries; so the folded words come without a Token each
(`normalize.unjoined_words`), and whether a word of the text is a form of a
word of the phrase is worked out once per word and remembered.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

from innovasjon_faq.models import Entry
from innovasjon_faq.search.normalize import unjoined_words
from innovasjon_faq.search.query import same_word
from innovasjon_faq.search.snippet import phrase_runs


def phrase_texts(entry: Entry) -> tuple[str, ...]:
    """The texts of an entry a phrase may stand in: each keyword on its own
    (a phrase does not run from one keyword into the next), the question and
    the answer."""
    return (*entry.keywords, entry.question, entry.answer)


def has_phrase(entry: Entry, phrase: Sequence[str]) -> bool:
    """Whether the words of `phrase` stand one after another in a text of
    `entry`, found as highlighting finds them (`phrase_runs`, with spans). The
    search asks `Phrases`, which answers the same without spans, faster;
    tests/test_search_phrase.py holds the two to each other."""
    return any(phrase_runs(text, phrase) for text in phrase_texts(entry))


class Phrases:
    """The phrases of one query, with what is known of their words' forms."""

    def __init__(self, phrases: Sequence[Sequence[str]]) -> None:
        self.phrases = phrases
        # Per word of a phrase: each folded word seen so far, and whether it is a form of it.
        self._forms: dict[str, dict[str, bool]] = {}

    def _forms_of(self, word: str, seen: set[str]) -> dict[str, bool]:
        """Whether each word of `seen` (and of every text before) is a form of `word`."""
        known = self._forms.setdefault(word, {})
        for other in seen.difference(known):
            known[other] = same_word(other, word)
        return known

    def in_words(self, words: Sequence[str], phrase: Sequence[str]) -> bool:
        """Whether `phrase` stands in the folded words of one text, one after another."""
        size = len(phrase)
        if len(words) < size:
            return False
        seen = set(words)
        forms = [self._forms_of(word, seen) for word in phrase]
        # Where the first word could start it (found in C), then the rest, one by one.
        starts = compress(range(len(words) - size + 1), map(forms[0].__getitem__, words))
        return any(all(forms[j][words[i + j]] for j in range(1, size)) for i in starts)

    def in_entry(self, entry: Entry) -> bool:
        """Whether every phrase stands in one of the entry's texts."""
        if not self.phrases:
            return True  # nothing to read
        texts = [unjoined_words(text) for text in phrase_texts(entry)]
        return all(any(self.in_words(words, phrase) for words in texts) for phrase in self.phrases)
