"""The rules of a collection's shape: what `faq` accepts in a decoded file.

`Validator` checks decoded JSON field by field and builds the Collection. By
default the first problem raises DataError; with `collect` every problem is
recorded and checking goes on, and the warnings are recorded too. The loader
(loader.py) runs it on a file parsed whole, the stream (stream.py) on each
entry of a file read one entry at a time, so both refuse the same things.
"""

from __future__ import annotations

import re

from innovasjon_faq.errors import DataError
from innovasjon_faq.i18n import N_, _
from innovasjon_faq.models import Collection, Contact, Entry
from innovasjon_faq.text import (
    INVISIBLE_MARKS,
    describe_char,
    find_invisible,
    find_surrogate,
    find_unsafe,
    is_plain,
)

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

SCHEMA_VERSION = 1

# The largest id: the largest integer every JSON reader holds exactly (2**53 - 1,
# JavaScript's Number.MAX_SAFE_INTEGER; jq and browsers read `--json` as
# doubles), well inside the index's unsigned 64-bit id field.
MAX_ID = 2**53 - 1

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
E164_RE = re.compile(r"^\+[1-9][0-9]{6,14}$")
# An address is exact: an invisible mark in one would be shown as nothing
# and make another address.
EMAIL_RE = re.compile(
    rf"^[^@\s{INVISIBLE_MARKS}]+@[^@\s{INVISIBLE_MARKS}]+\.[^@\s{INVISIBLE_MARKS}]+$"
)


