"""The collection as plain, immutable data: no I/O, no terminal."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    """One question with its answer."""

    id: int
    slug: str
    question: str
    answer: str
    keywords: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    refers_to_contacts: bool = False

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


@dataclass(frozen=True)
class Contact:
    """A person to contact; phones are E.164 strings ("+4724132638")."""

    name: str
    organization: str
    phones: tuple[str, ...]
    email: str

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "organization": self.organization,
            "phones": list(self.phones),
            "email": self.email,
        }


@dataclass(frozen=True)
class Collection:
    """A whole FAQ collection: the bundled SLIK section 6, or one of the user's."""

    title: str
    intro: str
    entries: tuple[Entry, ...]
    contacts_intro: str = ""
    contacts: tuple[Contact, ...] = ()
    section: int | str | None = None
    language: str = "nb"
    schema_version: int = 1
    source: str = field(default="", compare=False)
    """Where the collection was read from (a path, or "bundled")."""

    def by_id(self, entry_id: int) -> Entry | None:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        return None
