"""An index folder opened for answering: the search index and the entries."""

from __future__ import annotations

from innovasjon_faq.index import IndexUnusable
from innovasjon_faq.index.entries import (
    ENTRIES,
    WORDS,
    StoredEntries,
    head_from_json,
    open_records,
    read_meta,
)
from innovasjon_faq.index.reader import SearchIndex
from innovasjon_faq.index.schema import FORMAT


class Opened:
    """The two halves of an index: tantivy's (`index`) and the entries."""

    def __init__(self, index: SearchIndex, entries: StoredEntries) -> None:
        self.index = index
        self.entries = entries

    @classmethod
    def open(cls, folder: str) -> Opened:
        """The index in `folder` (raises IndexUnusable)."""
        meta = read_meta(folder)
        if meta.get("format") != FORMAT:
            raise IndexUnusable("an index of another format")
        head = head_from_json(meta.get("head"))
        words = open_records(folder, WORDS)
        try:
            entries = open_records(folder, ENTRIES)
        except IndexUnusable:
            words.close()
            raise
        try:
            index = SearchIndex.open(folder, words)
            return cls(index, StoredEntries(entries, head, index))
        except BaseException:
            words.close()
            entries.close()
            raise

    def close(self) -> None:
        self.entries.close()
        self.index.word_records.close()
