"""Read and validate a collection: the bundled one, or any file of the same shape.

Every problem raises `DataError` naming the file and, where it applies, the
line and column (JSON syntax) or the entry and field (shape).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from innovasjon_faq.errors import DataError
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.text import describe_char, find_unsafe

BUNDLED = "bundled"
SCHEMA_VERSION = 1
# A collection this large would not fit the memory a help tool may use.
MAX_BYTES = 150 * 1024 * 1024

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
E164_RE = re.compile(r"^\+[1-9][0-9]{6,14}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def bundled_bytes() -> bytes:
    """The bundled `faq.json`, from the installed package (or a source checkout)."""
    resource = resources.files("innovasjon_faq").joinpath("data/faq.json")
    if resource.is_file():
        return resource.read_bytes()
    # Running from a source checkout (PYTHONPATH=src): data/ is two folders up.
    return (Path(__file__).resolve().parents[2] / "data" / "faq.json").read_bytes()


def read_bytes(path: str) -> bytes:
    """The raw bytes of a collection file, or a DataError saying why not."""
    try:
        size = os.stat(path).st_size
        if os.path.isdir(path):
            raise DataError(path, "is a folder, not a collection file")
        if size > MAX_BYTES:
            raise DataError(
                path,
                f"is {size // (1024 * 1024)} MiB; the most faq reads is "
                f"{MAX_BYTES // (1024 * 1024)} MiB",
            )
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise DataError(path, "no such file") from None
    except PermissionError:
        raise DataError(path, "permission denied") from None
    except IsADirectoryError:
        raise DataError(path, "is a folder, not a collection file") from None
    except OSError as exc:
        raise DataError(path, exc.strerror or "cannot be read") from None


def decode(raw: bytes, path: str) -> Any:
    """Parse UTF-8 JSON (a leading byte-order mark is allowed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError(
            path, f"not UTF-8 (byte 0x{raw[exc.start]:02x})", f"line {line}, column {column}"
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


def load(path: str | None = None) -> Collection:
    """Load the collection at `path`, or the bundled one when `path` is None."""
    if path is None:
        return parse(decode(bundled_bytes(), BUNDLED), BUNDLED)
    return parse(decode(read_bytes(path), path), path)


def parse(data: Any, path: str) -> Collection:
    """Validate decoded JSON and build a Collection; the first problem raises."""
    return _Validator(path).collection(data)


def problems(path: str | None = None) -> list[DataError]:
    """Every problem of the collection at `path` (the bundled one when None), in
    file order; an empty list when it is valid."""
    name = BUNDLED if path is None else path
    try:
        data = decode(bundled_bytes() if path is None else read_bytes(path), name)
    except DataError as error:
        return [error]
    return check(data, name)


def check(data: Any, path: str, *, thorough: bool = True) -> list[DataError]:
    """Every problem of decoded JSON: the rules of `parse`, in the mode that
    collects instead of raising. `thorough` also asks phonenumbers whether each
    phone number exists, which `load` skips so that every command starts fast."""
    validator = _Validator(path, collect=True, thorough=thorough)
    validator.collection(data)
    return validator.problems


class _Validator:
    """The loader's rules. By default the first problem raises DataError; with
    `collect` every problem is recorded in `problems` and checking goes on with
    a neutral value in place of the bad one."""

    def __init__(self, path: str, *, collect: bool = False, thorough: bool = False) -> None:
        self.path = path
        self.collect = collect
        self.thorough = thorough
        self.problems: list[DataError] = []

    def fail(self, problem: str, where: str | None = None) -> None:
        error = DataError(self.path, problem, where)
        if not self.collect:
            raise error
        self.problems.append(error)

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
                self.fail(f"missing required field '{key}'", where)
            return ""
        value = obj[key]
        if not isinstance(value, str):
            self.fail(f"field '{key}' must be a string, not {_kind(value)}", where)
            return ""
        if required and not value.strip():
            self.fail(f"field '{key}' is empty", where)
        bad = find_unsafe(value, multiline=multiline)
        if bad is not None:
            self.fail(f"field '{key}' holds the control character {describe_char(bad)}", where)
        return value

    def strings(self, obj: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.fail(f"field '{key}' must be a list of strings, not {_kind(value)}", where)
            return ()
        items = []
        for index, item in enumerate(value):
            here = f"{where}, field '{key}' item {index + 1}"
            if not isinstance(item, str) or not item.strip():
                self.fail("must be a non-empty string", here)
                continue
            bad = find_unsafe(item)
            if bad is not None:
                self.fail(f"holds the control character {describe_char(bad)}", here)
            items.append(item)
        return tuple(items)

    # -- structure -----------------------------------------------------------

    def collection(self, data: Any) -> Collection:
        if not isinstance(data, dict):
            self.fail(f"not a collection: the top level is {_kind(data)}, not an object")
            return Collection(title="", intro="", entries=(), source=self.path)
        where = "top level"
        version: int = SCHEMA_VERSION
        if not _is_int(data.get("schema_version", SCHEMA_VERSION)):
            self.fail("field 'schema_version' must be an integer", where)
        else:
            version = data.get("schema_version", SCHEMA_VERSION)
        if version > SCHEMA_VERSION:
            self.fail(
                f"schema_version {version} is newer than this faq understands "
                f"({SCHEMA_VERSION}); upgrade faq",
                where,
            )
        section = data.get("section")
        if section is not None and not (_is_int(section) or isinstance(section, str)):
            self.fail("field 'section' must be a number or a string", where)
            section = None
        language = data.get("language", "nb")
        if not isinstance(language, str):
            self.fail("field 'language' must be a string", where)
            language = "nb"
        entries_raw = data.get("entries")
        if entries_raw is None:
            self.fail("missing required field 'entries'", where)
            entries_raw = []
        if not isinstance(entries_raw, list):
            self.fail(f"field 'entries' must be a list, not {_kind(entries_raw)}", where)
            entries_raw = []
        contacts_raw = data.get("contacts", [])
        if not isinstance(contacts_raw, list):
            self.fail(f"field 'contacts' must be a list, not {_kind(contacts_raw)}", where)
            contacts_raw = []
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
            if entry is None:
                continue
            if entry.id in ids:
                self.fail(
                    f"duplicate id {entry.id} (also entry {ids[entry.id]})", f"entry {position}"
                )
            if entry.slug in slugs:
                self.fail(
                    f"duplicate slug '{entry.slug}' (also entry {slugs[entry.slug]})",
                    f"entry {position}",
                )
            if entry.id:
                ids.setdefault(entry.id, position)
            if entry.slug:
                slugs.setdefault(entry.slug, position)
            entries.append(entry)
        return tuple(entries)

    def entry(self, item: Any, position: int) -> Entry | None:
        where = f"entry {position}"
        if not isinstance(item, dict):
            self.fail(f"must be an object, not {_kind(item)}", where)
            return None
        entry_id = 0
        if "id" not in item:
            self.fail("missing required field 'id'", where)
        elif not _is_int(item["id"]) or item["id"] < 1:
            self.fail("field 'id' must be a positive integer", where)
        else:
            entry_id = item["id"]
            where = f"entry {position} (id {entry_id})"
        slug = self.text(item, "slug", where)
        if slug and not SLUG_RE.match(slug):
            self.fail(f"field 'slug' must be kebab-case (like 'komme-i-gang'), not {slug!r}", where)
            slug = ""
        refers = item.get("refers_to_contacts", False)
        if not isinstance(refers, bool):
            self.fail("field 'refers_to_contacts' must be true or false", where)
            refers = False
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
            self.fail(f"must be an object, not {_kind(item)}", where)
            return Contact(name="", organization="", phones=(), email="")
        name = self.text(item, "name", where)
        if name:
            where = f"contact {position} ({name})"
        phones = self.strings(item, "phones", where)
        for phone in phones:
            self.phone(phone, where)
        email = self.text(item, "email", where, required=False)
        if email and not EMAIL_RE.match(email):
            self.fail(f"field 'email' is not an e-mail address: {email!r}", where)
        return Contact(
            name=name,
            organization=self.text(item, "organization", where, required=False),
            phones=phones,
            email=email,
        )

    def phone(self, phone: str, where: str) -> None:
        if not E164_RE.match(phone):
            self.fail(f"phone {phone!r} is not in E.164 form (like '+4724132638')", where)
        elif self.thorough and not _is_valid_number(phone):
            self.fail(f"phone {phone!r} is not a valid phone number", where)


def _is_valid_number(e164: str) -> bool:
    """Whether phonenumbers knows `e164` as a number that can be dialled."""
    import phonenumbers  # only `faq validate` (thorough mode) asks

    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(e164, None)))
    except phonenumbers.NumberParseException:
        return False


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
