"""Finding contacts by words of a name, an organization or an e-mail address,
and by phone number in any spelling.

A filter is split into phone numbers — a run of digits, with the spaces, dots,
dashes, brackets and the `+` or `00` people write them with (`412 09 923`,
`+47 41 20 99 23`, `0047 41209923`) — and words. A contact matches when every
word is in its name, organization or e-mail address, folded as search folds
(case, æ/ø/å and their ASCII spellings, dashes), and every number is one of
its numbers: the same number by phonenumbers (Norwegian when typed without a
country code), or a part of one (`9923`; with `+` or `00`, its start).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from innovasjon_faq.models import Contact
from innovasjon_faq.search.normalize import JOINERS, PHRASE_QUOTES, fold

HOME_REGION = "NO"
# A number stands alone: not inside a word (`N3`) or an address (`jens2@x.no`).
_NUMBER = re.compile(r"(?<![\w@.])(?:\+|\(\+?)?\d(?:[\d\s().\-/]*\d)?\)?(?![\w@])")
# Dashes join parts of a word, as in search; quotes (a phrase, for search) are left out.
_SEPARATORS = str.maketrans(dict.fromkeys(JOINERS + PHRASE_QUOTES, " "))


def matching(
    contacts: Sequence[Contact], needle: str | None, *, parts: bool = True
) -> list[Contact]:
    """The contacts that match the filter `needle` (see the module's docstring),
    in their order. All when `needle` is blank. With `parts` False, a number
    must be the whole of one of the contact's (`9923` finds no one)."""
    numbers, words = _terms(needle or "")
    found = []
    for contact in contacts:
        haystack = fold(f"{contact.name} {contact.organization} {contact.email}")
        haystack = haystack.translate(_SEPARATORS)
        if all(word in haystack for word in words) and all(
            any(_same_number(number, phone, parts) for phone in contact.phones)
            for number in numbers
        ):
            found.append(contact)
    return found


def blank(needle: str | None) -> bool:
    """Whether `needle` holds no word or number to filter by (it matches everyone)."""
    return _terms(needle or "") == ([], [])


def _terms(needle: str) -> tuple[list[str], list[str]]:
    """The phone numbers (as typed) and the folded words of a filter."""
    numbers = [found.group() for found in _NUMBER.finditer(needle)]
    words = fold(_NUMBER.sub(" ", needle)).translate(_SEPARATORS).split()
    return numbers, words


def _same_number(typed: str, e164: str, parts: bool) -> bool:
    """Whether `typed` (a number as a person writes it) is the number `e164`
    or (with `parts`) a part of it."""
    digits = re.sub(r"\D", "", typed)
    international = typed.lstrip("(").startswith(("+", "00"))
    if international and digits.startswith("00"):
        digits = digits[2:]
    # Every spelling of a number holds its digits (a national number is the end
    # of the international one): without them, no need to ask phonenumbers.
    if not digits or digits not in e164[1:]:
        return False
    if parts and (not international or e164[1:].startswith(digits)):
        return True
    return _as_e164(typed) == e164


def _as_e164(typed: str) -> str | None:
    """`typed` in E.164 form, a Norwegian number when it has no country code;
    None when phonenumbers cannot read it as a possible number."""
    import phonenumbers

    try:
        number = phonenumbers.parse(typed, HOME_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
