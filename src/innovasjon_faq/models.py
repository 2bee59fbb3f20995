"""The collection as plain, immutable data: no I/O, no terminal.

Plain classes (`value.Value`), not dataclasses: every run of `faq` makes
these, and importing `dataclasses` and building a class with it cost more
than `faq show N3` takes otherwise (docs/performance.md).
"""

from __future__ import annotations

from innovasjon_faq.value import Value


class Entry(Value):
    """One question with its answer."""

    __slots__ = ("id", "slug", "question", "answer", "keywords", "see_also", "refers_to_contacts")

    def __init__(
        self,
        id: int,
        slug: str,
        question: str,
        answer: str,
        keywords: tuple[str, ...] = (),
        see_also: tuple[str, ...] = (),
        refers_to_contacts: bool = False,
    ) -> None:
        self.id = id
        self.slug = slug
        self.question = question
        self.answer = answer
        self.keywords = keywords
        self.see_also = see_also
        self.refers_to_contacts = refers_to_contacts

    def to_dict(self) -> dict[str, object]:
        """The stable JSON shape of `faq show --json`."""
        return {
            "id": self.id,
            "slug": self.slug,
            "question": self.question,
            "answer": self.answer,
            "keywords": list(self.keywords),
            "see_also": list(self.see_also),
        }

    def summary(self) -> dict[str, object]:
        """The stable JSON shape of one row of `faq list --json`."""
        return {
            "id": self.id,
            "slug": self.slug,
            "question": self.question,
            "keywords": list(self.keywords),
        }


class Contact(Value):
    """A person to contact; phones are E.164 strings ("+4724132638")."""

    __slots__ = ("name", "organization", "phones", "email")

    def __init__(self, name: str, organization: str, phones: tuple[str, ...], email: str) -> None:
        self.name = name
        self.organization = organization
        self.phones = phones
        self.email = email

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "organization": self.organization,
            "phones": list(self.phones),
            "email": self.email,
        }


class Collection(Value):
    """A whole FAQ collection: the bundled SLIK section 6, or one of the user's."""

    __slots__ = (
        "title",
        "intro",
        "entries",
        "contacts_intro",
        "contacts",
        "section",
        "language",
        "schema_version",
    )

    def __init__(
        self,
        title: str,
        intro: str,
        entries: tuple[Entry, ...],
        contacts_intro: str = "",
        contacts: tuple[Contact, ...] = (),
        section: int | str | None = None,
        language: str = "nb",
        schema_version: int = 1,
    ) -> None:
        self.title = title
        self.intro = intro
        self.entries = entries
        self.contacts_intro = contacts_intro
        self.contacts = contacts
        self.section = section
        self.language = language
        self.schema_version = schema_version

    def by_id(self, entry_id: int) -> Entry | None:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        return None
