"""`faq contacts [FILTER]`: whom to ask, with numbers grouped by phonenumbers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from typer.testing import Result

from innovasjon_faq.render.phones import display

Cli = Callable[..., Result]

INTRO = "Hvis du har ytterligere spørsmål eller innspill til innholdet kan du ta kontakt med:"


def names(result: Result) -> list[str]:
    assert result.exit_code == 0, (result.stderr, result.exception)
    return [row["name"] for row in json.loads(result.stdout)]


def test_contacts_plain_shows_intro_and_every_card(cli: Cli) -> None:
    result = cli("contacts", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert result.stderr == ""
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert blocks[0] == INTRO
    assert blocks[1:] == [
        "Gustav Weiberg-Aurdal\nKS\nPhones: 24 13 26 38, 93 45 71 37\n"
        "E-mail: Gustav.Weiberg-Aurdal@ks.no",
        "Morten Stenstadvold\nAgenda Kaupang AS\nPhone: 41 20 99 23\n"
        "E-mail: morten@agendakaupang.no",
        "Inger Hegna\nAgenda Kaupang AS\nPhone: 41 47 05 50\nE-mail: inger@agendakaupang.no",
        "Jens Petter Jensen\nMidtlab\nPhone: +45 78 41 08 43\nE-mail: jens.peter.jensen@midtlab.dk",
    ]


def test_contacts_json_is_the_documented_shape_with_e164(cli: Cli, bundled: dict[str, Any]) -> None:
    result = cli("contacts", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows == bundled["contacts"]
    for row in rows:
        assert list(row) == ["name", "organization", "phones", "email"]
        for phone in row["phones"]:
            number = phonenumbers.parse(phone, None)
            assert phonenumbers.is_valid_number(number)
            assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == phone


@pytest.mark.parametrize(
    "needle", ["kaupang", "KAUPANG", "Kaupang", "kaupång", "agenda kaupang", "Agenda-Kaupang"]
)
def test_contacts_filter_on_organization(cli: Cli, needle: str) -> None:
    assert names(cli("contacts", needle, "--json")) == ["Morten Stenstadvold", "Inger Hegna"]


@pytest.mark.parametrize(
    ("needle", "found"),
    [
        ("weiberg aurdal", "Gustav Weiberg-Aurdal"),
        ("Weiberg-Aurdal", "Gustav Weiberg-Aurdal"),
        ("gustav", "Gustav Weiberg-Aurdal"),
        ("hegna", "Inger Hegna"),
        ("midtlab", "Jens Petter Jensen"),
        ("jens petter", "Jens Petter Jensen"),
        ("ks", "Gustav Weiberg-Aurdal"),
    ],
)
def test_contacts_filter_on_name(cli: Cli, needle: str, found: str) -> None:
    assert names(cli("contacts", needle, "--json")) == [found]


def test_contacts_filter_ignores_diacritics_in_the_collection(
    cli: Cli, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["contacts"][2]["name"] = "Inger Hægna Sørås"
    path = write_collection(bundled)
    for needle in ("haegna", "soras", "sorås", "SØRÅS", "hægna"):
        assert names(cli("contacts", needle, "--json", "--data", str(path))) == [
            "Inger Hægna Sørås"
        ]


def test_contacts_filtered_plain_has_no_intro(cli: Cli) -> None:
    result = cli("contacts", "hegna")
    assert result.exit_code == 0
    assert result.stdout == (
        "Inger Hegna\nAgenda Kaupang AS\nPhone: 41 47 05 50\nE-mail: inger@agendakaupang.no\n"
    )


def test_contacts_blank_filter_shows_everyone(cli: Cli) -> None:
    assert len(names(cli("contacts", "  ", "--json"))) == 4


def test_contacts_without_match_exit_1(cli: Cli) -> None:
    result = cli("contacts", "nobody")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "faq: no contact matches 'nobody'\n"


def test_contacts_of_a_collection_without_any(
    cli: Cli, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    del bundled["contacts"]
    result = cli("contacts", "--data", str(write_collection(bundled)))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "faq: the collection has no contacts\n"
    result = cli("contacts", "--json", "--data", str(write_collection(bundled)))
    assert (result.exit_code, json.loads(result.stdout)) == (1, [])


def test_contacts_card_leaves_out_missing_parts(
    cli: Cli, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["contacts"] = [{"name": "Kari Nordmann"}]
    del bundled["contacts_intro"]
    result = cli("contacts", "--data", str(write_collection(bundled)))
    assert result.exit_code == 0
    assert result.stdout == "Kari Nordmann\n"
    rows = json.loads(cli("contacts", "--json", "--data", str(write_collection(bundled))).stdout)
    assert rows == [{"name": "Kari Nordmann", "organization": "", "phones": [], "email": ""}]


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+4724132638", "24 13 26 38"),
        ("+4793457137", "93 45 71 37"),
        ("+4741209923", "41 20 99 23"),
        ("+4578410843", "+45 78 41 08 43"),
        ("+4722000000", "22 00 00 00"),
        ("+12025550123", "+1 202-555-0123"),
    ],
)
def test_phone_numbers_are_grouped_the_national_way(e164: str, shown: str) -> None:
    assert display(e164) == shown
    number = phonenumbers.parse(e164, None)
    national = phonenumbers.region_code_for_number(number) == "NO"
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    assert display(e164) == phonenumbers.format_number(number, fmt)


def test_a_phone_number_phonenumbers_cannot_parse_is_shown_as_it_is() -> None:
    assert display("+999") == "+999"


# -- several words, e-mail addresses and phone numbers ------------------------------


@pytest.mark.parametrize(
    ("words", "found"),
    [
        (["agenda", "kaupang"], ["Morten Stenstadvold", "Inger Hegna"]),
        (["inger", "kaupang"], ["Inger Hegna"]),
        (["Kaupang", "HEGNA"], ["Inger Hegna"]),
        (["jens", "petter", "midtlab"], ["Jens Petter Jensen"]),
        (["weiberg", "aurdal", "ks"], ["Gustav Weiberg-Aurdal"]),
    ],
)
def test_contacts_take_several_words_as_show_does(
    cli: Cli, words: list[str], found: list[str]
) -> None:
    """`faq contacts agenda kaupang`: every word must match, as one filter."""
    assert names(cli("contacts", *words, "--json")) == found
    assert names(cli("contacts", " ".join(words), "--json")) == found


def test_contacts_words_that_no_one_has_together_match_nobody(cli: Cli) -> None:
    result = cli("contacts", "inger", "midtlab")
    assert result.exit_code == 1
    assert result.stderr == "faq: no contact matches 'inger midtlab'\n"


@pytest.mark.parametrize("case", [str, str.upper, str.lower])
def test_contacts_are_found_by_their_e_mail_address(
    cli: Cli, bundled: dict[str, Any], case: Callable[[str], str]
) -> None:
    for contact in bundled["contacts"]:
        email = contact["email"]
        local, _, domain = email.partition("@")
        for needle in (email, f"{local}@", local, domain):
            found = names(cli("contacts", case(needle), "--json"))
            assert contact["name"] in found, needle
            # Each is this contact's own (no one else shares a local part or domain here).
            others = [c for c in bundled["contacts"] if needle.lower() in c["email"].lower()]
            assert found == [c["name"] for c in others], needle


def spellings(e164: str) -> list[str]:
    """The ways a person writes the number `e164`: as a card shows it, with the
    country code (`+47 41 20 99 23`, `0047 41209923`), E.164, digits alone,
    and grouped 3-2-3 (`412 09 923`) when it is Norwegian."""
    number = phonenumbers.parse(e164, None)
    national = str(number.national_number)
    international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    out = [e164, international, "00" + e164[1:], "00" + international[1:], display(e164)]
    out += [e164.replace("+", "00", 1), f"+{number.country_code} {national}"]
    if phonenumbers.region_code_for_number(number) == "NO":
        out += [national, f"{national[:3]} {national[3:5]} {national[5:]}", f"0047{national}"]
        out += ["-".join([national[:2], national[2:4], national[4:6], national[6:]])]
    return out


def test_contacts_are_found_by_phone_in_any_spelling(cli: Cli, bundled: dict[str, Any]) -> None:
    for contact in bundled["contacts"]:
        for e164 in contact["phones"]:
            for spelling in spellings(e164):
                assert names(cli("contacts", spelling, "--json")) == [contact["name"]], spelling
                # Typed without quotes, the groups are separate arguments.
                found = names(cli("contacts", *spelling.split(), "--json"))
                assert found == [contact["name"]], spelling


@pytest.mark.parametrize(
    ("needle", "found"),
    [
        ("9923", ["Morten Stenstadvold"]),  # a part of a number
        ("20 99 23", ["Morten Stenstadvold"]),
        ("+45", ["Jens Petter Jensen"]),  # a country code is the start of a number
        ("0045", ["Jens Petter Jensen"]),
        ("kaupang 41 47", ["Inger Hegna"]),  # words and a number together
    ],
)
def test_contacts_are_found_by_a_part_of_a_phone_number(
    cli: Cli, needle: str, found: list[str]
) -> None:
    assert names(cli("contacts", needle, "--json")) == found


@pytest.mark.parametrize("needle", ["41209924", "+46 41 20 99 23", "+4741209923 kaupang hegna"])
def test_contacts_a_number_no_one_has_matches_nobody(cli: Cli, needle: str) -> None:
    result = cli("contacts", needle, "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_contacts_json_without_match_is_an_empty_list(cli: Cli) -> None:
    """Every --json command writes JSON, also when nothing matches (exit 1 still)."""
    result = cli("contacts", "nobody", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert result.stderr == "faq: no contact matches 'nobody'\n"


def test_contacts_vcard_without_match_writes_nothing(cli: Cli) -> None:
    result = cli("contacts", "nobody", "--vcard")
    assert result.exit_code == 1
    assert result.stdout == ""
