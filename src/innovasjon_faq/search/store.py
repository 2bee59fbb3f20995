"""The entries of a collection by document number: the contract between the
engine, `faq show` and where the entries live.

Documents are numbered 0..size-1 in collection order. `Entries` answers from
a Collection in memory (the bundled collection and other small files, which
are cheaper to parse than to open an entries file for); the entries of a
large collection's index (`index.entries.StoredEntries`) is a subclass that
answers the same questions from the index folder without reading the JSON.
"""

from __future__ import annotations

from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search.normalize import fold

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Sequence


class Entries:
    """A collection's entries and the lookups of a reference, in memory."""

    def __init__(self, collection: Collection) -> None:
        self._collection = collection
        self._ids: dict[int, int] | None = None
        self._slugs: dict[str, int] = {}
        self._keywords: dict[str, list[int]] = {}

    @property
    def head(self) -> Collection:
        """The collection (a large one's without its entries: see the subclass)."""
        return self._collection

    @property
    def size(self) -> int:
        return len(self._collection.entries)

    def entry(self, doc: int) -> Entry:
        return self._collection.entries[doc]

    def entries(self, docs: Sequence[int]) -> list[Entry]:
        """The entries of `docs`, in that order."""
        return [self.entry(doc) for doc in docs]

    def _lookups(self) -> None:
        if self._ids is not None:
            return
        self._ids = {}
        for doc, entry in enumerate(self._collection.entries):
            self._ids[entry.id] = doc
            self._slugs.setdefault(fold(entry.slug), doc)
            for keyword in dict.fromkeys(map(fold, entry.keywords)):
                self._keywords.setdefault(keyword, []).append(doc)

    def doc_for_id(self, entry_id: int) -> int | None:
        self._lookups()
        assert self._ids is not None
        return self._ids.get(entry_id)

    def doc_for_slug(self, slug: str) -> int | None:
        """The document whose slug folds to `fold(slug)`."""
        self._lookups()
        return self._slugs.get(fold(slug))

    def docs_for_keyword(self, keyword: str) -> Sequence[int]:
        """Documents with a keyword that folds to `fold(keyword)`."""
        self._lookups()
        return self._keywords.get(fold(keyword), ())

    def close(self) -> None:
        """Let go of what the entries hold open (nothing, in memory)."""
