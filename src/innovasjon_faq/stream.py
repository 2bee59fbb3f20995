"""Reading a large collection file one entry at a time, never whole.

A collection of a million entries is about a gigabyte of JSON: `json.loads`
of it would take several gigabytes of memory. `Stream` reads it with ijson
(its C parser) twice: once for the head (everything but the entries, which
may come before or after them), once for the entries, each checked by the
loader's own rules (`validation.Validator`) as it comes. Duplicate ids and slugs
are found at the end, from a sorted array of numbers, and a second look finds
where they stand, so memory stays small whatever the file's size.

The C parser reads a lone surrogate (`"\\ud800"`, which the loader refuses)
as `?`, without a word: the file's bytes are searched for such escapes first.
A file small enough for the loader (`loader.MAX_BYTES`) that the stream
refuses is refused with the loader's own words (its line and column, its
entry and field); a larger one with the byte the parser stopped at.
"""

from __future__ import annotations

import codecs
import hashlib
import mmap
import os
import re
from array import array
from collections.abc import Iterator
from itertools import pairwise

from innovasjon_faq.errors import DataError
from innovasjon_faq.i18n import _
from innovasjon_faq.models import Collection, Entry
from innovasjon_faq.validation import Validator

CHUNK = 1 << 16
# A \\uD800–\\uDFFF escape (a surrogate).
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LOW = re.compile(rb"\\u[dD][c-fC-F][0-9a-fA-F]{2}")


class _Counted:
    """A binary file that counts the bytes read from it (for progress), and
    skips a leading UTF-8 byte-order mark."""

    def __init__(self, path: str) -> None:
        self.handle = open(path, "rb")  # noqa: SIM115  (closed by close())
        if self.handle.read(3) != codecs.BOM_UTF8:
            self.handle.seek(0)
        self.done = self.handle.tell()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.done += len(data)
        return data

    def close(self) -> None:
        self.handle.close()


