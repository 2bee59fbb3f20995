"""Writing the index: a collection, its postings and lookups, into one SQLite file.

The postings are exactly those `MemoryStore` builds (same keys, same order, same
counts, same document lengths), so ranking cannot tell the two stores apart;
tests/test_index.py checks that. Two things make building 100,000 entries fit
in seconds rather than a minute:

- words are tokenised per whitespace-separated chunk through a cache: a token
  never spans whitespace, so `tokens(text)` is the concatenation of
  `tokens(chunk)` over `text.split()`, and a collection repeats its chunks;
- postings are kept in arrays and flushed every BATCH documents as one blob per
  key and batch, so memory stays bounded and SQLite gets few, large rows;
- a stem's postings are derived from its words' at each flush (`_flush`).

Beside the postings, each entry's words in order (`words`, read by
`sqlite_store.phrase_docs`): a quoted phrase needs to know where words stand,
which postings do not say. Each word is one character (`code`: the word's
number, in the order first met), so an entry is a short text, and whether it
holds a phrase is one regular-expression search in C. `forms` gives each stem's
words as those characters.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import chain

from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.search.normalize import PHRASE_QUOTES, tokens
from innovasjon_faq.search.query import STOP_WORDS
from innovasjon_faq.search.stem import stem
from innovasjon_faq.search.store import FIELD_WEIGHTS, FIELDS, field_texts

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    import sqlite3

FORMAT = 3
KEYWORDS, QUESTION = FIELDS.index("keywords"), FIELDS.index("question")
BATCH = 100_000
WORDS, STEMS = 0, 1
# A separator that cannot occur in a keyword (the loader refuses control characters).
SEP = "\x1f"
assert len(FIELDS) <= 4  # a field number takes two bits of a posting (`pack`)
# The words of an entry (`code`): one character per word, a newline between
# its texts (so no phrase runs from one into the next), stored as UTF-16.
TEXT_BREAK = "\n"
WORDS_ENCODING = "utf-16-le"
FIRST_CODE = 0x20  # the first word's character (those below stay free for TEXT_BREAK)
# The last character of the first plane (two bytes in UTF-16, so a text's
# length is half its bytes) stands for every word past the 63,000th; such a
# word matches any word of a phrase.
ANY_WORD = 0xFFFF
_SURROGATES = 0xD800, 0xE000  # not characters: skipped

Progress = Callable[[int, int], None]

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE blobs (name TEXT PRIMARY KEY, data BLOB) WITHOUT ROWID;
CREATE TABLE entries (
    doc INTEGER PRIMARY KEY, id INTEGER NOT NULL, slug TEXT NOT NULL,
    question TEXT NOT NULL, answer TEXT NOT NULL, keywords TEXT NOT NULL,
    see_also TEXT NOT NULL, refers_to_contacts INTEGER NOT NULL
);
CREATE TABLE slugs (folded TEXT PRIMARY KEY, doc INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE keywords (
    folded TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (folded, doc)
) WITHOUT ROWID;
CREATE TABLE words (doc INTEGER PRIMARY KEY, words BLOB NOT NULL);
CREATE TABLE forms (stem TEXT PRIMARY KEY, words TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE postings (
    kind INTEGER NOT NULL, key TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL,
    alias TEXT
);
"""


def encode(postings: array[int]) -> bytes:
    """Packed postings (`pack`) as the blob `sqlite_store.decode` reads."""
    return postings.tobytes()


def pack(doc: int, field: int) -> int:
    """`(doc, field, count)` is stored as one unsigned 64-bit number,
    `pack(doc, field) + (count << 2)`: the document in the high 32 bits, the
    count (below 2**30: a collection is at most 150 MiB) and the field number
    (two bits) in the low 32, so a reader splits them without a Python loop
    (`sqlite_store.decode`)."""
    return (doc << 32) | field


def code(number: int) -> str:
    """The character that stands for the word numbered `number` (from 0) in
    an entry's words (`words` table)."""
    point = FIRST_CODE + number
    if point >= _SURROGATES[0]:
        point += _SURROGATES[1] - _SURROGATES[0]
    return chr(min(point, ANY_WORD))


