"""`contacts.matching`, the filter of `faq contacts` (and of the hint that
`faq search` gives): invariants over any contacts and any filter."""

from __future__ import annotations

import phonenumbers
from hypothesis import given
from hypothesis import strategies as st

from innovasjon_faq.contacts import matching
from innovasjon_faq.models import Contact

REGIONS = ("NO", "SE", "DK", "DE", "GB", "US", "FI")
NUMBERS = sorted(
    {
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        for region in REGIONS
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
        if (number := phonenumbers.example_number_for_type(region, kind)) is not None
    }
)
names = st.text(alphabet=st.sampled_from(list("abcæøåABCÆØÅ -")), min_size=1, max_size=12)
contact = st.builds(
    Contact,
    name=names.filter(str.strip),
    organization=names,
    phones=st.lists(st.sampled_from(NUMBERS), max_size=2, unique=True).map(tuple),
    email=st.sampled_from(["", "kari@example.no", "ola.nordmann@kommune.no"]),
)
contacts = st.lists(contact, max_size=5)


def written(e164: str, style: int) -> str:
    """`e164` as a person may write it."""
    number = phonenumbers.parse(e164, None)
    forms = [
        e164,
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        "00" + e164[1:],
        " ".join(e164[i : i + 2] for i in range(0, len(e164), 2)),
    ]
    if phonenumbers.region_code_for_number(number) == "NO":
        forms.append(str(number.national_number))
    return forms[style % len(forms)]


@given(found=contacts, needle=st.text(max_size=30))
def test_the_result_is_some_of_the_contacts_in_their_order(
    found: list[Contact], needle: str
) -> None:
    rest = iter(found)
    # Each one found is a later one of `found` (the same object, not an equal one).
    assert all(any(c is other for other in rest) for c in matching(found, needle))


@given(found=contacts)
def test_an_empty_filter_gives_everyone(found: list[Contact]) -> None:
    assert matching(found, None) == matching(found, "") == matching(found, "  ") == found


@given(found=contacts.filter(bool), pick=st.integers(0, 4), style=st.integers(0, 9))
def test_a_contact_is_found_by_its_name_address_and_numbers(
    found: list[Contact], pick: int, style: int
) -> None:
    chosen = found[pick % len(found)]
    needles = [chosen.name, chosen.name.upper(), f"{chosen.name} {chosen.organization}"]
    needles += [chosen.email] if chosen.email else []
    needles += [written(phone, style) for phone in chosen.phones]
    for needle in needles:
        assert chosen in matching(found, needle), needle


@given(found=contacts, first=st.text(max_size=10), second=st.text(max_size=10))
def test_more_words_never_find_more(found: list[Contact], first: str, second: str) -> None:
    narrower = matching(found, f"{first} {second}")
    assert all(c in matching(found, first) for c in narrower)


def test_a_number_no_contact_has_costs_no_phonenumbers_import() -> None:
    """`faq search 12345678` finds nothing and checks the contacts for a hint:
    phonenumbers (tens of ms to import) only when the digits could be a contact's."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from innovasjon_faq.contacts import matching\n"
        "from innovasjon_faq.loader import load\n"
        "contacts = load(None).contacts\n"
        "assert matching(contacts, '12345678', parts=False) == []\n"
        "print('phonenumbers' in sys.modules)\n"
        "assert matching(contacts, '41 20 99 23', parts=False)\n"
        "print('phonenumbers' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["False", "True"]