def _slug_key(slug: str) -> int:
    """A 64-bit number for a slug: two slugs that differ almost never share one,
    and those that do are told apart by the second look (`_duplicates`)."""
    digest = hashlib.blake2b(slug.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class Stream:
    """The collection file at `path`, read in two passes."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.size = os.stat(path).st_size
        self.reading: _Counted | None = None

    def position(self) -> tuple[int, int]:
        """(bytes read so far in the current pass, the file's size)."""
        return (self.reading.done if self.reading is not None else 0), self.size

    def _fail(self, error: Exception) -> DataError:
        at = self.reading.done if self.reading is not None else 0
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return DataError(
            self.path,
            _("not valid JSON near byte {offset}: {reason}").format(offset=at, reason=reason),
        )

    def _loaders_words(self, error: DataError) -> DataError:
        """The loader's own refusal of the file when it can read it whole
        (it says more: the line, the entry, the field); else `error`."""
        from innovasjon_faq.loader import MAX_BYTES, load

        if self.size > MAX_BYTES:
            return error
        try:
            load(self.path)
        except DataError as precise:
            return precise
        return error

    def _lone_surrogate(self) -> int | None:
        """Where the first lone surrogate escape of the file stands, if any.
        (Surrogate escapes begin `\\ud`: those are found with `find`, which
        runs at memory speed, and only they are looked at in Python.)"""
        with open(self.path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return None
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                lone = [
                    at for needle in (b"\\ud", b"\\uD") if (at := _first_lone(data, needle)) >= 0
                ]
        return min(lone) if lone else None

    def head(self) -> Collection:
        """The collection but its entries, checked (raises DataError)."""
        try:
            at = self._lone_surrogate()
        except (OSError, ValueError):
            at = None  # the parser says what is wrong with the file
        if at is not None:
            raise self._loaders_words(
                DataError(
                    self.path,
                    _("a lone surrogate near byte {offset}, which is not a character").format(
                        offset=at
                    ),
                )
            )
        try:
            return self._head()
        except DataError as error:
            raise self._loaders_words(error) from None

    def _head(self) -> Collection:
        import ijson

        builders: dict[str, ijson.ObjectBuilder] = {}
        top_level_kind = None
        entries_kind = None
        self.reading = reading = _Counted(self.path)
        try:
            for prefix, event, value in ijson.parse(reading, use_float=True):
                if not prefix:
                    top_level_kind = top_level_kind or event
                    continue
                key, _dot, rest = prefix.partition(".")
                if key == "entries":
                    if not rest and entries_kind is None:
                        entries_kind = event
                    continue
                builder = builders.get(key)
                if builder is None:
                    if event == "map_key" and not rest:
                        continue  # the key itself, seen at the top level
                    builder = builders[key] = ijson.ObjectBuilder()
                builder.event(event, value)
        except (ijson.JSONError, UnicodeDecodeError, ValueError) as error:
            raise self._fail(error) from None
        finally:
            reading.close()
            self.reading = None
        data: dict[str, object] = {key: builder.value for key, builder in builders.items()}
        if top_level_kind == "start_map":
            data["entries"] = [] if entries_kind == "start_array" else data.get("entries")
            if entries_kind is None:
                data.pop("entries", None)
            elif entries_kind != "start_array":
                data["entries"] = {}  # not a list: the validator says so
        else:
            data = [] if top_level_kind == "start_array" else None  # type: ignore[assignment]
        return Validator(self.path).collection(data)

    def entries(self) -> Iterator[Entry]:
        """The entries, each checked as it is read; duplicate ids and slugs are
        found when all have been read (raises DataError)."""
        try:
            yield from self._entries()
        except DataError as error:
            raise self._loaders_words(error) from None

    def _entries(self) -> Iterator[Entry]:
        import ijson

        validator = Validator(self.path)
        ids = array("Q")
        slugs = array("Q")
        self.reading = reading = _Counted(self.path)
        try:
            items = ijson.items(reading, "entries.item", use_float=True)
            position = 0
            while True:
                try:
                    item = next(items)
                except StopIteration:
                    break
                except (ijson.JSONError, UnicodeDecodeError, ValueError) as error:
                    raise self._fail(error) from None
                position += 1
                entry = validator.entry(item, position)
                assert entry is not None  # the validator raises instead
                ids.append(entry.id)
                slugs.append(_slug_key(entry.slug))
                yield entry
        finally:
            reading.close()
            self.reading = None
        for numbers, kind in ((ids, "id"), (slugs, "slug")):
            if _has_duplicate(numbers):
                self._duplicates(kind)

    def _duplicates(self, kind: str) -> None:
        """Find the first duplicate id or slug and raise the loader's error for it."""
        import ijson

        seen: dict[object, int] = {}
        with open(self.path, "rb") as handle:
            for position, item in enumerate(ijson.items(handle, "entries.item"), 1):
                value = item.get(kind)
                if value in seen:
                    where = _("entry {number}").format(number=position)
                    if kind == "id":
                        problem = _("duplicate id {id} (also entry {other})").format(
                            id=value, other=seen[value]
                        )
                    else:
                        problem = _("duplicate slug '{slug}' (also entry {other})").format(
                            slug=value, other=seen[value]
                        )
                    raise DataError(self.path, problem, where)
                seen[value] = position


def _first_lone(data: mmap.mmap, needle: bytes) -> int:
    """The first lone surrogate escape that begins with `needle`, or -1."""
    at = data.find(needle)
    while at >= 0:
        run = 0
        while at - run > 0 and data[at - run - 1] == 0x5C:  # backslashes before it
            run += 1
        if run % 2 == 0 and _SURROGATE.match(data, at):
            if data[at + 3 : at + 4] in b"89abAB":  # a high surrogate
                if not _LOW.match(data, at + 6):
                    return at  # not followed by a low one
            elif not _paired_low(data, at):
                return at  # a low one without a high one before it
        at = data.find(needle, at + 2)
    return -1


def _paired_low(data: mmap.mmap, escape: int) -> bool:
    """Whether the low surrogate escape at `escape` ends a pair (a high one
    just before it)."""
    before = data[max(0, escape - 6) : escape]
    return len(before) == 6 and re.fullmatch(rb"\\u[dD][89abAB][0-9a-fA-F]{2}", before) is not None


def _has_duplicate(numbers: array[int]) -> bool:
    return any(a == b for a, b in pairwise(sorted(numbers)))
