"""Quoted phrases answered from the index (`words` and `forms` of
index/build.py, `SqliteStore.phrase_docs`): exactly the entries whose texts
hold the phrase, so a phrase search reads only those, with the same results
as the in-memory store."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innovasjon_faq.index import build as build_module
from innovasjon_faq.index import sqlite_store as sqlite_store_module
from innovasjon_faq.index.build import ANY_WORD, FIRST_CODE, TEXT_BREAK, WORDS_ENCODING, build, code
from innovasjon_faq.index.sqlite_store import SqliteStore
from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search import SearchEngine
from innovasjon_faq.search.normalize import tokens, unjoined_words
from innovasjon_faq.search.phrase import has_phrase, phrase_texts
from innovasjon_faq.search.query import parse
from innovasjon_faq.search.stem import stem
from innovasjon_faq.search.store import MemoryStore

# Forms of a few words (komme/kommer, politikere/politikerne), a word that
# only looks like one (kommune), stop words, spellings with and without æøå,
# hyphenated words, an apostrophe, a soft hyphen and punctuation.
_POOL = (
    "komme kommer kommet kommune i gang ganger gangen politikere politikerne Politikere "
    "politiker involvere involverer å på pa og rådmann raadmann parti-hatten hatten parti "
    "KS' N3 e-post in\u00adnovasjon innovasjon , . ; « » –"
)
_WORDS = _POOL.split()
texts = st.lists(st.sampled_from(_WORDS), max_size=14).map(" ".join)
entries = st.lists(st.tuples(texts, texts, st.lists(texts, max_size=3)), min_size=1, max_size=8)
queries = st.lists(
    st.lists(st.sampled_from(_WORDS[:-6]), min_size=2, max_size=3).map(" ".join),
    min_size=1,
    max_size=2,
).map(lambda phrases: " ".join(f'"{phrase}"' for phrase in phrases))


def collection_of(items: list[tuple[str, str, list[str]]]) -> Collection:
    return Collection(
        title="T",
        intro="",
        entries=tuple(
            Entry(number, f"e-{number}", question, answer, tuple(keywords))
            for number, (question, answer, keywords) in enumerate(items, start=1)
        ),
    )


@pytest.fixture
def indexed(tmp_path: Path) -> Iterator[Any]:
    """Index a collection on disk; the stores are closed after the test."""
    opened: list[SqliteStore] = []

    def index(collection: Collection) -> SqliteStore:
        path = str(tmp_path / f"index-{len(opened)}.sqlite")
        build(collection, path, "test")
        opened.append(SqliteStore(path))
        return opened[-1]

    yield index
    for store in opened:
        store.close()


def holding(store: MemoryStore, phrases: tuple[tuple[str, ...], ...]) -> set[int]:
    """The documents whose entry holds every phrase, as highlighting finds them."""
    return {
        doc
        for doc in range(store.size)
        if all(has_phrase(store.entry(doc), phrase) for phrase in phrases)
    }


def stems_of(phrases: tuple[tuple[str, ...], ...]) -> list[list[str]]:
    return [[stem(word) for word in phrase] for phrase in phrases]


def test_an_entrys_words_are_its_unjoined_words_a_character_each(indexed: Any) -> None:
    entry = Entry(1, "e", "Hvordan komme i gang?", "Parti-hatten og KS' råd.", ("N3", "e-post", ""))
    store = indexed(Collection("T", "", (entry,)))
    (data,) = store.db.execute("SELECT words FROM words WHERE doc = 0").fetchone()
    texts = bytes(data).decode(WORDS_ENCODING).split(TEXT_BREAK)
    expected = [unjoined_words(text) for text in phrase_texts(entry)]
    assert [len(text) for text in texts] == [len(words) for words in expected]
    # One word, one character, wherever it stands; another word, another one.
    seen: dict[str, str] = {}
    for text, words in zip(texts, expected, strict=True):
        for char, word in zip(text, words, strict=True):
            assert seen.setdefault(word, char) == char
    assert len(set(seen.values())) == len(seen)


@pytest.mark.parametrize("first", ["words", "coded"])
def test_the_tokeniser_codes_any_text_read_before_or_not(first: str) -> None:
    tokeniser = build_module._Tokeniser()
    text = "Parti-hatten  og KS' in\u00adnovasjon, komme i gang; komme"
    if first == "words":
        tokeniser.words(text.split())
    coded = tokeniser.coded(text.split())
    numbers = tokeniser.numbers
    assert coded == "".join(code(numbers[word]) for word in unjoined_words(text))
    assert tokeniser.words(text.split()) == [token.folded for token in tokens(text)]
    assert set(numbers) == set(tokeniser.words(text.split()))  # every word has a number


def test_a_word_s_character_is_one_utf16_unit_and_never_a_break() -> None:
    numbers = [0, 1, 0xD800 - FIRST_CODE - 1, 0xD800 - FIRST_CODE, 50_000, 63_000]
    chars = [code(number) for number in numbers]
    assert len(set(chars)) == len(chars)
    for char in chars:
        assert char != TEXT_BREAK
        assert not 0xD800 <= ord(char) < 0xE000
        assert len(char.encode(WORDS_ENCODING)) == 2
    # Past the last character, every word is ANY_WORD.
    assert code(10**6) == code(10**7) == chr(ANY_WORD)


def test_phrase_docs_finds_exactly_the_entries_that_hold_the_phrase(
    indexed: Any, bundled: dict[str, Any]
) -> None:
    """Phrases taken from the texts themselves (so many are found), in
    other spellings and forms, and pairs of random words (mostly not)."""
    rng = random.Random(5)
    words = " ".join(e["question"] + " " + e["answer"] for e in bundled["entries"]).split()
    items = []
    for _ in range(120):
        start = rng.randrange(len(words) - 12)
        items.append(
            (
                " ".join(words[start : start + rng.randint(3, 12)]) + "?",
                " ".join(rng.choices(words, k=rng.randint(5, 40))),
                rng.sample(["N3", "komme i", "gang", "i gang", "politikere", "e-post"], 2),
            )
        )
    collection = collection_of(items)
    memory, disk = MemoryStore(collection), indexed(collection)
    everything = set(range(memory.size))
    queries = ['"komme i gang"', '"i gang"', '"komme i"', '"kommer i gang"', '"N3 gang"']
    ascii_spelling = str.maketrans(
        {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "AE", "Ø": "OE", "Å": "AA"}
    )
    for _ in range(150):
        start = rng.randrange(len(words) - 4)
        phrase = " ".join(words[start : start + rng.randint(2, 4)])
        queries.append(f'"{phrase}"')
        queries.append(f'"{phrase.translate(ascii_spelling).upper()}"')  # as typed in haste
        queries.append('"' + " ".join(rng.choices(words, k=2)) + '"')
    found = 0
    for query in queries:
        phrases = parse(query).phrases
        if not phrases:
            continue
        expected = holding(memory, phrases)
        assert disk.phrase_docs(everything, stems_of(phrases)) == expected, query
        some = set(range(0, memory.size, 3))
        assert disk.phrase_docs(some, stems_of(phrases)) == expected & some, query
        found += bool(expected)
    assert found > 200  # the test saw phrases that are there, not only absent ones


def test_a_phrase_runs_neither_from_one_keyword_into_the_next_nor_into_the_answer(
    indexed: Any,
) -> None:
    collection = collection_of(
        [
            ("Hvordan komme i", "gang skjer her.", ["N3 komme", "i gang"]),
            ("Hva?", "Vi kan komme i gang.", []),
        ]
    )
    disk = indexed(collection)
    assert disk.phrase_docs({0, 1}, [["i", stem("gang")]]) == {0, 1}  # the keyword, the answer
    assert disk.phrase_docs({0, 1}, [[stem("komme"), "i", stem("gang")]]) == {1}
    assert disk.phrase_docs({0, 1}, [[stem("komme"), "i"]]) == {0, 1}  # the question
    assert disk.phrase_docs({0}, [[stem("komme"), stem("gang")]]) == set()


def test_a_form_is_found_whatever_letters_follow_the_stem(indexed: Any) -> None:
    """The longer forms of a stem are found by a range of stems; letters past
    the first plane (here CJK, U+20000) sort above all others."""
    collection = collection_of(
        [
            ("Hvem er politik\U00020000 her?", "", []),
            ("Hvem er politikerne her?", "", []),
            ("Hvem er ordfører her?", "", []),
        ]
    )
    memory, disk = MemoryStore(collection), indexed(collection)
    phrases = parse('"er politiker"').phrases
    assert disk.phrase_docs({0, 1, 2}, stems_of(phrases)) == holding(memory, phrases) == {0, 1}


def test_every_phrase_must_stand_and_a_word_that_is_nowhere_holds_none(indexed: Any) -> None:
    collection = collection_of(
        [
            ("Hvordan komme i gang?", "Vi vil involvere politikerne.", []),
            ("Hvordan komme i gang?", "Vi vil involvere.", []),
        ]
    )
    disk = indexed(collection)
    both = stems_of(parse('"komme i gang" "involvere politikere"').phrases)
    assert disk.phrase_docs({0, 1}, both) == {0}
    assert disk.phrase_docs({0, 1}, [["i", "zzzxq"]]) == set()
    assert disk.phrase_docs(set(), both) == set()


@settings(max_examples=60, deadline=None)
@given(entries, queries)
def test_phrase_docs_and_the_texts_agree_for_any_collection(
    items: list[tuple[str, str, list[str]]], query: str
) -> None:
    collection = collection_of(items)
    phrases = parse(query).phrases
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "index.sqlite")
        build(collection, path, "test")
        disk = SqliteStore(path)
        try:
            found = disk.phrase_docs(set(range(len(items))), stems_of(phrases))
        finally:
            disk.close()
    assert found == holding(MemoryStore(collection), phrases)


def test_words_past_the_last_character_stand_for_any_word(
    indexed: Any, bundled: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for only 40 words, the rest share ANY_WORD: `phrase_docs`
    then finds more entries than hold the phrase, never fewer, and the
    search, which checks each hit's texts, ranks exactly as without an index."""
    last = FIRST_CODE + 40
    monkeypatch.setattr(build_module, "ANY_WORD", last)
    monkeypatch.setattr(sqlite_store_module, "ANY_WORD", last)
    rng = random.Random(9)
    words = " ".join(e["question"] + " " + e["answer"] for e in bundled["entries"]).split()
    items = [
        (" ".join(rng.choices(words, k=8)), " ".join(rng.choices(words, k=30)), ["N3"])
        for _ in range(80)
    ]
    collection = collection_of(items)
    memory, disk = MemoryStore(collection), indexed(collection)
    everything = set(range(memory.size))
    wider = 0
    for query in ['"i gang"', '"og i"', '"innovasjon i kommunen"', '"det er"', '"N3 og"']:
        phrases = parse(query).phrases
        expected = holding(memory, phrases)
        found = disk.phrase_docs(everything, stems_of(phrases))
        assert found >= expected, query
        wider += len(found - expected)
        for limit in (None, 1, 10):
            hits = SearchEngine(store=disk).search(query, limit)
            assert hits == SearchEngine(store=memory).search(query, limit), query
    assert wider > 0  # some words did share ANY_WORD


