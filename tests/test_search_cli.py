"""`faq search` and `faq show` through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable

from typer.testing import CliRunner

from innovasjon_faq.cli import app
from innovasjon_faq.environment import Environment


def test_search_finds_an_ascii_spelling_as_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "--json", "raadmannen"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["id"] for row in rows] == [4]
    assert set(rows[0]) == {"id", "slug", "question", "score", "snippet"}
    assert "Rådmannen" in rows[0]["snippet"]


def test_search_takes_several_words_and_a_limit(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "--json", "-n", "2", "innovasjon", "kommune"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2


def test_search_phrase_in_quotes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "--json", '"bygge system"'])
    assert [row["id"] for row in json.loads(result.stdout)] == [5]
    result = runner.invoke(app, ["search", "--json", '"system bygge"'])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert result.stderr == "faq: nothing matches '\"system bygge\"'\n"


def test_no_hit_says_did_you_mean_on_stderr(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "politkr"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr == "faq: nothing matches 'politkr'. Did you mean «politikere», «politikk»?\n"
    )


def test_no_hit_and_nothing_close(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "pizza"])
    assert result.exit_code == 1
    assert result.stderr == "faq: nothing matches 'pizza'\n"


def test_plain_output_when_piped(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "floker"])
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first == "5  Hvordan kan en best involvere politikere i innovasjonsarbeidet?"
    assert "samfunnsflokene" in result.stdout
    assert "\x1b[" not in result.stdout


def test_a_terminal_highlights_the_matched_compound(
    runner: CliRunner, terminal: Callable[..., Environment]
) -> None:
    env = terminal()
    result = runner.invoke(app, ["search", "strategi"], obj=env)
    assert result.exit_code == 0
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[1;2;33minnovasjonsstrategi\x1b[0m" in out


def test_show_uses_the_engine_for_words(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "--json", "ordforer"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == 4


def test_show_lists_candidates_when_ambiguous(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "involvere"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "faq: 'involvere' matches several entries; say which:",
        "    5  Hvordan kan en best involvere politikere i innovasjonsarbeidet?",
        "    2  Hva er forskjellen på N3 (BLT) og SLIK?",
    ]


def test_show_suggests_when_nothing_matches(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "slk"])
    assert result.exit_code == 1
    assert result.stderr == "faq: no entry matches 'slk'. Did you mean «SLIK»?\n"
