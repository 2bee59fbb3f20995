"""Bad queries and references: a clean answer or a clean refusal, never a crash.

(How long they take was measured by hand, not asserted: a 20,000-character query
runs in about half a second; see the hardening notes in the README.)
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from innovasjon_faq.cli import app
from innovasjon_faq.cli.actions import MAX_QUERY_CHARS, MAX_QUERY_WORDS

ODD = [
    ".*",
    "(a+)+$",
    "[",
    "\\",
    "%s%n",
    "{0}",
    "🙂",
    "\u0301",  # a lone combining mark
    "e\u0301\u0301\u0301",
    "²",  # str.isdigit() is true, int() refuses it
    "١٢",  # Arabic-Indic digits
    "-x",
    "--help",
    "-1",
    "'; DROP TABLE entries; --",
    "x" * 20_000,
    "1" * 20_000,  # more digits than int() converts
    " ".join(["politikere"] * 2_000),
]


def clean(result: object) -> None:
    """Exit 0 with output, or exit 1/2 with one `faq:` line on stderr and no traceback."""
    exit_code = result.exit_code  # type: ignore[attr-defined]
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]
    if exit_code == 0:
        assert result.stdout  # type: ignore[attr-defined]
    else:
        assert exit_code in (1, 2)
        assert result.stderr.startswith("faq: ")  # type: ignore[attr-defined]
        assert "Traceback" not in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", ODD, ids=lambda q: repr(q[:20]))
def test_search_answers_or_refuses_cleanly(runner: CliRunner, query: str) -> None:
    clean(runner.invoke(app, ["search", "--", query]))


@pytest.mark.parametrize("query", ODD, ids=lambda q: repr(q[:20]))
def test_search_json_is_always_json(runner: CliRunner, query: str) -> None:
    result = runner.invoke(app, ["search", "--json", "--", query])
    clean(result)
    if result.exit_code == 2:  # refused (too long): a usage error, not an answer
        assert result.stdout == ""
        assert len(query) > MAX_QUERY_CHARS or len(query.split()) > MAX_QUERY_WORDS
    else:
        assert isinstance(json.loads(result.stdout), list)


@pytest.mark.parametrize("ref", ODD, ids=lambda q: repr(q[:20]))
def test_show_answers_or_refuses_cleanly(runner: CliRunner, ref: str) -> None:
    clean(runner.invoke(app, ["show", "--", ref]))


@pytest.mark.parametrize("text", ODD, ids=lambda q: repr(q[:20]))
def test_contacts_filter_answers_or_refuses_cleanly(runner: CliRunner, text: str) -> None:
    clean(runner.invoke(app, ["contacts", "--", text]))


@pytest.mark.parametrize("ref", ["²", "1" * MAX_QUERY_CHARS, "١"])
def test_a_ref_of_non_ascii_or_endless_digits_is_not_an_id(runner: CliRunner, ref: str) -> None:
    result = runner.invoke(app, ["show", ref])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("faq: no entry matches '")


def test_ascii_digits_are_still_an_id(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "--json", "002"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == 2


@pytest.mark.parametrize("words", [[""], ["   "], ["", " ", "\t"]])
def test_an_empty_search_is_a_usage_error(runner: CliRunner, words: list[str]) -> None:
    result = runner.invoke(app, ["search", "--", *words])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "faq: give one or more words to search for\n"


@pytest.mark.parametrize("ref", ["", "   "])
def test_an_empty_ref_is_refused(runner: CliRunner, ref: str) -> None:
    result = runner.invoke(app, ["show", ref])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "faq: give an id, a slug, a keyword or words to show\n"


def test_an_option_like_word_after_double_dash_is_searched(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "--", "--json"])
    assert result.exit_code == 1
    assert result.stderr.startswith("faq: nothing matches '--json'")


@pytest.mark.parametrize(
    "query", ["\x1b]0;owned\x07", "\x1b[2J", "a\u202eb", "\x9b31m", "bell\x07\x08"]
)
def test_a_query_with_control_characters_is_echoed_neutralised(
    runner: CliRunner, query: str
) -> None:
    result = runner.invoke(app, ["search", "--", query])
    assert result.exit_code == 1
    assert result.stdout == ""
    line = result.stderr
    assert line.startswith("faq: nothing matches '")
    assert line.endswith("\n")
    assert line.count("\n") == 1
    assert all(ch == "\n" or ch.isprintable() for ch in line)
    assert "<U+" in line


def test_a_ref_with_an_escape_is_echoed_neutralised(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "zz\x1b[31mred"])
    assert result.exit_code == 1
    assert result.stderr == "faq: no entry matches 'zz<U+001B>[31mred'\n"


def test_a_data_path_with_escapes_in_its_name_is_echoed_neutralised(
    runner: CliRunner, tmp_path: object
) -> None:
    name = f"{tmp_path}/\x1b]0;owned\x07\x1b[31m\u202e.json"
    result = runner.invoke(app, ["list", "--data", name])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"faq: {tmp_path}/<U+001B>]0;owned<U+0007><U+001B>[31m<U+202E>.json: no such file\n"
    )


@pytest.mark.parametrize(
    "args",
    [["search", "--limit", "\x1b[31m", "x"], ["\x1b[31mred"], ["list", "--\x1b]0;t\x07"]],
)
def test_a_usage_error_echoing_an_escape_is_one_safe_line(
    runner: CliRunner, args: list[str]
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("faq: ")
    assert result.stderr.count("\n") == 1
    assert all(ch == "\n" or ch.isprintable() for ch in result.stderr)


def test_a_contacts_filter_with_an_escape_is_echoed_neutralised(runner: CliRunner) -> None:
    result = runner.invoke(app, ["contacts", "zz\x1b]0;t\x07"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "faq: no contact matches 'zz<U+001B>]0;t<U+0007>'\n"


@pytest.mark.parametrize("limit", ["²", "¹"])
def test_a_limit_of_superscript_digits_is_a_usage_error(limit: str) -> None:
    """Through the entry point, so the fast path is asked first (it leaves
    such a limit to Typer, which refuses it); this was a traceback."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "innovasjon_faq", "search", "-n", limit, "politikere"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("faq: Invalid value for '--limit' / '-n'")
