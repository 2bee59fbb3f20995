"""The entries of a collection, in memory (`search.store.Entries`) and in an
index folder (`index.entries.StoredEntries`): the same answers, so `faq show`
and `faq search` never depend on where the entries live."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from innovasjon_faq.index.build import Source, build, build_in_memory
from innovasjon_faq.index.opened import Opened
from innovasjon_faq.loader import load
from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search import SearchEngine, resolve
from innovasjon_faq.search.store import Entries

QUERIES = [
    case["query"]
    for case in json.loads((Path(__file__).parent / "search_cases.json").read_text("utf-8"))
] + ["innovasjon", "kommune", "og", "hva er det", "system", "involvere"]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Opened:
    folder = tmp_path_factory.mktemp("index") / "bundled"
    folder.mkdir()
    build(Source.of(load()), str(folder), {"source": "test"})
    return Opened.open(str(folder))


def test_the_stored_entries_are_the_collections(stored: Opened) -> None:
    faq = load()
    memory = Entries(faq)
    assert stored.entries.size == memory.size == len(faq.entries)
    assert stored.entries.entries(list(range(memory.size))) == list(faq.entries)
    assert stored.entries.entries([4, 0, 4]) == [faq.entries[4], faq.entries[0], faq.entries[4]]
    head = stored.entries.head
    assert (head.title, head.intro, head.contacts, head.section, head.language) == (
        faq.title, faq.intro, faq.contacts, faq.section, faq.language
    )  # fmt: skip


@pytest.mark.parametrize(
    ("ask", "value", "expected"),
    [
        ("doc_for_id", 4, 3),
        ("doc_for_id", 99, None),
        ("doc_for_id", 2**70, None),
        ("doc_for_id", -1, None),
        ("doc_for_slug", "N3-og-SLIK", 1),
        ("doc_for_slug", "n3-og-slik", 1),
        ("doc_for_slug", "nothing", None),
        ("docs_for_keyword", "Rådmann", [3]),
        ("docs_for_keyword", "raadmann", [3]),
        ("docs_for_keyword", "nothing", []),
    ],
)
def test_lookups_answer_alike(stored: Opened, ask: str, value: object, expected: object) -> None:
    memory = Entries(load())
    for entries in (memory, stored.entries):
        found = getattr(entries, ask)(value)
        assert (list(found) if isinstance(expected, list) else found) == expected, entries


def test_a_keyword_of_several_entries_lists_them_in_order() -> None:
    faq = Collection(
        "T", "", tuple(Entry(n, f"e{n}", f"Q{n}?", "A.", ("Felles",)) for n in (5, 3, 9))
    )
    opened = build_in_memory(Source.of(faq))
    assert list(opened.entries.docs_for_keyword("felles")) == [0, 1, 2]
    assert list(Entries(faq).docs_for_keyword("felles")) == [0, 1, 2]


def test_every_search_answers_alike_from_either(stored: Opened) -> None:
    faq = load()
    memory = SearchEngine.of(faq)
    folder = SearchEngine(stored.index, stored.entries)
    for query in QUERIES:
        assert [h.to_dict() for h in folder.search(query)] == [
            h.to_dict() for h in memory.search(query)
        ], query
        assert folder.suggest(query) == memory.suggest(query)
    for ref in ("2", "n3-og-slik", "BLT", "radmann", "toppledelsen"):
        assert resolve(stored.entries, ref, lambda: folder) == resolve(
            Entries(faq), ref, lambda: memory
        )
