"""The `Store` protocol answered from an index file written by `build.py`.

Read up front: the small `meta` rows and the document lengths (one array, used
for every scored entry). Postings, entries and lookups are fetched by key when
the engine asks; the vocabulary (one blob) on first use. The file is opened read-only
and `immutable` — it is never changed in place, only replaced whole (see
cache.py) — so SQLite takes no locks and a concurrent rebuild cannot disturb
a reader. Any SQLite failure surfaces as `IndexUnusable`, which the CLI answers
by falling back to reading the collection itself.
"""

from __future__ import annotations

# The C module itself: `import sqlite3` adds the DB-API's date and time
# adapters, and their `import datetime` (~1.4 ms) on every indexed run. It is
# the same module (`sqlite3.connect is _sqlite3.connect`; tests/test_imports.py).
import _sqlite3 as sqlite3
import codecs
import re
import sys
from array import array
from bisect import bisect_right
from itertools import accumulate
from operator import itemgetter

from innovasjon_faq.index import IndexUnusable
from innovasjon_faq.index.build import ANY_WORD, SEP, STEMS, TEXT_BREAK, WORDS, WORDS_ENCODING
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.search.normalize import fold
from innovasjon_faq.search.stem import MAX_STEM_TAIL, MIN_STEM_PREFIX, shorter_relatives

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from typing import Any

    from innovasjon_faq.search.store import Posting


def decode(data: bytes) -> list[Posting]:
    """The postings of a blob written by `build.encode` (see `build.pack`).

    Read as 32-bit halves, each 64-bit value gives the document (high half)
    and `count << 2 | field` (low half); the loops run in C, which matters
    for a word found in tens of thousands of entries."""
    halves = array("I")
    halves.frombytes(data)
    low, high = (halves[0::2], halves[1::2]) if _LITTLE else (halves[1::2], halves[0::2])
    return list(zip(high, map((3).__and__, low), map((2).__rrshift__, low), strict=True))


assert (WORDS, STEMS) == (0, 1)  # as the queries below spell them
_WORD_POSTINGS = "SELECT data FROM postings WHERE kind = 0 AND key = ? ORDER BY part"
# A stem's row may name the one word whose postings it shares (build._flush).
_STEMS = """
FROM postings AS p
LEFT JOIN postings AS w ON p.alias IS NOT NULL AND w.kind = 0 AND w.key = p.alias
    AND w.part = p.part
WHERE p.kind = 1 AND p.key """
_STEM_POSTINGS = f"SELECT coalesce(w.data, p.data) {_STEMS}= ? ORDER BY p.part"


# Many keys at once: one round trip for the hundreds of longer words of a term.
_MANY_WORDS = "SELECT key, data FROM postings WHERE kind = 0 AND key IN ({}) ORDER BY key, part"
_MANY_STEMS = f"SELECT p.key, coalesce(w.data, p.data) {_STEMS}IN ({{}}) ORDER BY p.key, p.part"
_MANY = 500  # keys per query (SQLite allowed 999 parameters before 3.32)

_LITTLE = sys.byteorder == "little"
_WORDS_OF = "SELECT doc, words FROM words WHERE doc IN ({})"
# Between two documents' words, as between texts. The codec's functions, not
# str.encode/bytes.decode, which would import the codec's module (~0.2 ms).
assert WORDS_ENCODING == "utf-16-le"
_BREAK = codecs.utf_16_le_encode(TEXT_BREAK)[0]
_FORMS = "SELECT stem, words FROM forms WHERE stem IN ({})"
# The stems that begin with a stem and are at most MAX_STEM_TAIL letters longer.
_LONGER_FORMS = "SELECT stem, words FROM forms WHERE stem > ? AND stem < ? AND length(stem) <= ?"


def _entry(row: tuple[object, ...]) -> Entry:
    """An entry from its row of the `entries` table."""
    _, entry_id, slug, question, answer, keywords, see_also, refers = row
    return Entry(
        id=int(entry_id),  # type: ignore[call-overload]
        slug=str(slug),
        question=str(question),
        answer=str(answer),
        keywords=tuple(str(keywords).split(SEP)) if keywords else (),
        see_also=tuple(str(see_also).split(SEP)) if see_also else (),
        refers_to_contacts=bool(refers),
    )


def _uri(path: str) -> str:
    quoted = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{quoted}?mode=ro&immutable=1"


