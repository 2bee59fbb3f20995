"""Writing the index of a collection into a folder: `main/` and `lexicon/`
(tantivy, see schema.py), the entries (records.py), the lexicon's words, and
`meta.json` (the collection's head and what the index was built from).

Entries come one at a time (a collection of a million entries is streamed,
never held), so memory stays bounded: tantivy flushes its segments as its
heap fills, and each entry is appended to the entries file as it comes.
Python does per text only what must be done in Python (`analysis.prepare`);
tantivy splits, folds and stems the words in its own threads.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Callable, Iterable

import tantivy

from innovasjon_faq.index import schema
from innovasjon_faq.index.entries import ENTRIES, META, WORDS, encode_entry, head_json
from innovasjon_faq.index.records import OFFSETS, Records, RecordsWriter
from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search import analysis
from innovasjon_faq.search.normalize import fold
from innovasjon_faq.search.query import question_terms

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from typing import BinaryIO

    from innovasjon_faq.index.opened import Opened

Progress = Callable[[int, int], None]
# How far a build has come, from how many entries it has indexed: (done, total)
# in any unit (entries, or bytes of a file being streamed).
Measure = Callable[[int], tuple[int, int]]

MAIN, LEXICON = "main", "lexicon"
BATCH = 2_000  # entries per progress report
HEAP = 64_000_000  # bytes of tantivy's indexing heap per thread, for a large build
THREADS = 2  # tantivy's indexing threads, for a large build
SMALL_HEAP = 15_000_000  # tantivy's least, and its one thread, for a small build


def document(doc: int, entry: Entry) -> tantivy.Document:
    """The `main` document of an entry."""
    document = tantivy.Document()
    document.add_unsigned(schema.DOC, doc)
    document.add_unsigned(schema.ID, entry.id)
    # Every slug is new: past `fold`'s cache, which it would only churn.
    document.add_text(schema.SLUG, fold.__wrapped__(entry.slug))
    for keyword in set(map(fold, entry.keywords)):
        document.add_text(schema.KEYWORD, keyword)
    # The keywords prepared at once (a newline stays one, and stays between them).
    keywords = analysis.prepare("\n".join(entry.keywords)).split("\n") if entry.keywords else []
    question = analysis.prepare(entry.question)
    # The words a query of the question would rank by, and how many.
    terms = question_terms(entry.question, question, analysis.joined(question))
    document.add_text(schema.QUESTION_WORDS, " ".join(terms))
    document.add_unsigned(schema.QUESTION_TERMS, len(terms))
    texts = (
        (keywords, schema.REPEAT["keywords"]),
        ([question], schema.REPEAT["question"]),
        ([analysis.prepare(entry.answer)], schema.REPEAT["answer"]),
    )
    for values, times in texts:
        for prepared in values:  # each text apart: no phrase runs from one into the next
            extra = analysis.joined(prepared)
            for _ in range(times):
                for field in (schema.WORDS, schema.STEMS):
                    document.add_text(field, prepared)
                    if extra:
                        document.add_text(field, extra)
    return document


class Source:
    """What a build reads: the collection's head, its entries one at a time
    (they may be read as the build goes, never held), how far a build has come
    after so many entries (`measure(done)` → (done, total) in entries, or in
    bytes of a file being streamed), and whether it is large (which sizes
    tantivy's writer: a heap to fill for millions of words is slow to set up
    for five entries)."""

    __slots__ = ("entries", "head", "large", "measure")

    def __init__(
        self, head: Collection, entries: Iterable[Entry], measure: Measure, large: bool
    ) -> None:
        self.head = head
        self.entries = entries
        self.measure = measure
        self.large = large

    @classmethod
    def of(cls, collection: Collection) -> Source:
        """A collection in memory as a source."""
        total = len(collection.entries)
        return cls(collection, collection.entries, lambda done: (done, total), total >= 5_000)


def _writer(index: tantivy.Index, large: bool) -> tantivy.IndexWriter:
    return (
        index.writer(heap_size=HEAP * THREADS, num_threads=THREADS)
        if large
        else (index.writer(heap_size=SMALL_HEAP, num_threads=1))
    )


def build(
    source: Source, folder: str, meta: dict[str, str], progress: Progress | None = None
) -> int:
    """Index the entries of `source` into the empty `folder`; returns how many
    there were. `meta` goes into `meta.json` beside the head."""
    main_path, lexicon_path = os.path.join(folder, MAIN), os.path.join(folder, LEXICON)
    os.mkdir(main_path)
    os.mkdir(lexicon_path)
    main = tantivy.Index(schema.main_schema(), path=main_path, reuse=False)
    lexicon = tantivy.Index(schema.lexicon_schema(), path=lexicon_path, reuse=False)
    with contextlib.ExitStack() as files:
        data, offsets, words, word_offsets = (
            files.enter_context(open(os.path.join(folder, name), "xb"))
            for name in (ENTRIES, ENTRIES + OFFSETS, WORDS, WORDS + OFFSETS)
        )
        count = _build(main, lexicon, data, offsets, words, word_offsets, source, progress)
    written = {**meta, "head": head_json(source.head), "size": count, "format": schema.FORMAT}
    with open(os.path.join(folder, META), "x", encoding="utf-8") as out:
        json.dump(written, out, ensure_ascii=False)
    return count


def build_in_memory(source: Source, progress: Progress | None = None) -> Opened:
    """The index of `source` in memory (when the cache folder cannot hold it)."""
    from innovasjon_faq.index.entries import StoredEntries
    from innovasjon_faq.index.opened import Opened
    from innovasjon_faq.index.reader import SearchIndex

    main = tantivy.Index(schema.main_schema())
    lexicon = tantivy.Index(schema.lexicon_schema())
    files = [io.BytesIO() for _ in range(4)]
    _build(main, lexicon, files[0], files[1], files[2], files[3], source, progress)
    index = SearchIndex(main, lexicon, Records(files[2], files[3]))
    return Opened(index, StoredEntries(Records(files[0], files[1]), source.head, index))


def _build(
    main: tantivy.Index,
    lexicon: tantivy.Index,
    entries_data: BinaryIO,
    entries_offsets: BinaryIO,
    words_data: BinaryIO,
    words_offsets: BinaryIO,
    source: Source,
    progress: Progress | None,
) -> int:
    records = RecordsWriter(entries_data, entries_offsets)
    analysis.register(main)
    writer = _writer(main, source.large)
    count = 0
    for doc, entry in enumerate(source.entries):
        writer.add_document(document(doc, entry))
        records.add(encode_entry(entry))
        count = doc + 1
        if progress is not None and count % BATCH == 0:
            progress(*source.measure(count))
    records.finish()
    writer.commit()
    writer.wait_merging_threads()
    main.reload()
    _lexicon(main, lexicon, RecordsWriter(words_data, words_offsets), source.large)
    return count


def _lexicon(
    main: tantivy.Index, lexicon: tantivy.Index, words_file: RecordsWriter, large: bool
) -> None:
    """Every word of `main`, with its stem, into `lexicon` and the words' records."""
    searcher = main.searcher()
    postings = dict(searcher.terms_with_prefix(schema.WORDS, ""))
    words = sorted(postings)
    writer = _writer(lexicon, large)
    stems = (
        stem
        for at in range(0, len(words), BATCH)
        for stem in analysis.stems_of(words[at : at + BATCH])
    )
    for number, (word, word_stem) in enumerate(zip(words, stems, strict=True)):
        words_file.add(word.encode("utf-8"))
        document = tantivy.Document()
        document.add_text(schema.LEX_WORD, word)
        document.add_text(schema.LEX_STEM, word_stem)
        document.add_text(schema.LEX_REVERSED, word_stem[::-1])
        document.add_text(schema.LEX_REVERSED_WORD, word[::-1])
        document.add_unsigned(schema.LEX_NUMBER, number)
        document.add_unsigned(schema.LEX_POSTINGS, postings[word])
        writer.add_document(document)
    words_file.finish()
    writer.commit()
    writer.wait_merging_threads()
    lexicon.reload()
