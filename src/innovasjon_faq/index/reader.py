"""Reading an index folder (build.py): what the engine asks of `main` and `lexicon`.

Everything tantivy does here runs in Rust; Python gets back a few numbers or
words per question. Any failure of tantivy's — an error, or a panic on a
damaged file, which pyo3 raises as a BaseException — surfaces as
`IndexUnusable`, which the caller answers by building the index again.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

import tantivy

from innovasjon_faq.index import IndexUnusable, schema
from innovasjon_faq.index.build import LEXICON, MAIN
from innovasjon_faq.index.records import Records
from innovasjon_faq.search import analysis
from innovasjon_faq.search.normalize import fold

TYPE_CHECKING = False  # not typing's, which costs a search ~5 ms: docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import TypeVar

    T = TypeVar("T")
Hit = tuple[float, int]  # (score, document number)
# A word of the lexicon by number, and how many entries it stands in.
Candidate = tuple[int, int]


@contextmanager
def _unusable() -> Iterator[None]:
    """Any failure inside tantivy as IndexUnusable; and whatever Rust's panic
    hook would print about it (a line, or with RUST_BACKTRACE a backtrace)
    kept off the user's terminal, which gets faq's own line if anything."""
    with _quiet_stderr():
        try:
            yield
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as error:  # pyo3's PanicException is a BaseException
            raise IndexUnusable(f"{type(error).__name__}: {error}") from None


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """File descriptor 2 pointed at the null device for a while (Rust writes
    there directly, past sys.stderr); as it was when that cannot be done."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _numbers(values: Sequence[object]) -> list[int]:
    """The values of an unsigned fast field, which a whole index always has."""
    if not all(type(value) is int for value in values):
        raise IndexUnusable("a document without its number")
    return values  # type: ignore[return-value]


def _open(path: str) -> tantivy.Index:
    index = tantivy.Index.open(path)
    analysis.register(index)
    return index


class SearchIndex:
    """The tantivy side of an index folder (or of two indexes in memory)."""

    def __init__(self, main: tantivy.Index, lexicon: tantivy.Index, words: Records) -> None:
        self.word_records = words  # the lexicon's words, by number
        with _unusable():
            self.main = main
            self.lexicon = lexicon
            self.schema = main.schema
            self.lexicon_schema = lexicon.schema
            self.searcher = main.searcher()
            self.words = lexicon.searcher()
            self.size = self.searcher.num_docs

    @classmethod
    def open(cls, folder: str, words: Records) -> SearchIndex:
        with _unusable():
            main = _open(os.path.join(folder, MAIN))
            lexicon = _open(os.path.join(folder, LEXICON))
        return cls(main, lexicon, words)

    def words_of(self, numbers: Sequence[int]) -> list[str]:
        """The lexicon's words of `numbers`."""
        try:
            return [r.decode("utf-8") for r in self.word_records.get_many(numbers)]
        except UnicodeDecodeError:
            raise IndexUnusable("words: a record that is not UTF-8") from None

    def call(self, action: Callable[[], T]) -> T:
        """`action()`, its failures as IndexUnusable."""
        with _unusable():
            return action()

    # -- the entries ---------------------------------------------------------------

    def search(self, query: tantivy.Query, limit: int) -> list[Hit]:
        """The best `limit` documents for `query`, best first."""
        with _unusable():
            found = self.searcher.search(query, limit, count=False).hits
            if not found:
                return []
            addresses = [address for _, address in found]
            docs = _numbers(self.searcher.fast_field_values(schema.DOC, addresses))
            return [(float(score), doc) for (score, _), doc in zip(found, docs, strict=True)]

    def _docs(self, query: Callable[[], tantivy.Query], limit: int) -> list[int]:
        """The documents of `query()` (at most `limit`), in collection order."""
        with _unusable():
            found = self.searcher.search(query(), limit, count=False).hits
            if not found:
                return []
            docs = _numbers(self.searcher.fast_field_values(schema.DOC, [a for _, a in found]))
        return sorted(docs)

    def doc_for_id(self, entry_id: int) -> int | None:
        if not 0 <= entry_id < 2**64:
            return None
        found = self._docs(lambda: tantivy.Query.term_query(self.schema, schema.ID, entry_id), 1)
        return found[0] if found else None

    def doc_for_slug(self, slug: str) -> int | None:
        """The document whose slug folds to `fold(slug)`."""
        query = lambda: tantivy.Query.term_query(self.schema, schema.SLUG, fold(slug))  # noqa: E731
        found = self._docs(query, 1)
        return found[0] if found else None

    def docs_for_keyword(self, keyword: str) -> list[int]:
        """The documents with a keyword that folds to `fold(keyword)`."""
        folded = fold(keyword)
        count = self.doc_freq(schema.KEYWORD, folded)
        if not count:
            return []
        return self._docs(
            lambda: tantivy.Query.term_query(self.schema, schema.KEYWORD, folded), count
        )

    def doc_freq(self, field: str, term: str) -> int:
        with _unusable():
            return int(self.searcher.doc_freq(field, term))

    # -- the vocabulary ----------------------------------------------------------------

    def _terms(self, field: str, prefix: str, limit: int | None = None) -> list[str]:
        with _unusable():
            found = self.words.terms_with_prefix(field, prefix, limit=limit)
            return [term for term, _ in found]

    def stems_with_prefix(self, prefix: str) -> list[str]:
        """The stems of the collection that begin with `prefix`."""
        return self._terms(schema.LEX_STEM, prefix)

    def has_stem(self, stem: str) -> bool:
        with _unusable():
            return bool(self.words.doc_freq(schema.LEX_STEM, stem))

    def words_with_prefix(self, prefix: str, limit: int | None = None) -> list[str]:
        """The folded words of the collection that begin with `prefix`."""
        return self._terms(schema.LEX_WORD, prefix, limit)

    def has_word(self, word: str) -> bool:
        with _unusable():
            return bool(self.words.doc_freq(schema.LEX_WORD, word))

    def words_near(self, word: str, distance: int, limit: int) -> list[Candidate]:
        """Up to `limit` words of the collection within `distance` edits of
        `word` (a transposition is one edit)."""
        return self._candidates(
            lambda: tantivy.Query.fuzzy_term_query(
                self.lexicon_schema, schema.LEX_WORD, word, distance, True
            ),
            limit,
        )

    def words_matching(self, field: str, pattern: str, limit: int) -> list[Candidate]:
        """Up to `limit` words whose term in the lexicon's `field` matches the
        regular expression `pattern` (whole; it should begin with letters, for
        a leading wildcard scans the whole vocabulary)."""
        return self._candidates(
            lambda: tantivy.Query.regex_query(self.lexicon_schema, field, pattern), limit
        )

    def _candidates(self, make: Callable[[], tantivy.Query], limit: int) -> list[Candidate]:
        """The first `limit` lexicon documents that match `make()`, in the
        lexicon's (alphabetical) order, as (number, entries it stands in);
        `words_of` gives the words of the numbers."""
        with _unusable():
            found = self.words.search(make(), limit, count=False).hits
            if not found:
                return []
            addresses = [address for _, address in found]
            numbers = _numbers(self.words.fast_field_values(schema.LEX_NUMBER, addresses))
            counts = _numbers(self.words.fast_field_values(schema.LEX_POSTINGS, addresses))
        return sorted(zip(numbers, counts, strict=True))