class SqliteStore:
    """An index file, read on demand."""

    def __init__(self, path: str) -> None:
        try:
            self.db = sqlite3.connect(_uri(path), uri=True, check_same_thread=False)
        except sqlite3.Error as error:
            raise IndexUnusable(str(error)) from None
        try:
            rows = self._all("SELECT key, value FROM meta")
            self.meta: dict[str, Any] = {str(key): value for key, value in rows}
            self._lengths = array("d")
            self._lengths.frombytes(self._blob("lengths"))
        except IndexUnusable:
            self.db.close()  # an unusable file: let go of it at once
            raise
        self._entries: dict[int, Entry] = {}
        # Called for every scored document: straight to the array, in C.
        self.doc_length = self._lengths.__getitem__  # type: ignore[method-assign,assignment]
        self._vocabulary: list[str] | None = None
        self._surfaces: dict[str, str] | None = None
        self._question_sizes: array[int] | None = None
        self._vocabulary_text: str | None = None
        self._related_rows: dict[str, list[tuple[str, str]]] = {}

    def close(self) -> None:
        self.db.close()

    def _all(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.Error as error:
            raise IndexUnusable(str(error)) from None

    def _blob(self, name: str) -> bytes:
        rows = self._all("SELECT data FROM blobs WHERE name = ?", name)
        if not rows or not isinstance(rows[0][0], bytes):
            raise IndexUnusable(f"no {name} in the index")
        return rows[0][0]

    @property
    def source(self) -> str:
        return str(self.meta.get("source", ""))

    @property
    def collection(self) -> Collection:
        """The collection's title, intro and contacts; `entries` is left empty
        (they stay in the file, fetched one by one through `entry`)."""
        import json

        head = json.loads(str(self.meta["collection"]))
        return Collection(
            title=head["title"],
            intro=head["intro"],
            entries=(),
            contacts_intro=head["contacts_intro"],
            contacts=tuple(
                Contact(c["name"], c["organization"], tuple(c["phones"]), c["email"])
                for c in head["contacts"]
            ),
            section=head["section"],
            language=head["language"],
            schema_version=head["schema_version"],
        )

    # -- the Store protocol ---------------------------------------------------------

    @property
    def size(self) -> int:
        return int(self.meta["size"])

    @property
    def avg_length(self) -> float:
        return float(self.meta["avg_length"])

    def doc_length(self, doc: int) -> float:
        return self._lengths[doc]

    def entry(self, doc: int) -> Entry:
        cached = self._entries.get(doc)
        if cached is not None:
            return cached
        rows = self._all("SELECT * FROM entries WHERE doc = ?", doc)
        if not rows:
            raise IndexUnusable(f"no entry {doc} in the index")
        entry = self._entries[doc] = _entry(rows[0])
        return entry

    def _blobs(self, sql: str, key: str) -> bytes:
        # The parts are arrays of the same type: joined, they read as one.
        return b"".join(data for (data,) in self._all(sql, key))  # type: ignore[misc]

    def word_postings(self, word: str) -> Sequence[Posting]:
        return decode(self._blobs(_WORD_POSTINGS, word))

    def stem_postings(self, word_stem: str) -> Sequence[Posting]:
        return decode(self._blobs(_STEM_POSTINGS, word_stem))

    def packed_postings(self, kind: int, key: str) -> array[int]:
        """The optional fast form of `word_postings` (kind 0) and
        `stem_postings` (kind 1): the stored 64-bit values
        `doc << 32 | count << 2 | field` as they are, no tuple per posting."""
        packed = array("Q")
        packed.frombytes(self._blobs(_STEM_POSTINGS if kind else _WORD_POSTINGS, key))
        return packed

    def _all_in(self, sql: str, keys: Sequence[object]) -> Iterator[tuple[object, ...]]:
        """The rows of `sql`, whose `IN ({})` is given `keys`, _MANY at a time."""
        for start in range(0, len(keys), _MANY):
            chunk = keys[start : start + _MANY]
            yield from self._all(sql.format(", ".join("?" * len(chunk))), *chunk)

    def packed_postings_many(self, kind: int, keys: Sequence[str]) -> dict[str, array[int]]:
        """`packed_postings(kind, key)` of each of `keys`, in a few queries."""
        found = {key: array("Q") for key in keys}
        for key, data in self._all_in(_MANY_STEMS if kind else _MANY_WORDS, keys):
            found[str(key)].frombytes(data)  # type: ignore[arg-type]
        return found

    def load_entries(self, docs: Sequence[int]) -> None:
        """Read the entries of `docs` in a few queries (then `entry` has them)."""
        missing = [doc for doc in docs if doc not in self._entries]
        for row in self._all_in("SELECT * FROM entries WHERE doc IN ({})", missing):
            self._entries[int(row[0])] = _entry(row)  # type: ignore[call-overload]

    def phrase_docs(self, docs: Iterable[int], phrases: Sequence[Sequence[str]]) -> set[int]:
        """The documents of `docs` whose entry holds every phrase of `phrases`,
        each given as the stems of its words: in some text of the entry, one
        word after another whose stem is `related` to the phrase's (the
        words `phrase.Phrases` matches).

        Found in the entries' words (build.py's `words` table: a character
        per word, `build.code`), joined into one text, by a regular
        expression per phrase with a class of characters per word: the loops
        run in C. Exact, but for the words past the 63,000th
        (`build.ANY_WORD`), which stand for any word: never fewer documents
        than hold the phrases."""
        patterns = []
        for phrase in phrases:
            classes = [self._forms(word_stem) for word_stem in phrase]
            if "" in classes:
                return set()  # a word of the phrase is nowhere: so is the phrase
            chars = (re.escape("".join(sorted({*forms, chr(ANY_WORD)}))) for forms in classes)
            patterns.append(re.compile("".join(f"[{one}]" for one in chars)))
        rows = list(self._all_in(_WORDS_OF, sorted(docs)))
        if not rows:
            return set()
        data: list[bytes] = list(map(itemgetter(1), rows))
        text = codecs.utf_16_le_decode(_BREAK.join(data))[0]
        # Where each document's words begin in `text`: after those before it
        # (two bytes a character) and a break each.
        sizes = map((1).__add__, map((1).__rrshift__, map(len, data[:-1])))
        starts = list(accumulate(sizes, initial=0))
        held = set(range(len(rows)))
        for pattern in patterns:
            found: set[int] = set()
            match = pattern.search(text)
            while match is not None:
                index = bisect_right(starts, match.start()) - 1
                found.add(index)
                if index + 1 == len(starts):
                    break
                match = pattern.search(text, starts[index + 1])  # on to the next document
            held &= found
        return {int(rows[index][0]) for index in held}  # type: ignore[call-overload]

    def _forms(self, word_stem: str) -> str:
        """The characters (`build.code`) of the words whose stem is `related`
        to `word_stem`."""
        return "".join(words for _, words in self._related(word_stem))

    def related_stems(self, word_stem: str) -> list[str]:
        """The stems of the collection's words that are `related` to
        `word_stem` (the optional fast form of the engine's scan of the
        vocabulary for them: two indexed queries)."""
        return [other for other, _ in self._related(word_stem)]

    def _related(self, word_stem: str) -> list[tuple[str, str]]:
        """The `forms` rows of the stems `related` to `word_stem`: itself,
        its shorter relatives, and the stems that begin with it and are at
        most MAX_STEM_TAIL letters longer (`stem.related`). Remembered: a
        phrase's words are asked for here by the engine and by `phrase_docs`."""
        known = self._related_rows.get(word_stem)
        if known is not None:
            return known
        stems = [word_stem, *shorter_relatives(word_stem)]
        rows = self._all(_FORMS.format(", ".join("?" * len(stems))), *stems)
        if len(word_stem) >= MIN_STEM_PREFIX:
            longest = len(word_stem) + MAX_STEM_TAIL
            # Above every stem that begins with this one: a word's letters are
            # word characters (\w), and the last code point is not one.
            above = word_stem + chr(sys.maxunicode)
            rows += self._all(_LONGER_FORMS, word_stem, above, longest)
        found = self._related_rows[word_stem] = [(str(other), str(words)) for other, words in rows]
        return found

    def question_size(self, doc: int) -> int:
        """How many distinct words rank the entry's question (the engine's
        question bonus needs exactly the query's number), at most 255."""
        if self._question_sizes is None:
            self._question_sizes = array("B")
            self._question_sizes.frombytes(self._blob("question_sizes"))
        return self._question_sizes[doc]

    def vocabulary(self) -> Sequence[str]:
        if self._vocabulary is None:
            text = self.vocabulary_text()
            self._vocabulary = text.split("\n") if text else []
        return self._vocabulary

    def vocabulary_text(self) -> str:
        """The optional fast form of `vocabulary`: the sorted words joined by
        newlines, as stored (the engine scans it without splitting it)."""
        if self._vocabulary_text is None:
            self._vocabulary_text = self._blob("vocabulary").decode()
        return self._vocabulary_text

    def surface(self, word: str) -> str:
        if self._surfaces is None:
            text = self._blob("surfaces").decode()
            surfaces = text.split("\n") if text else []
            self._surfaces = dict(zip(self.vocabulary(), surfaces, strict=True))
        return self._surfaces.get(word, word)

    def doc_for_id(self, entry_id: int) -> int | None:
        rows = self._all("SELECT doc FROM entries WHERE id = ? ORDER BY doc LIMIT 1", entry_id)
        return int(rows[0][0]) if rows else None  # type: ignore[call-overload]

    def doc_for_slug(self, slug: str) -> int | None:
        rows = self._all("SELECT doc FROM slugs WHERE folded = ?", fold(slug))
        return int(rows[0][0]) if rows else None  # type: ignore[call-overload]

    def docs_for_keyword(self, keyword: str) -> Sequence[int]:
        rows = self._all("SELECT doc FROM keywords WHERE folded = ? ORDER BY doc", fold(keyword))
        return [int(doc) for (doc,) in rows]  # type: ignore[call-overload]