class _Tokeniser:
    """Folded words of a text, with a cache per whitespace-separated chunk."""

    def __init__(self) -> None:
        self.chunks: dict[str, tuple[str, ...]] = {}
        self.codes: dict[str, str] = {}  # per chunk: its unjoined words (`code`)
        self.numbers: dict[str, int] = {}  # per word: its number, in the order first met
        self.surface: dict[str, str] = {}
        self.stems: dict[str, str] = {}

    def _learn(self, chunk: str) -> tuple[str, ...]:
        found = tokens(chunk)
        numbers = self.numbers
        for token in found:
            # The first chunk holding a word comes before any other occurrence
            # of it, so the first surfaces are MemoryStore's.
            self.surface.setdefault(token.folded, token.surface)
            if token.folded not in self.stems:
                self.stems[token.folded] = stem(token.folded)
                numbers[token.folded] = len(numbers)
        # A phrase is matched against the words but the joined forms of hyphenated ones.
        unjoined = (numbers[t.folded] for t in found if not t.joined)
        self.codes[chunk] = "".join(map(code, unjoined))
        words = self.chunks[chunk] = tuple(t.folded for t in found)
        return words

    def _learn_all(self, chunks: list[str]) -> None:
        for chunk in chunks:
            if chunk not in self.chunks:
                self._learn(chunk)

    def words(self, chunks: list[str]) -> list[str]:
        """The folded words of a text split at whitespace, in order (the
        loops run in C; a chunk not met before fails in `chain`, then is learnt)."""
        try:
            return list(chain.from_iterable(map(self.chunks.get, chunks)))  # type: ignore[arg-type]
        except TypeError:
            self._learn_all(chunks)
            return list(chain.from_iterable(map(self.chunks.__getitem__, chunks)))

    def coded(self, chunks: list[str]) -> str:
        """The unjoined words (`normalize.unjoined_words`) of a text split at
        whitespace, a `code` each."""
        try:
            return "".join(map(self.codes.__getitem__, chunks))
        except KeyError:
            self._learn_all(chunks)
            return "".join(map(self.codes.__getitem__, chunks))


def build(
    collection: Collection,
    path: str,
    source: str,
    progress: Progress | None = None,
) -> None:
    """Write the index of `collection` to a new SQLite file at `path`.

    `source` is the signature of the collection file (see cache.py), kept so
    that a later run can tell whether the index is still that file's."""
    import sqlite3  # here: the store, which imports this module, needs only its constants

    db = sqlite3.connect(path, isolation_level=None)
    try:
        # A private file, renamed into place only when complete: no journal needed.
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        db.execute("BEGIN")
        _write(db, collection, source, progress)
        db.execute("COMMIT")
    finally:
        db.close()


def _postings() -> defaultdict[str, array[int]]:
    return defaultdict(lambda: array("Q"))


