"""Read and validate a collection: the bundled one, or any file of the same shape.

Every problem raises `DataError` naming the file and, where it applies, the
line and column (JSON syntax) or the entry and field (shape).
"""

from __future__ import annotations

import codecs
import json
import os
import re

from innovasjon_faq.errors import DataError
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.text import describe_char, find_unsafe

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

BUNDLED = "bundled"
SCHEMA_VERSION = 1
# A collection this large would not fit the memory a help tool may use.
MAX_BYTES = 150 * 1024 * 1024

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
E164_RE = re.compile(r"^\+[1-9][0-9]{6,14}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def bundled_bytes() -> bytes:
    """The bundled `faq.json`, from the installed package (or a source checkout)."""
    # Plain paths, not importlib.resources (whose import costs more than the
    # whole of `faq show`): the wheel puts the file next to this module.
    package = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(package, "data", "faq.json")
    if not os.path.isfile(installed):
        # Running from a source checkout (PYTHONPATH=src): data/ is two folders up.
        installed = os.path.join(os.path.dirname(os.path.dirname(package)), "data", "faq.json")
    with open(installed, "rb") as handle:
        return handle.read()


def read_bytes(path: str) -> bytes:
    """The raw bytes of a collection file, or a DataError saying why not.

    A regular file larger than MAX_BYTES is refused from its size alone; a
    device or pipe (`/dev/zero`, a FIFO, `/dev/stdin`) has no size, so at most
    MAX_BYTES + 1 bytes are read from it before it is refused the same way.
    """
    try:
        size = os.stat(path).st_size
        if os.path.isdir(path):
            raise DataError(path, "is a folder, not a collection file")
        if size > MAX_BYTES:
            raise _too_large(path, f"is {_mib(size)} MiB")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DataError(path, "no such file") from None
    except PermissionError:
        raise DataError(path, "permission denied") from None
    except IsADirectoryError:
        raise DataError(path, "is a folder, not a collection file") from None
    except OSError as exc:
        raise DataError(path, exc.strerror or "cannot be read") from None
    except ValueError:  # a NUL in the name (possible from Python, not from a shell)
        raise DataError(path, "not a usable file name") from None
    if len(raw) > MAX_BYTES:
        raise _too_large(path, f"is more than {_mib(MAX_BYTES)} MiB")
    return raw


def _too_large(path: str, size: str) -> DataError:
    return DataError(path, f"{size}; the most faq reads is {_mib(MAX_BYTES)} MiB")


def _mib(size: int) -> int:
    return size // (1024 * 1024)


def decode(raw: bytes, path: str) -> Any:
    """Parse UTF-8 JSON (a leading byte-order mark is allowed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig reports offsets after the byte-order mark it skipped.
        start = exc.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        raise DataError(
            path, f"not UTF-8 (byte 0x{raw[start]:02x})", f"line {line}, column {column}"
        ) from None
    if not text.strip():
        raise DataError(path, "is empty, not a JSON collection")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            path, f"not valid JSON: {exc.msg}", f"line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise DataError(path, "not a collection: JSON nested too deeply") from None
    except ValueError:
        # Python >= 3.11 refuses integers of more than 4300 digits
        # (sys.get_int_max_str_digits) with a plain ValueError, no position.
        raise DataError(path, "not a collection: a number in it is too long") from None


def load(path: str | None = None) -> Collection:
    """Load the collection at `path`, or the bundled one when `path` is None."""
    if path is None:
        return parse(decode(bundled_bytes(), BUNDLED), BUNDLED)
    return parse(decode(read_bytes(path), path), path)


def parse(data: Any, path: str) -> Collection:
    """Validate decoded JSON and build a Collection."""
    return _Validator(path).collection(data)


class _Validator:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, problem: str, where: str | None = None) -> DataError:
        return DataError(self.path, problem, where)

    # -- scalar fields -------------------------------------------------------

    def text(
        self,
        obj: Mapping[str, Any],
        key: str,
        where: str,
        *,
        multiline: bool = False,
        required: bool = True,
    ) -> str:
        if key not in obj:
            if required:
                raise self.fail(f"missing required field '{key}'", where)
            return ""
        value = obj[key]
        if not isinstance(value, str):
            raise self.fail(f"field '{key}' must be a string, not {_kind(value)}", where)
        if required and not value.strip():
            raise self.fail(f"field '{key}' is empty", where)
        bad = find_unsafe(value, multiline=multiline)
        if bad is not None:
            raise self.fail(
                f"field '{key}' holds the control character {describe_char(bad)}", where
            )
        return value

    def strings(self, obj: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"field '{key}' must be a list of strings, not {_kind(value)}", where)
        items = []
        for index, item in enumerate(value):
            here = f"{where}, field '{key}' item {index + 1}"
            if not isinstance(item, str) or not item.strip():
                raise self.fail("must be a non-empty string", here)
            bad = find_unsafe(item)
            if bad is not None:
                raise self.fail(f"holds the control character {describe_char(bad)}", here)
            items.append(item)
        return tuple(items)

    # -- structure -----------------------------------------------------------

    def collection(self, data: Any) -> Collection:
        if not isinstance(data, dict):
            raise self.fail(f"not a collection: the top level is {_kind(data)}, not an object")
        where = "top level"
        version = data.get("schema_version", SCHEMA_VERSION)
        if not _is_int(version):
            raise self.fail("field 'schema_version' must be an integer", where)
        if version > SCHEMA_VERSION:
            raise self.fail(
                f"schema_version {version} is newer than this faq understands "
                f"({SCHEMA_VERSION}); upgrade faq",
                where,
            )
        section = data.get("section")
        if isinstance(section, str):
            section = self.text(data, "section", where)
        elif section is not None and not _is_int(section):
            raise self.fail("field 'section' must be a number or a string", where)
        if not isinstance(data.get("language", ""), str):
            raise self.fail("field 'language' must be a string", where)
        language = self.text(data, "language", where, required=False) or "nb"
        entries_raw = data.get("entries")
        if entries_raw is None:
            raise self.fail("missing required field 'entries'", where)
        if not isinstance(entries_raw, list):
            raise self.fail(f"field 'entries' must be a list, not {_kind(entries_raw)}", where)
        contacts_raw = data.get("contacts", [])
        if not isinstance(contacts_raw, list):
            raise self.fail(f"field 'contacts' must be a list, not {_kind(contacts_raw)}", where)
        return Collection(
            title=self.text(data, "title", where),
            intro=self.text(data, "intro", where, multiline=True, required=False),
            entries=self.entries(entries_raw),
            contacts_intro=self.text(data, "contacts_intro", where, multiline=True, required=False),
            contacts=tuple(self.contact(c, n) for n, c in enumerate(contacts_raw, 1)),
            section=section,
            language=language,
            schema_version=version,
            source=self.path,
        )

    def entries(self, raw: list[Any]) -> tuple[Entry, ...]:
        entries: list[Entry] = []
        ids: dict[int, int] = {}
        slugs: dict[str, int] = {}
        for position, item in enumerate(raw, 1):
            entry = self.entry(item, position)
            if entry.id in ids:
                raise self.fail(
                    f"duplicate id {entry.id} (also entry {ids[entry.id]})", f"entry {position}"
                )
            if entry.slug in slugs:
                raise self.fail(
                    f"duplicate slug '{entry.slug}' (also entry {slugs[entry.slug]})",
                    f"entry {position}",
                )
            ids[entry.id] = position
            slugs[entry.slug] = position
            entries.append(entry)
        return tuple(entries)

    def entry(self, item: Any, position: int) -> Entry:
        where = f"entry {position}"
        if not isinstance(item, dict):
            raise self.fail(f"must be an object, not {_kind(item)}", where)
        if "id" not in item:
            raise self.fail("missing required field 'id'", where)
        entry_id = item["id"]
        if not _is_int(entry_id) or entry_id < 1:
            raise self.fail("field 'id' must be a positive integer", where)
        where = f"entry {position} (id {entry_id})"
        slug = self.text(item, "slug", where)
        if not SLUG_RE.match(slug):
            raise self.fail(
                f"field 'slug' must be kebab-case (like 'komme-i-gang'), not {slug!r}", where
            )
        refers = item.get("refers_to_contacts", False)
        if not isinstance(refers, bool):
            raise self.fail("field 'refers_to_contacts' must be true or false", where)
        return Entry(
            id=entry_id,
            slug=slug,
            question=self.text(item, "question", where),
            answer=self.text(item, "answer", where, multiline=True),
            keywords=self.strings(item, "keywords", where),
            see_also=self.strings(item, "see_also", where),
            refers_to_contacts=refers,
        )

    def contact(self, item: Any, position: int) -> Contact:
        where = f"contact {position}"
        if not isinstance(item, dict):
            raise self.fail(f"must be an object, not {_kind(item)}", where)
        name = self.text(item, "name", where)
        where = f"contact {position} ({name})"
        phones = self.strings(item, "phones", where)
        for phone in phones:
            if not E164_RE.match(phone):
                raise self.fail(f"phone {phone!r} is not in E.164 form (like '+4724132638')", where)
        email = self.text(item, "email", where, required=False)
        if email and not EMAIL_RE.match(email):
            raise self.fail(f"field 'email' is not an e-mail address: {email!r}", where)
        return Contact(
            name=name,
            organization=self.text(item, "organization", where, required=False),
            phones=phones,
            email=email,
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)
