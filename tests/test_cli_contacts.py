"""`faq contacts [FILTER]`: whom to ask, with numbers grouped by phonenumbers."""

from __future__ import annotations

import json
from collections.abc import Callable
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
    cli: Cli, bundled: dict[str, Any], write_collection
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
    cli: Cli, bundled: dict[str, Any], write_collection
) -> None:
    del bundled["contacts"]
    result = cli("contacts", "--data", str(write_collection(bundled)))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "faq: no contact matches ''\n"


def test_contacts_card_leaves_out_missing_parts(
    cli: Cli, bundled: dict[str, Any], write_collection
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