def _write(
    db: sqlite3.Connection, collection: Collection, source: str, progress: Progress | None
) -> None:
    from innovasjon_faq.search.normalize import fold

    entries = collection.entries
    total = len(entries)
    tokeniser = _Tokeniser()
    lengths = array("d")
    question_sizes = array("B")
    vocabulary: set[str] = set()
    words = _postings()
    slugs: dict[str, int] = {}
    keywords: list[tuple[str, int]] = []
    coded: list[tuple[int, bytes]] = []  # each entry's words, as `code`s
    part = 0
    for doc, entry in enumerate(entries):
        slugs.setdefault(fold(entry.slug), doc)
        keywords.extend((k, doc) for k in dict.fromkeys(fold(k) for k in entry.keywords))
        length = 0.0
        # The texts a phrase may stand in (`phrase.phrase_texts`): each keyword,
        # then the question and the answer, coded from the chunks split for
        # their postings (a chunk split anew would be hashed anew).
        texts = [tokeniser.coded(keyword.split()) for keyword in entry.keywords]
        for field, text in enumerate(field_texts(entry)):
            chunks = text.split()
            field_words = tokeniser.words(chunks)
            if field == QUESTION:
                question_sizes.append(min(255, _question_size(text, field_words)))
            if field != KEYWORDS:
                texts.append(tokeniser.coded(chunks))
            length += FIELD_WEIGHTS[field] * len(field_words)
            base = pack(doc, field)
            for word, count in Counter(field_words).items():
                words[word].append(base + (count << 2))
        lengths.append(length)
        coded.append((doc, TEXT_BREAK.join(texts).encode(WORDS_ENCODING)))
        if (doc + 1) % BATCH == 0:
            _flush(db, part, words, tokeniser.stems, vocabulary)
            db.executemany("INSERT INTO words VALUES (?, ?)", coded)
            coded.clear()
            part += 1
        if progress is not None and (doc + 1) % 1000 == 0:
            progress(doc + 1, total)
    _flush(db, part, words, tokeniser.stems, vocabulary)
    db.executemany("INSERT INTO words VALUES (?, ?)", coded)
    db.execute("CREATE UNIQUE INDEX postings_by_key ON postings (kind, key, part)")
    db.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (_row(doc, entry) for doc, entry in enumerate(entries)),
    )
    db.executemany("INSERT INTO slugs VALUES (?, ?)", slugs.items())
    db.executemany("INSERT OR IGNORE INTO keywords VALUES (?, ?)", keywords)
    db.execute("CREATE INDEX entries_by_id ON entries (id)")
    ordered = sorted(vocabulary)
    blobs = {
        "lengths": lengths.tobytes(),
        "question_sizes": question_sizes.tobytes(),
        "vocabulary": "\n".join(ordered).encode(),
        "surfaces": "\n".join(tokeniser.surface[w] for w in ordered).encode(),
    }
    db.executemany("INSERT INTO blobs VALUES (?, ?)", blobs.items())
    forms: defaultdict[str, list[str]] = defaultdict(list)
    for word in ordered:
        forms[tokeniser.stems[word]].append(code(tokeniser.numbers[word]))
    rows = ((word_stem, "".join(codes)) for word_stem, codes in forms.items())
    db.executemany("INSERT INTO forms VALUES (?, ?)", rows)
    avg = sum(lengths) / len(lengths) if lengths else 1.0
    meta = {
        "format": FORMAT,
        "source": source,
        "size": total,
        "avg_length": avg,
        "collection": _head(collection),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    if progress is not None:
        progress(total, total)


def _question_size(question: str, words: list[str]) -> int:
    """How many distinct words of the question rank it as a query
    (`len(engine._question_words(entry))`); the engine's question bonus needs
    exactly as many as the query has, so most entries are skipped unread."""
    if any(quote in question for quote in PHRASE_QUOTES):
        from innovasjon_faq.search.query import parse

        return len({term.word for term in parse(question).terms})
    distinct = set(words)
    return len(distinct - STOP_WORDS) or len(distinct)


def _flush(
    db: sqlite3.Connection,
    part: int,
    words: dict[str, array[int]],
    stems: dict[str, str],
    vocabulary: set[str],
) -> None:
    """Write one batch's postings. A stem's postings are its words' postings
    summed per (doc, field); when only one word of the batch has that stem they
    are that word's, and the row just names the word (`alias`) — four stems in
    five, which halves both the work and the file."""
    vocabulary.update(words)
    db.executemany(
        "INSERT INTO postings VALUES (?, ?, ?, ?, NULL)",
        ((WORDS, word, part, encode(postings)) for word, postings in words.items()),
    )
    groups: dict[str, list[str]] = defaultdict(list)
    for word in words:
        groups[stems[word]].append(word)
    rows: list[tuple[int, str, int, bytes, str | None]] = []
    for word_stem, members in groups.items():
        if len(members) == 1:
            rows.append((STEMS, word_stem, part, b"", members[0]))
        else:
            rows.append((STEMS, word_stem, part, encode(_merge(words, members)), None))
    db.executemany("INSERT INTO postings VALUES (?, ?, ?, ?, ?)", rows)
    words.clear()


def _merge(words: dict[str, array[int]], members: list[str]) -> array[int]:
    """The postings of several words summed per (doc, field), in (doc, field) order."""
    counts = 0xFFFFFFFC  # the bits of `count << 2`
    total: dict[int, int] = defaultdict(int)
    for word in members:
        for value in words[word]:
            total[value & ~counts] += value & counts
    return array("Q", (key + total[key] for key in sorted(total)))


def _row(doc: int, entry: Entry) -> tuple[int, int, str, str, str, str, str, int]:
    return (
        doc,
        entry.id,
        entry.slug,
        entry.question,
        entry.answer,
        SEP.join(entry.keywords),
        SEP.join(entry.see_also),
        int(entry.refers_to_contacts),
    )


def _head(collection: Collection) -> str:
    """Everything of the collection but its entries, as JSON."""
    import json

    return json.dumps(
        {
            "title": collection.title,
            "intro": collection.intro,
            "contacts_intro": collection.contacts_intro,
            "contacts": [c.to_dict() for c in collection.contacts],
            "section": collection.section,
            "language": collection.language,
            "schema_version": collection.schema_version,
        },
        ensure_ascii=False,
    )
