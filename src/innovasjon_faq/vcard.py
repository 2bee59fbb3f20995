"""Contacts as vCard 4.0 (RFC 6350), for address books.

Written by hand: a vCard is a few lines of text, and the one Python library
(vobject) writes version 3.0. What RFC 6350 asks of a writer is all here:

- text values escape backslash, comma, semicolon and newline (section 3.4);
- lines longer than 75 octets are folded: CRLF, then a space (section 3.2),
  never inside a multi-byte UTF-8 character;
- every line ends in CRLF;
- TEL is a `tel:` URI (RFC 3966) in E.164 form with VALUE=uri, and TYPE=cell
  or TYPE=voice when phonenumbers knows what kind of number it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from innovasjon_faq.models import Contact

CRLF = "\r\n"
MAX_OCTETS = 75


def escape(value: str) -> str:
    """A text value with `\\`, `,`, `;` and newlines escaped (RFC 6350 3.4)."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """`line` folded into physical lines of at most 75 octets, CRLF-terminated.

    A continuation line starts with one space, which counts towards its 75
    octets. A character is never split across lines.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_OCTETS
    for char in line:
        # A lone surrogate (JSON can spell one) counts as UTF-8 would spell it;
        # writing refuses it (cli/output.py `encode`), folding must not crash on it.
        octets = len(char.encode("utf-8", "surrogatepass"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces) + CRLF


def split_name(name: str) -> tuple[str, str, str]:
    """(family, given, additional) names for the N property.

    "Family, Given" is taken as written; otherwise the last word is the family
    name, the first the given name and any between additional names.
    """
    if "," in name:
        family, _, given = name.partition(",")
        return family.strip(), given.strip(), ""
    words = name.split()
    if len(words) < 2:
        return name.strip(), "", ""
    return words[-1], words[0], " ".join(words[1:-1])


def phone_type(e164: str) -> str | None:
    """`cell` or `voice` as phonenumbers classifies the number, else None."""
    import phonenumbers  # only vCards and validation need it

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.MOBILE:
        return "cell"
    if kind in (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        phonenumbers.PhoneNumberType.VOIP,
        phonenumbers.PhoneNumberType.TOLL_FREE,
    ):
        return "voice"
    return None


def _structured(*components: str) -> str:
    return ";".join(escape(c) for c in components)


def card_lines(contact: Contact) -> list[str]:
    """The unfolded content lines of one contact's vCard."""
    family, given, additional = split_name(contact.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:individual",
        f"FN:{escape(contact.name)}",
        f"N:{_structured(family, given, additional, '', '')}",
    ]
    if contact.organization:
        # ORG is a structured value; the whole organization is its first component.
        lines.append(f"ORG:{escape(contact.organization)}")
    for phone in contact.phones:
        kind = phone_type(phone)
        params = "VALUE=uri" + (f";TYPE={kind}" if kind else "")
        lines.append(f"TEL;{params}:tel:{phone}")
    if contact.email:
        lines.append(f"EMAIL:{escape(contact.email)}")
    lines.append("END:VCARD")
    return lines


def card(contact: Contact) -> str:
    """One contact as a folded, CRLF-terminated vCard 4.0."""
    return "".join(fold(line) for line in card_lines(contact))


def cards(contacts: Iterable[Contact]) -> str:
    """Several contacts, one vCard after another (a valid .vcf file)."""
    return "".join(card(contact) for contact in contacts)
