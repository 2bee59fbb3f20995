"""The entries of an index folder, and its head (build.py writes them).

`entries` holds each entry as one record (records.py): its fields joined by
a unit separator, lists by a record separator — control characters that the
loader refuses in every text, so they cannot occur in one. `meta.json` holds
the collection's head and what the index was built from. A record that does
not decode to an entry is damage: `IndexUnusable`.
"""

from __future__ import annotations

import json
import os

from innovasjon_faq.index import IndexUnusable
from innovasjon_faq.index.records import OFFSETS, Records
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.search.store import Entries

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Sequence

    from innovasjon_faq.index.reader import SearchIndex

ENTRIES, WORDS, META = "entries", "words", "meta.json"
FIELD, ITEM = "\x1f", "\x1e"
_FIELDS = 7


def encode_entry(entry: Entry) -> bytes:
    """An entry as one record (`decode_entry` reads it)."""
    fields = (
        str(entry.id),
        entry.slug,
        entry.question,
        entry.answer,
        ITEM.join(entry.keywords),
        ITEM.join(entry.see_also),
        "1" if entry.refers_to_contacts else "0",
    )
    return FIELD.join(fields).encode("utf-8", "surrogatepass")


def _items(text: str) -> tuple[str, ...]:
    return tuple(text.split(ITEM)) if text else ()


def decode_entry(record: bytes) -> Entry:
    """The entry of a record (raises IndexUnusable when it is none)."""
    try:
        fields = record.decode("utf-8", "surrogatepass").split(FIELD)
    except UnicodeDecodeError:
        raise IndexUnusable("entries: a record that is not UTF-8") from None
    if len(fields) != _FIELDS or not fields[0].isascii() or not fields[0].isdigit():
        raise IndexUnusable("entries: a record of another shape")
    entry_id, slug, question, answer, keywords, see_also, refers = fields
    if refers not in ("0", "1"):
        raise IndexUnusable("entries: a record of another shape")
    return Entry(
        int(entry_id), slug, question, answer, _items(keywords), _items(see_also), refers == "1"
    )


def head_json(head: Collection) -> dict[str, object]:
    """The collection but its entries, as `meta.json` holds it."""
    return {
        "title": head.title,
        "intro": head.intro,
        "contacts_intro": head.contacts_intro,
        "contacts": [contact.to_dict() for contact in head.contacts],
        "section": head.section,
        "language": head.language,
        "schema_version": head.schema_version,
    }


def head_from_json(head: object) -> Collection:
    """The head that `head_json` wrote (raises IndexUnusable on anything else)."""
    try:
        assert isinstance(head, dict)
        contacts = tuple(
            Contact(
                str(c["name"]),
                str(c["organization"]),
                tuple(map(str, c["phones"])),
                str(c["email"]),
            )
            for c in head["contacts"]
        )
        section = head["section"]
        assert section is None or isinstance(section, (int, str))
        return Collection(
            title=str(head["title"]),
            intro=str(head["intro"]),
            entries=(),
            contacts_intro=str(head["contacts_intro"]),
            contacts=contacts,
            section=section,
            language=str(head["language"]),
            schema_version=int(head["schema_version"]),
        )
    except (AssertionError, KeyError, TypeError, ValueError):
        raise IndexUnusable("meta: a head of another shape") from None


def read_meta(folder: str) -> dict[str, object]:
    try:
        with open(os.path.join(folder, META), "rb") as handle:
            meta = json.loads(handle.read(1 << 24))
    except (OSError, ValueError) as error:
        raise IndexUnusable(f"meta: {error}") from None
    if not isinstance(meta, dict):
        raise IndexUnusable("meta: not an object")
    return meta


def open_records(folder: str, name: str) -> Records:
    path = os.path.join(folder, name)
    try:
        data = open(path, "rb")  # noqa: SIM115  (closed by Records.close)
    except OSError as error:
        raise IndexUnusable(f"{name}: {error}") from None
    try:
        offsets = open(path + OFFSETS, "rb")  # noqa: SIM115
    except OSError as error:
        data.close()
        raise IndexUnusable(f"{name}: {error}") from None
    try:
        return Records(data, offsets)
    except IndexUnusable:
        data.close()
        offsets.close()
        raise


class StoredEntries(Entries):
    """`Entries` from an index folder: the records, and the index's lookups."""

    def __init__(self, records: Records, head: Collection, index: SearchIndex) -> None:
        self.records = records
        self._head = head
        self.index = index
        if records.count != index.size:
            raise IndexUnusable("the entries and the search index disagree")

    @property
    def head(self) -> Collection:
        return self._head

    @property
    def size(self) -> int:
        return self.records.count

    def entry(self, doc: int) -> Entry:
        return decode_entry(self.records.get(doc))

    def entries(self, docs: Sequence[int]) -> list[Entry]:
        return [decode_entry(record) for record in self.records.get_many(docs)]

    def doc_for_id(self, entry_id: int) -> int | None:
        return self.index.doc_for_id(entry_id)

    def doc_for_slug(self, slug: str) -> int | None:
        return self.index.doc_for_slug(slug)

    def docs_for_keyword(self, keyword: str) -> Sequence[int]:
        return self.index.docs_for_keyword(keyword)

    def close(self) -> None:
        self.records.close()
