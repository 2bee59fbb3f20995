"""Finding contacts by part of a name or an organization."""

from __future__ import annotations

from collections.abc import Sequence

from innovasjon_faq.models import Contact
from innovasjon_faq.search.normalize import fold


def matching(contacts: Sequence[Contact], needle: str | None) -> list[Contact]:
    """The contacts whose name or organization contains `needle`, diacritics and
    case ignored (`kaupang`, `weiberg aurdal`, `midtlab`). All when `needle` is empty."""
    if needle is None or not needle.strip():
        return list(contacts)
    words = fold(needle).replace("-", " ").split()
    found = []
    for contact in contacts:
        haystack = fold(f"{contact.name} {contact.organization}").replace("-", " ")
        if all(word in haystack for word in words):
            found.append(contact)
    return found
