"""Whether quoted phrases stand in an entry: the index (positions of stems)
answers as the texts do (`phrase.has_phrase`, which highlighting uses)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search import SearchEngine
from innovasjon_faq.search.phrase import has_phrase
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


def found(query: str, *entries: Entry) -> bool:
    """Whether the engine finds the one entry for `query`."""
    return bool(SearchEngine.of(Collection("T", "", entries)).search(query))


def holds(query: str, one: Entry) -> bool:
    return all(has_phrase(one, phrase) for phrase in parse(query).phrases)


@pytest.mark.parametrize(
    ("text", "expected"),
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
def test_a_phrase_stands_word_after_word(text: str, expected: bool) -> None:
    for one in (entry(text), entry("Hva?", text), entry("Hva?", "", ("N3", text))):
        assert holds('"komme i gang"', one) is expected
        assert found('"komme i gang"', one) is expected


def test_every_phrase_must_stand_but_each_in_any_text() -> None:
    query = '"komme i gang" "involvere politikere"'
    both = entry("Hvordan komme i gang?", "Vi vil involvere politikerne.")
    assert holds(query, both)
    assert found(query, both)
    one = entry("Hvordan komme i gang?", "Vi vil involvere.")
    assert not holds(query, one)
    assert not found(query, one)


def test_a_phrase_does_not_run_from_one_keyword_into_the_next() -> None:
    one = entry("Hva?", "", ("N3 komme", "i gang"))
    assert not holds('"komme i"', one)
    assert not found('"komme i"', one)
    assert not found('"komme i gang"', entry("Hvordan komme?", "I gang."))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(texts, texts, st.lists(texts, max_size=2)), min_size=1, max_size=6), queries
)
def test_the_index_answers_as_the_texts_do(
    items: list[tuple[str, str, list[str]]], query: str
) -> None:
    entries = tuple(Entry(n, f"e{n}", q + "?", a, tuple(k)) for n, (q, a, k) in enumerate(items, 1))
    engine = SearchEngine.of(Collection("T", "", entries))
    hits = {hit.entry.id for hit in engine.search(query)}
    assert hits == {one.id for one in entries if holds(query, one)}