class Validator:
    """The rules. By default the first problem raises DataError; with
    `collect` every problem is recorded in `problems` and checking goes on with
    a neutral value in place of the bad one, and warnings are recorded in
    `warnings` (the raising mode has no one to tell)."""

    def __init__(self, path: str, *, collect: bool = False, thorough: bool = False) -> None:
        self.path = path
        self.collect = collect
        self.thorough = thorough
        self.problems: list[DataError] = []
        self.warnings: list[DataError] = []

    def fail(self, problem: str, where: str | None = None) -> None:
        error = DataError(self.path, problem, where)
        if not self.collect:
            raise error
        self.problems.append(error)

    def warn(self, problem: str, where: str) -> None:
        if self.collect:
            self.warnings.append(DataError(self.path, problem, where))

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
                self.fail(_("missing required field '{field}'").format(field=key), where)
            return ""
        value = obj[key]
        if not isinstance(value, str):
            self.fail(
                _("field '{field}' must be a string, not {kind}").format(
                    field=key, kind=_kind(value)
                ),
                where,
            )
            return ""
        if required and not value.strip():
            self.fail(_("field '{field}' is empty").format(field=key), where)
        self.characters(value, where, key, multiline=multiline)
        return value

    def characters(
        self, value: str, where: str, field: str | None = None, *, multiline: bool = False
    ) -> None:
        """The rules for the characters of any string: no lone surrogate (no
        file, stream or index could take it), no control character; a warning
        for each kind of invisible mark."""
        if is_plain(value, multiline=multiline):
            return  # (a million entries are checked this fast, one search each)
        surrogate = find_surrogate(value)
        if surrogate is not None:
            self.fail(
                (
                    _("holds the lone surrogate {char}, which is not a character")
                    if field is None
                    else _(
                        "field '{field}' holds the lone surrogate {char}, which is not a character"
                    )
                ).format(field=field, char=describe_char(surrogate)),
                where,
            )
        bad = find_unsafe(value, multiline=multiline)
        if bad is not None:
            self.fail(
                (
                    _("holds the control character {char}")
                    if field is None
                    else _("field '{field}' holds the control character {char}")
                ).format(field=field, char=describe_char(bad)),
                where,
            )
        if self.collect:
            for mark in find_invisible(value):
                self.warn(
                    (
                        _("holds the invisible character {char}, which faq does not show")
                        if field is None
                        else _(
                            "field '{field}' holds the invisible character {char}, "
                            "which faq does not show"
                        )
                    ).format(field=field, char=_named(mark)),
                    where,
                )

    def strings(self, obj: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.fail(
                _("field '{field}' must be a list of strings, not {kind}").format(
                    field=key, kind=_kind(value)
                ),
                where,
            )
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, str) and is_plain(item) and item.strip():
                items.append(item)
                continue  # (the place is worked out only for a problem to say)
            here = _("{where}, field '{field}' item {number}").format(
                where=where, field=key, number=index + 1
            )
            if not isinstance(item, str) or not item.strip():
                self.fail(_("must be a non-empty string"), here)
                continue
            self.characters(item, here)
            items.append(item)
        return tuple(items)

    # -- structure -----------------------------------------------------------

    def collection(self, data: Any) -> Collection:
        if not isinstance(data, dict):
            self.fail(
                _("not a collection: the top level is {kind}, not an object").format(
                    kind=_kind(data)
                )
            )
            return Collection(title="", intro="", entries=())
        where = _("top level")
        version: int = SCHEMA_VERSION
        if not _is_int(data.get("schema_version", SCHEMA_VERSION)):
            self.fail(_("field 'schema_version' must be an integer"), where)
        else:
            version = data.get("schema_version", SCHEMA_VERSION)
        if version > SCHEMA_VERSION:
            self.fail(
                _(
                    "schema_version {version} is newer than this faq understands "
                    "({supported}); upgrade faq"
                ).format(version=version, supported=SCHEMA_VERSION),
                where,
            )
        section = data.get("section")
        if isinstance(section, str):
            section = self.text(data, "section", where)
        elif section is not None and not _is_int(section):
            self.fail(_("field 'section' must be a number or a string"), where)
            section = None
        if isinstance(data.get("language", ""), str):
            language = self.text(data, "language", where, required=False) or "nb"
        else:
            self.fail(_("field 'language' must be a string"), where)
            language = "nb"
        entries_raw = data.get("entries")
        if entries_raw is None:
            self.fail(_("missing required field '{field}'").format(field="entries"), where)
            entries_raw = []
        if not isinstance(entries_raw, list):
            self.fail(
                _("field '{field}' must be a list, not {kind}").format(
                    field="entries", kind=_kind(entries_raw)
                ),
                where,
            )
            entries_raw = []
        contacts_raw = data.get("contacts", [])
        if not isinstance(contacts_raw, list):
            self.fail(
                _("field '{field}' must be a list, not {kind}").format(
                    field="contacts", kind=_kind(contacts_raw)
                ),
                where,
            )
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
                    _("duplicate id {id} (also entry {other})").format(
                        id=entry.id, other=ids[entry.id]
                    ),
                    _("entry {number}").format(number=position),
                )
            if entry.slug in slugs:
                self.fail(
                    _("duplicate slug '{slug}' (also entry {other})").format(
                        slug=entry.slug, other=slugs[entry.slug]
                    ),
                    _("entry {number}").format(number=position),
                )
            if entry.id:
                ids.setdefault(entry.id, position)
            if entry.slug:
                slugs.setdefault(entry.slug, position)
            entries.append(entry)
        return tuple(entries)

    def entry(self, item: Any, position: int) -> Entry | None:
        where = _("entry {number}").format(number=position)
        if not isinstance(item, dict):
            self.fail(_("must be an object, not {kind}").format(kind=_kind(item)), where)
            return None
        entry_id = 0
        if "id" not in item:
            self.fail(_("missing required field '{field}'").format(field="id"), where)
        elif not _is_int(item["id"]) or item["id"] < 1:
            self.fail(_("field 'id' must be a positive integer"), where)
        elif item["id"] > MAX_ID:
            self.fail(_("field 'id' must be at most {largest}").format(largest=MAX_ID), where)
        else:
            entry_id = item["id"]
            where = _("entry {number} (id {id})").format(number=position, id=entry_id)
        slug = self.text(item, "slug", where)
        if slug and not SLUG_RE.match(slug):
            self.fail(
                _("field 'slug' must be kebab-case (like 'komme-i-gang'), not {slug}").format(
                    slug=repr(slug)
                ),
                where,
            )
            slug = ""
        refers = item.get("refers_to_contacts", False)
        if not isinstance(refers, bool):
            self.fail(_("field 'refers_to_contacts' must be true or false"), where)
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
        where = _("contact {number}").format(number=position)
        if not isinstance(item, dict):
            self.fail(_("must be an object, not {kind}").format(kind=_kind(item)), where)
            return Contact(name="", organization="", phones=(), email="")
        name = self.text(item, "name", where)
        if name:
            where = _("contact {number} ({name})").format(number=position, name=name)
        phones = self.strings(item, "phones", where)
        for phone in phones:
            self.phone(phone, where)
        email = self.text(item, "email", where, required=False)
        if email and not EMAIL_RE.match(email):
            self.fail(
                _("field 'email' is not an e-mail address: {email}").format(email=repr(email)),
                where,
            )
        return Contact(
            name=name,
            organization=self.text(item, "organization", where, required=False),
            phones=phones,
            email=email,
        )

    def phone(self, phone: str, where: str) -> None:
        if not E164_RE.match(phone):
            self.fail(
                _("phone {phone} is not in E.164 form (like '+4724132638')").format(
                    phone=repr(phone)
                ),
                where,
            )
        elif self.thorough and not _is_valid_number(phone):
            self.fail(
                _("phone {phone} is not a valid phone number").format(phone=repr(phone)), where
            )


def _is_valid_number(e164: str) -> bool:
    """Whether phonenumbers knows `e164` as a number that can be dialled."""
    import phonenumbers  # only `faq validate` (thorough mode) asks

    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(e164, None)))
    except phonenumbers.NumberParseException:
        return False


def _named(char: str) -> str:
    """`U+200E LEFT-TO-RIGHT MARK`: the code and the Unicode name."""
    import unicodedata  # only `faq validate` names characters

    return f"{describe_char(char)} {unicodedata.name(char, '')}".rstrip()


def at(line: int, column: int) -> str:
    return _("line {line}, column {column}").format(line=line, column=column)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    names = {
        dict: N_("an object"),
        list: N_("a list"),
        str: N_("a string"),
        bool: N_("true/false"),
        int: N_("a number"),
        float: N_("a number"),
        type(None): N_("null"),
    }
    kind = names.get(type(value))
    return _(kind) if kind else type(value).__name__