def test_a_phrase_search_reads_only_the_entries_that_hold_the_phrase(
    indexed: Any, bundled: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(3)
    words = " ".join(e["question"] + " " + e["answer"] for e in bundled["entries"]).split()
    items = [
        (" ".join(rng.choices(words, k=10)), " ".join(rng.choices(words, k=40)), [])
        for _ in range(300)
    ]
    collection = collection_of(items)
    memory, disk = MemoryStore(collection), indexed(collection)
    read: list[int] = []
    load = disk.load_entries
    monkeypatch.setattr(disk, "load_entries", lambda docs: read.extend(docs) or load(docs))
    asked: list[tuple[str, tuple[object, ...]]] = []
    real = disk._all
    monkeypatch.setattr(
        disk, "_all", lambda sql, *args: asked.append((sql, args)) or real(sql, *args)
    )
    query = '"innovasjon i"'
    hits = SearchEngine(store=disk).search(query)
    assert hits == SearchEngine(store=memory).search(query)
    holders = holding(memory, parse(query).phrases)
    assert 0 < len(holders) < 50
    assert set(read) == holders
    # A word's forms are asked for once, though both the engine and phrase_docs need them.
    forms = [question for question in asked if "FROM forms" in question[0]]
    assert forms
    assert len(forms) == len(set(forms))
