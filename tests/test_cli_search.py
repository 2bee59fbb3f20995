"""`faq search WORDS…`: the behaviours issue #2 asks of it (the engine itself is #3's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from innovasjon_faq.render.phones import display

Cli = Callable[..., Result]


def hits(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli("search", *args, "--json")
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert result.stderr == ""
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def ids(cli: Cli, *args: str) -> list[int]:
    return [row["id"] for row in hits(cli, *args)]


def test_search_politikere_finds_the_entry_about_politicians_first(cli: Cli) -> None:
    assert ids(cli, "politikere")[0] == 5


def test_search_json_is_the_documented_shape_best_first(cli: Cli, bundled: dict[str, Any]) -> None:
    rows = hits(cli, "kommune")
    assert len(rows) > 1
    for row in rows:
        assert list(row) == ["id", "slug", "question", "score", "snippet"]
        entry = next(e for e in bundled["entries"] if e["id"] == row["id"])
        assert row["slug"] == entry["slug"]
        assert row["question"] == entry["question"]
        assert isinstance(row["score"], float)
        assert row["score"] > 0
        # A snippet is a piece of the answer (an ellipsis may start or end it).
        assert row["snippet"].strip("…")[:40] in entry["answer"]
    scores = [row["score"] for row in rows]
    assert scores == sorted(scores, reverse=True)


def test_search_ranks_a_keyword_above_a_passing_mention(cli: Cli) -> None:
    assert ids(cli, "BLT") == [2]
    assert ids(cli, "strategi")[0] == 3
    assert ids(cli, "involvere politikere")[0] == 5


@pytest.mark.parametrize(
    ("query", "entry_id"),
    [
        ("politikere", 5),
        ("POLITIKERE", 5),
        ("Politikere", 5),
        ("rådmann", 4),
        ("radmann", 4),
        ("raadmann", 4),
        ("RÅDMANN", 4),
        ("ordfører", 4),
        ("ordforer", 4),
        ("ordfoerer", 4),
        ("løsninger", 2),
        ("losninger", 2),
        ("loesninger", 2),
        ("høster", 1),
        ("hoster", 1),
    ],
)
def test_search_ignores_case_and_accepts_ascii_spellings(
    cli: Cli, query: str, entry_id: int
) -> None:
    assert ids(cli, query)[0] == entry_id


def test_search_spellings_give_the_same_ranking(cli: Cli) -> None:
    assert hits(cli, "rådmann") == hits(cli, "radmann") == hits(cli, "raadmann")


@pytest.mark.parametrize("query", ["næringsliv", "naeringsliv", "NÆRINGSLIV", "Naeringsliv"])
def test_search_ae_spelling_of_ae_letter(
    cli: Cli, query: str, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["entries"][2]["answer"] += " Samarbeid med næringslivet hjelper."
    path = write_collection(bundled)
    assert ids(cli, query, "--data", str(path)) == [3]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("politiker", {5}),  # politikere, politikerne, kommunepolitiker
        ("kommune", {1, 2, 3, 4, 5}),  # kommune, kommunen, kommuner, kommunene
        ("floke", {2, 5}),  # samfunnsfloker, samfunnsflokene
        ("strategi", {3}),  # innovasjonsstrategi
    ],
)
def test_search_a_simple_form_finds_its_inflections(
    cli: Cli, query: str, expected: set[int]
) -> None:
    assert set(ids(cli, query)) == expected


@pytest.mark.parametrize("flag", ["--limit", "-n"])
def test_search_limit(cli: Cli, flag: str) -> None:
    everything = hits(cli, "kommune")
    assert len(everything) == 5
    assert hits(cli, "kommune", flag, "2") == everything[:2]
    assert hits(cli, flag, "1", "kommune") == everything[:1]


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_search_limit_must_be_a_positive_number(cli: Cli, value: str) -> None:
    result = cli("search", "kommune", "--limit", value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("faq: Invalid value for '--limit' / '-n': ")
    assert result.stderr.endswith(" (see 'faq search --help')\n")
    assert result.stderr.count("\n") == 1


def test_search_no_hit_json_is_an_empty_list_and_exit_1(cli: Cli) -> None:
    result = cli("search", "zzzqqq", "--json")
    assert result.exit_code == 1
    assert result.stdout == "[]\n"
    assert result.stderr == "faq: nothing matches 'zzzqqq'\n"


def test_search_no_hit_plain(cli: Cli) -> None:
    result = cli("search", "zzzqqq")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "faq: nothing matches 'zzzqqq'\n"


def test_search_no_hit_suggests_near_words(cli: Cli) -> None:
    # `politkere` is one edit off and found (#3); `politkr` is too far off to match.
    result = cli("search", "politkr")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("faq: nothing matches 'politkr'. Did you mean «politikere»")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("words", [[""], ["  ", ""]])
def test_search_empty_words_is_a_usage_error(cli: Cli, words: list[str]) -> None:
    result = cli("search", *words)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "faq: give one or more words to search for\n"


def test_search_only_stop_words_still_searches_them(cli: Cli) -> None:
    # "hva" alone is a stop word; searched anyway rather than answering nothing.
    assert set(ids(cli, "hva")) == {1, 2}


def test_search_plain_output_has_id_question_and_snippet(cli: Cli) -> None:
    result = cli("search", "politikere", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "5  Hvordan kan en best involvere politikere i innovasjonsarbeidet?"
    # The snippet is the sentence around the best match (#3).
    assert lines[1].startswith("   Politikerne kan involveres i det konkrete")
    assert all(line.startswith("   ") for line in lines[1:])
    assert all(len(line) <= 80 for line in lines)
    assert "politikerne" in result.stdout


def test_search_plain_separates_hits_with_a_blank_line(cli: Cli) -> None:
    result = cli("search", "kommune", "-n", "2")
    blocks = result.stdout.rstrip("\n").split("\n\n")
    assert [block.split("  ", 1)[0] for block in blocks] == ["3", "4"]


# -- a contact's name, address or number searched for ----------------------------------


def test_search_for_a_contact_points_to_faq_contacts(cli: Cli) -> None:
    """`faq search Gustav`: no entry has the name, but a contact does."""
    result = cli("search", "Gustav")
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr == "faq: nothing matches 'Gustav', but a contact does: faq contacts Gustav\n"
    )
    result = cli("search", "Gustav", "--json")
    assert (result.exit_code, result.stdout) == (1, "[]\n")
    assert "faq contacts Gustav\n" in result.stderr


def test_search_points_to_each_contact_found_by_what_it_holds(
    cli: Cli, bundled: dict[str, Any]
) -> None:
    hint = ", but a contact does: faq contacts {}\n"
    for contact in bundled["contacts"]:
        for needle in (*contact["phones"], *map(display, contact["phones"])):
            result = cli("search", *needle.split())
            assert result.exit_code == 1, needle
            assert result.stderr.endswith(hint.format(needle)), needle
        # A name or an address may hold words of an entry too ("Inger": "ingen"
        # within a typo); then the entry is the answer.
        for needle in (contact["name"], contact["email"]):
            result = cli("search", *needle.split())
            assert result.exit_code == 0 or result.stderr.endswith(hint.format(needle)), needle


@pytest.mark.parametrize("query", ["9923", "99", "41 20"])
def test_search_gives_no_contact_hint_for_a_part_of_a_number(cli: Cli, query: str) -> None:
    """`faq search 99` is not a phone number; only a whole one is a contact's."""
    result = cli("search", *query.split())
    assert result.exit_code == 1
    assert "faq contacts" not in result.stderr


def test_search_hint_is_a_command_a_shell_can_run(
    cli: Cli, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    bundled["contacts"][0]["name"] = "Kari O'Zyqvist"
    path = write_collection(bundled, name="our faq.json")
    result = cli("search", "O'Zyqvist", "--data", str(path))
    assert result.exit_code == 1
    hint = result.stderr.rstrip("\n").partition(", but a contact does: ")[2]
    import shlex

    assert shlex.split(hint) == ["faq", "contacts", "--data", str(path), "O'Zyqvist"]


def test_search_gives_no_contact_hint_when_no_contact_matches(cli: Cli) -> None:
    result = cli("search", "zzzqqq", "kaupang")
    assert result.stderr == "faq: nothing matches 'zzzqqq kaupang'\n"
