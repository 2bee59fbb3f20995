"""A query (for `search`, or the words of `show`) has a size limit: at most
MAX_QUERY_WORDS words and MAX_QUERY_CHARS characters, else one clear line and
status 2. A 120,000-word query used to run for minutes (docs/performance.md,
"How long a query may be")."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from innovasjon_faq.cli import app, fast
from innovasjon_faq.cli.actions import MAX_QUERY_CHARS, MAX_QUERY_WORDS
from innovasjon_faq.environment import Environment

Cli = Callable[..., Result]
WORDS = ["politikere", "kommune", "innovasjon", "rådmann", "ledelse", "floker"]


def words(count: int) -> list[str]:
    return [WORDS[i % len(WORDS)] for i in range(count)]


def piped() -> Environment:
    return Environment(stdout=io.StringIO(), stderr=io.StringIO(), stdout_isatty=False, environ={})


def both(argv: list[str]) -> list[tuple[int | None, str, str]]:
    """(status, stdout, stderr) from Typer and from the fast path."""
    out = []
    typer_env, fast_env = piped(), piped()
    result = CliRunner().invoke(app, argv, obj=typer_env)
    status = fast.run(argv, fast_env)
    for code, env in ((result.exit_code, typer_env), (status, fast_env)):
        assert isinstance(env.stdout, io.StringIO)
        assert isinstance(env.stderr, io.StringIO)
        out.append((code, env.stdout.getvalue(), env.stderr.getvalue()))
    return out


def too_many(count: int) -> str:
    return f"faq: the query has {count} words; faq takes at most {MAX_QUERY_WORDS}\n"


@pytest.mark.parametrize("command", ["search", "show"])
def test_the_most_words_still_search(command: str) -> None:
    for status, _out, err in both([command, *words(MAX_QUERY_WORDS)]):
        assert status in (0, 1), err


@pytest.mark.parametrize("command", ["search", "show"])
@pytest.mark.parametrize("count", [MAX_QUERY_WORDS + 1, 1000, 120_000])
def test_more_words_are_refused_on_both_paths(command: str, count: int) -> None:
    typer_outcome, fast_outcome = both([command, *words(count)])
    assert typer_outcome == fast_outcome == (2, "", too_many(count))


@pytest.mark.parametrize("count", [MAX_QUERY_WORDS + 1, 10_000])
def test_a_contacts_filter_has_the_same_limit(cli: Cli, count: int) -> None:
    """`faq contacts $(seq 1000 9999)` echoed all 9,000 numbers in one line."""
    assert cli("contacts", *words(MAX_QUERY_WORDS)).exit_code == 1
    result = cli("contacts", *words(count))
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", too_many(count))
    result = cli("contacts", "x" * (MAX_QUERY_CHARS + 1))
    assert result.exit_code == 2


def test_the_parts_of_a_hyphenated_word_are_words() -> None:
    """`a-b-c-…` is one argument but each part is searched (and costs) as a word."""
    chain = "-".join(words(MAX_QUERY_WORDS + 1))
    assert both(["search", chain])[1] == (2, "", too_many(MAX_QUERY_WORDS + 1))


@pytest.mark.parametrize("command", ["search", "show"])
def test_a_query_of_too_many_characters_is_refused(command: str) -> None:
    query = "x" * (MAX_QUERY_CHARS + 1)
    most = MAX_QUERY_CHARS
    message = f"faq: the query has {most + 1} characters; faq takes at most {most}\n"
    for outcome in both([command, query]):
        assert outcome == (2, "", message)
    longest = "x" * MAX_QUERY_CHARS
    assert all(status == 1 for status, _out, _err in both([command, longest]))


def test_the_limit_in_norwegian(cli: Cli) -> None:
    result = cli("--lang", "nb", "search", *words(MAX_QUERY_WORDS + 1))
    assert result.exit_code == 2
    assert result.stderr == (
        f"faq: søket har {MAX_QUERY_WORDS + 1} ord; faq tar høyst {MAX_QUERY_WORDS}\n"
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.lists(st.sampled_from([*WORDS, "-", "a-b", "—", "x" * 40]), max_size=50))
def test_refused_exactly_when_over_a_limit(cli: Cli, query: list[str]) -> None:
    text = " ".join(query)
    over = len(text) > MAX_QUERY_CHARS or len(re.findall(r"\w+", text)) > MAX_QUERY_WORDS
    result = cli("search", "--", *query)
    if not text.strip():
        assert result.exit_code == 2
    else:
        assert (result.exit_code == 2) == over, result.stderr


def test_the_installed_script_refuses_a_huge_query_at_once(tmp_path: Path) -> None:
    script = str(Path(sys.executable).with_name("faq"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    result = subprocess.run(
        [script, "search", "--", *words(50_000)],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode() == too_many(50_000)
