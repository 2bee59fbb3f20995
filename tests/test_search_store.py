"""The engine asks only the Store protocol: any store gives the same results.

`ReorderedStore` answers like MemoryStore but hands postings back in another
order and its vocabulary as another kind of sequence, as an on-disk store may.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from innovasjon_faq.loader import load
from innovasjon_faq.models import Entry
from innovasjon_faq.search import SearchEngine, resolve
from innovasjon_faq.search.store import MemoryStore, Posting, Store

QUERIES = [
    case["query"]
    for case in json.loads((Path(__file__).parent / "search_cases.json").read_text("utf-8"))
] + ["innovasjon", "kommune", "og", "hva er det", "system", "involvere"]


class ReorderedStore:
    """A Store over a MemoryStore that returns postings reversed and a tuple vocabulary."""

    def __init__(self, inner: MemoryStore) -> None:
        self.inner = inner
        self._vocabulary = tuple(inner.vocabulary())

    @property
    def size(self) -> int:
        return self.inner.size

    @property
    def avg_length(self) -> float:
        return self.inner.avg_length

    def doc_length(self, doc: int) -> float:
        return self.inner.doc_length(doc)

    def entry(self, doc: int) -> Entry:
        return self.inner.entry(doc)

    def word_postings(self, word: str) -> Sequence[Posting]:
        return tuple(reversed(self.inner.word_postings(word)))

    def stem_postings(self, word_stem: str) -> Sequence[Posting]:
        return tuple(reversed(self.inner.stem_postings(word_stem)))

    def vocabulary(self) -> Sequence[str]:
        return self._vocabulary

    def surface(self, word: str) -> str:
        return self.inner.surface(word)

    def doc_for_id(self, entry_id: int) -> int | None:
        return self.inner.doc_for_id(entry_id)

    def doc_for_slug(self, slug: str) -> int | None:
        return self.inner.doc_for_slug(slug)

    def docs_for_keyword(self, keyword: str) -> Sequence[int]:
        return self.inner.docs_for_keyword(keyword)


def other_stores() -> list[Store]:
    faq = load()
    return [ReorderedStore(MemoryStore(faq))]


@pytest.mark.parametrize("store", other_stores(), ids=lambda s: type(s).__name__)
def test_every_store_gives_the_same_results(store: Store) -> None:
    faq = load()
    memory = SearchEngine(faq)
    other = SearchEngine(store=store)
    for query in QUERIES:
        assert [h.to_dict() for h in other.search(query)] == [
            h.to_dict() for h in memory.search(query)
        ], query
        assert other.suggest(query) == memory.suggest(query)
    for ref in ("2", "n3-og-slik", "BLT", "radmann"):
        assert resolve(faq, ref, other) == resolve(faq, ref, memory)


def test_memory_store_lookups() -> None:
    store = MemoryStore(load())
    assert store.size == 5
    assert store.avg_length > 0
    assert store.doc_for_id(4) == 3
    assert store.doc_for_id(99) is None
    assert store.doc_for_slug("N3-og-SLIK") == 1
    assert list(store.docs_for_keyword("Rådmann")) == [3]
    assert store.surface("radmannen") == "Rådmannen"
    assert store.surface("nothing") == "nothing"
    assert list(store.vocabulary()) == sorted(store.vocabulary())
