"""Where the search index lives: the contract between ranking and storage.

The engine (`engine.py`) ranks; a `Store` answers its questions. `MemoryStore`
builds the index in memory from a Collection (right for the bundled collection
and small ones); an on-disk store for large collections implements the same
protocol, so results never depend on where the index lives.

Documents are numbered 0..size-1 in collection order. A posting is
`(doc, field, count)`: `count` occurrences in field number `field` of FIELDS;
a key's postings come in (doc, field) order, one per pair. Keys are folded
words (`normalize.fold`) and their stems (`stem.stem`).
"""

from __future__ import annotations

from collections import defaultdict

from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search.normalize import fold, tokens
from innovasjon_faq.search.stem import stem

FIELDS = ("keywords", "question", "answer")
# Field weights: a keyword says more than a word of the question, which says
# more than a word of the answer. Document length is the weighted word count.
FIELD_WEIGHTS = (3.0, 2.0, 1.0)

Posting = tuple[int, int, int]

# Importing typing costs the hot path a few milliseconds; the protocol is for
# the type checker, so at run time it is a plain base class.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Protocol
else:
    Protocol = object


def field_texts(entry: Entry) -> tuple[str, str, str]:
    """The indexed text of each field of FIELDS, in order."""
    return (" ; ".join(entry.keywords), entry.question, entry.answer)


class Store(Protocol):
    """What the engine needs to know about an indexed collection."""

    @property
    def size(self) -> int:
        """How many documents (entries) there are."""
        ...

    @property
    def avg_length(self) -> float: ...

    def doc_length(self, doc: int) -> float: ...

    def entry(self, doc: int) -> Entry: ...

    def word_postings(self, word: str) -> Sequence[Posting]:
        """Postings of a folded word, exactly as it stands in the text."""
        ...

    def stem_postings(self, word_stem: str) -> Sequence[Posting]:
        """Postings of every word with this stem."""
        ...

    def vocabulary(self) -> Sequence[str]:
        """Every folded word of the collection, sorted."""
        ...

    def surface(self, word: str) -> str:
        """A folded word as the text spells it (for "Did you mean …")."""
        ...

    def doc_for_id(self, entry_id: int) -> int | None: ...

    def doc_for_slug(self, slug: str) -> int | None:
        """The document whose slug folds to `fold(slug)`."""
        ...

    def docs_for_keyword(self, keyword: str) -> Sequence[int]:
        """Documents with a keyword that folds to `fold(keyword)`."""
        ...


class MemoryStore:
    """The index of a collection, built in memory."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self.entries = collection.entries
        words: dict[str, dict[tuple[int, int], int]] = defaultdict(dict)
        stems: dict[str, dict[tuple[int, int], int]] = defaultdict(dict)
        self._surface: dict[str, str] = {}
        self._lengths: list[float] = []
        self._ids: dict[int, int] = {}
        self._slugs: dict[str, int] = {}
        self._keywords: dict[str, list[int]] = defaultdict(list)
        for doc, entry in enumerate(self.entries):
            self._ids[entry.id] = doc
            self._slugs.setdefault(fold(entry.slug), doc)
            for keyword in dict.fromkeys(fold(k) for k in entry.keywords):
                self._keywords[keyword].append(doc)
            length = 0.0
            for field, text in enumerate(field_texts(entry)):
                toks = tokens(text)
                length += FIELD_WEIGHTS[field] * len(toks)
                for token in toks:
                    key = (doc, field)
                    words[token.folded][key] = words[token.folded].get(key, 0) + 1
                    token_stem = stem(token.folded)
                    stems[token_stem][key] = stems[token_stem].get(key, 0) + 1
                    self._surface.setdefault(token.folded, token.surface)
            self._lengths.append(length)
        self._words = {w: [(d, f, c) for (d, f), c in p.items()] for w, p in words.items()}
        self._stems = {s: [(d, f, c) for (d, f), c in p.items()] for s, p in stems.items()}
        self._vocabulary = sorted(self._words)
        self._avg = sum(self._lengths) / len(self._lengths) if self._lengths else 1.0

    @property
    def size(self) -> int:
        return len(self.entries)

    @property
    def avg_length(self) -> float:
        return self._avg

    def doc_length(self, doc: int) -> float:
        return self._lengths[doc]

    def entry(self, doc: int) -> Entry:
        return self.entries[doc]

    def word_postings(self, word: str) -> Sequence[Posting]:
        return self._words.get(word, ())

    def stem_postings(self, word_stem: str) -> Sequence[Posting]:
        return self._stems.get(word_stem, ())

    def vocabulary(self) -> Sequence[str]:
        return self._vocabulary

    def surface(self, word: str) -> str:
        return self._surface.get(word, word)

    def doc_for_id(self, entry_id: int) -> int | None:
        return self._ids.get(entry_id)

    def doc_for_slug(self, slug: str) -> int | None:
        return self._slugs.get(fold(slug))

    def docs_for_keyword(self, keyword: str) -> Sequence[int]:
        return self._keywords.get(fold(keyword), ())
