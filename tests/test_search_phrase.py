"""Whether quoted phrases stand in an entry (`search/phrase.py`): the same
answer as finding their runs with spans (`phrase.has_phrase`), for any entry."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innovasjon_faq.models import Entry
from innovasjon_faq.search.phrase import Phrases, has_phrase
from innovasjon_faq.search.query import parse

# Forms of a few words (komme/kommer, politikere/politikerne), stop words,
# spellings with and without æøå, a hyphenated word and punctuation.
_POOL = (
    "komme kommer kommune i gang ganger gangen politikere politikerne Politikere "
    "involvere involverer å på pa og rådmann raadmann parti-hatten hatten parti , . ; « » –"
)
_WORDS = _POOL.split()
texts = st.lists(st.sampled_from(_WORDS), max_size=14).map(" ".join)
queries = st.lists(
    st.lists(st.sampled_from(_WORDS[:-6]), min_size=2, max_size=3).map(" ".join),
    min_size=1,
    max_size=2,
).map(lambda phrases: " ".join(f'"{phrase}"' for phrase in phrases))


def entry(question: str, answer: str = "", keywords: tuple[str, ...] = ()) -> Entry:
    return Entry(1, "e", question, answer, keywords)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Slik kan dere komme i gang.", True),
        ("Dere kommer i gang", True),  # another form of a word of the phrase
        ("komme, i gang", True),  # punctuation stands between words, not in the way
        ("komme i-gang", True),  # the parts of a hyphenated word are words
        ("gang i komme", False),
        ("komme i", False),  # shorter than the phrase
        ("kommune i gang", False),  # not a form of komme
        ("komme og i gang", False),
    ],
)
def test_a_phrase_stands_word_after_word(text: str, found: bool) -> None:
    phrases = parse('"komme i gang"').phrases
    assert Phrases(phrases).in_entry(entry(text)) is found
    assert Phrases(phrases).in_entry(entry("Hva?", text)) is found
    assert Phrases(phrases).in_entry(entry("Hva?", "", ("N3", text))) is found


def test_every_phrase_must_stand_but_each_in_any_text() -> None:
    phrases = parse('"komme i gang" "involvere politikere"').phrases
    both = entry("Hvordan komme i gang?", "Vi vil involvere politikerne.")
    assert Phrases(phrases).in_entry(both)
    assert not Phrases(phrases).in_entry(entry("Hvordan komme i gang?", "Vi vil involvere."))


def test_a_phrase_does_not_run_from_one_keyword_into_the_next() -> None:
    phrases = parse('"komme i"').phrases
    assert not Phrases(phrases).in_entry(entry("Hva?", "", ("N3 komme", "i gang")))


@given(st.lists(st.tuples(texts, texts, st.lists(texts, max_size=2)), max_size=6), queries)
def test_the_same_answer_as_the_runs_with_spans(
    items: list[tuple[str, str, list[str]]], query: str
) -> None:
    """One `Phrases` goes through many entries, remembering the words it has
    seen; for each it answers as `has_phrase` does."""
    phrases = parse(query).phrases
    checker = Phrases(phrases)
    for question, answer, keywords in items:
        one = entry(question, answer, tuple(keywords))
        assert checker.in_entry(one) == all(has_phrase(one, phrase) for phrase in phrases)


def test_without_phrases_no_text_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every search asks; one without quotes must not pay for reading the texts."""
    from innovasjon_faq.search import phrase

    def unread(text: str) -> list[str]:
        raise AssertionError(f"read {text!r}")

    monkeypatch.setattr(phrase, "unjoined_words", unread)
    assert Phrases(()).in_entry(entry("Hva?", "Svar."))
