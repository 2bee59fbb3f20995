"""`faq contacts --vcard`: vCard 4.0 that a real parser (vobject) reads back field for field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from innovasjon_faq.cli import app
from innovasjon_faq.loader import load
from innovasjon_faq.models import Contact
from innovasjon_faq.text import find_unsafe
from innovasjon_faq.vcard import card, cards, escape, fold, phone_type, split_name


def read_back(text: str) -> list[Any]:
    return list(vobject.readComponents(text))


def assert_round_trip(contact: Contact, parsed: Any) -> None:
    """Every field we write comes back from vobject exactly."""
    assert parsed.version.value == "4.0"
    assert parsed.fn.value == contact.name
    family, given_name, additional = split_name(contact.name)
    assert parsed.n.value.family == family
    assert parsed.n.value.given == given_name
    assert parsed.n.value.additional == additional
    if contact.organization:
        assert parsed.org.value == [contact.organization]
    else:
        assert "org" not in parsed.contents
    tels = parsed.contents.get("tel", [])
    assert [t.value for t in tels] == [f"tel:{p}" for p in contact.phones]
    for tel in tels:
        assert tel.params["VALUE"] == ["uri"]
    if contact.email:
        assert parsed.email.value == contact.email
    else:
        assert "email" not in parsed.contents


def test_bundled_contacts_round_trip_through_vobject() -> None:
    contacts = load().contacts
    parsed = read_back(cards(contacts))
    assert len(parsed) == len(contacts) == 4
    for contact, card_ in zip(contacts, parsed, strict=True):
        assert_round_trip(contact, card_)


def test_phone_types_come_from_phonenumbers() -> None:
    parsed = read_back(card(load().contacts[0]))[0]
    # +47 24 13 26 38 is a landline in Oslo, +47 934 57 137 a mobile.
    assert [(t.value, t.params["TYPE"]) for t in parsed.tel_list] == [
        ("tel:+4724132638", ["voice"]),
        ("tel:+4793457137", ["cell"]),
    ]
    assert phone_type("+4578410843") == "voice"  # Danish: fixed line or mobile
    assert phone_type("+999") is None  # not a number phonenumbers can parse
    premium = phonenumbers.example_number_for_type("NO", phonenumbers.PhoneNumberType.PREMIUM_RATE)
    assert premium is not None
    e164 = phonenumbers.format_number(premium, phonenumbers.PhoneNumberFormat.E164)
    assert phone_type(e164) is None  # neither a phone to call nor a mobile


def test_commas_semicolons_backslashes_and_non_ascii_survive() -> None:
    contact = Contact(
        name="Ødegård, Åse Marie",
        organization="Agenda; Kaupang, AS \\ Øst",
        phones=("+4741209923",),
        email="ase@example.no",
    )
    text = card(contact)
    assert "FN:Ødegård\\, Åse Marie\r\n" in text
    assert "ORG:Agenda\\; Kaupang\\, AS \\\\ Øst\r\n" in text
    parsed = read_back(text)[0]
    assert_round_trip(contact, parsed)
    assert parsed.n.value.family == "Ødegård"
    assert parsed.n.value.given == "Åse Marie"


def test_escape_covers_newlines() -> None:
    assert escape("a\nb\r\nc\rd") == "a\\nb\\nc\\nd"
    assert escape("a\\,;") == "a\\\\\\,\\;"


def test_every_line_ends_in_crlf_and_fits_75_octets() -> None:
    contact = Contact(name="Å" * 100, organization="ø" * 61 + "x" * 7, phones=(), email="a@b.no")
    raw = card(contact).encode("utf-8")
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # no line ends inside a multi-byte character
    assert_round_trip(contact, read_back(raw.decode("utf-8"))[0])


def test_fold_uses_the_whole_75_octets_then_74_after_the_space() -> None:
    folded = fold("x" * 200)
    assert [len(line) for line in folded.split("\r\n")[:-1]] == [75, 75, 52]
    assert fold("short") == "short\r\n"


def test_fold_never_splits_a_multibyte_character() -> None:
    # "€" is three octets: 25 of them fill 75 octets exactly, the 26th moves on.
    lines = fold("€" * 26).split("\r\n")[:-1]
    assert [len(line.encode("utf-8")) for line in lines] == [75, 4]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Inger Hegna", ("Hegna", "Inger", "")),
        ("Jens Petter Jensen", ("Jensen", "Jens", "Petter")),
        ("Hegna, Inger", ("Hegna", "Inger", "")),
        ("Cher", ("Cher", "", "")),
    ],
)
def test_split_name(name: str, expected: tuple[str, str, str]) -> None:
    assert split_name(name) == expected


def _safe_text(min_size: int = 1) -> st.SearchStrategy[str]:
    return st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=min_size
    ).filter(lambda s: s.strip() == s and s.strip() != "" and find_unsafe(s) is None)


@settings(max_examples=60, deadline=None)
@given(name=_safe_text(), organization=_safe_text())
def test_any_name_and_organization_round_trip(name: str, organization: str) -> None:
    contact = Contact(name=name, organization=organization, phones=("+4793457137",), email="")
    text = card(contact)
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    parsed = read_back(text)
    assert len(parsed) == 1
    assert parsed[0].fn.value == name
    assert parsed[0].org.value == [organization]


# -- the command -------------------------------------------------------------


def test_cli_vcard_filters_and_writes_crlf(runner: CliRunner) -> None:
    result = runner.invoke(app, ["contacts", "kaupang", "--vcard"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    raw = result.stdout_bytes.decode("utf-8")
    assert raw.count("BEGIN:VCARD\r\n") == 2
    assert raw.count("\n") == raw.count("\r\n")
    parsed = read_back(raw)
    assert [p.fn.value for p in parsed] == ["Morten Stenstadvold", "Inger Hegna"]
    for contact, card_ in zip(load().contacts[1:3], parsed, strict=True):
        assert_round_trip(contact, card_)


def test_cli_vcard_reads_the_data_option(
    runner: CliRunner, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["contacts"] = [
        {"name": "Hegna, Inger", "organization": "A; B, C", "phones": [], "email": ""}
    ]
    path = write_collection(bundled)
    result = runner.invoke(app, ["contacts", "--vcard", "--data", str(path)])
    assert result.exit_code == 0, result.stderr
    (parsed,) = read_back(result.stdout_bytes.decode("utf-8"))
    assert parsed.fn.value == "Hegna, Inger"
    assert parsed.org.value == ["A; B, C"]
    assert "tel" not in parsed.contents
    assert json.loads(path.read_text(encoding="utf-8"))["contacts"][0]["name"] == "Hegna, Inger"


def test_cli_vcard_and_json_together_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["contacts", "--vcard", "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "faq: choose either --json or --vcard\n"


def test_cli_vcard_with_no_match_fails_like_the_cards(runner: CliRunner) -> None:
    result = runner.invoke(app, ["contacts", "nobody-here", "--vcard"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "faq: no contact matches 'nobody-here'\n"


def test_cli_output_needs_vcard(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "kontakter.txt"
    result = runner.invoke(app, ["contacts", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "faq: --output writes vCards: add --vcard\n"
    assert not target.exists()


def test_cli_vcard_output_file_and_dash(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "kaupang.vcf"
    written = runner.invoke(app, ["contacts", "kaupang", "--vcard", "--output", str(target)])
    assert written.exit_code == 0, written.stderr
    assert written.stdout == ""
    on_stdout = runner.invoke(app, ["contacts", "kaupang", "--vcard", "-o", "-"])
    assert target.read_bytes() == on_stdout.stdout_bytes
    assert [p.fn.value for p in read_back(target.read_text(encoding="utf-8"))] == [
        "Morten Stenstadvold",
        "Inger Hegna",
    ]


FAQ = Path(sys.executable).parent / ("faq.exe" if os.name == "nt" else "faq")


@pytest.mark.skipif(not FAQ.exists(), reason=f"no faq beside {sys.executable}")
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_cli_vcard_is_utf8_on_any_stdout(
    bundled: dict[str, Any], write_collection: Callable[..., Path], encoding: str
) -> None:
    """Issue #13: PYTHONIOENCODING=ascii wrote `FN:?se ?deg?rd` and exited 0."""
    bundled["contacts"] = [
        {"name": "Åse Ødegård", "organization": "Kommune € Øst", "phones": [], "email": ""}
    ]
    path = write_collection(bundled)
    done = subprocess.run(
        [str(FAQ), "contacts", "--vcard", "--data", str(path)],
        env={**os.environ, "PYTHONIOENCODING": encoding},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert b"FN:\xc3\x85se \xc3\x98deg\xc3\xa5rd\r\n" in done.stdout
    (parsed,) = read_back(done.stdout.decode("utf-8"))
    assert parsed.fn.value == "Åse Ødegård"
    assert parsed.org.value == ["Kommune € Øst"]


def test_cli_vcard_refuses_text_that_is_no_character(
    runner: CliRunner, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["contacts"] = [{"name": "Eve\ud800", "organization": "", "phones": [], "email": ""}]
    path = write_collection(json.dumps(bundled))
    result = runner.invoke(app, ["contacts", "--vcard", "--data", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (  # the loader refuses it, saying where
        f"faq: {path}: contact 1: field 'name' holds the lone surrogate U+D800, "
        "which is not a character\n"
    )


def test_a_document_that_is_no_text_is_never_written() -> None:
    """Past the loader (a collection made in code, say), the writer refuses too."""
    from innovasjon_faq.cli.output import encode
    from innovasjon_faq.errors import UsageError

    with pytest.raises(UsageError, match="U\\+D800, which is not a character"):
        encode("FN:Eve\ud800\r\n")
