"""Hypothesis: nothing a user can type makes faq crash.

Any REF for `show` and any words for `search` end with exit status 0, 1 or 2,
never a traceback; a --json answer is always JSON, `[]` when nothing matches."""

from __future__ import annotations

import json
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

Cli = Callable[..., Result]

# Function-scoped fixtures (the isolated home, the runner) are the same for every
# example; that is what we want here.
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Text as people type it, with Norwegian letters, look-alikes, digits, markup,
# control characters and option-like dashes mixed in.
typed = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
        st.sampled_from(list("æøåÆØÅaeoNn3-[]/ \t\x1b\u202e")),
    ),
    max_size=40,
)
words = st.one_of(
    typed,
    st.sampled_from(["N3", "slik", "BLT", "politikere", "radmann", "kommune", "2", "0", "-1"]),
)


def _ended_cleanly(result: Result) -> None:
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stderr
    if result.exit_code != 0:
        assert result.stderr.startswith("faq: ")


@SETTINGS
@given(ref=words)
def test_any_ref_for_show(cli: Cli, ref: str) -> None:
    result = cli("show", ref)
    _ended_cleanly(result)
    if result.exit_code == 0:
        assert result.stdout
    else:
        assert result.stdout == ""


@SETTINGS
@given(ref=words)
def test_any_ref_for_show_json(cli: Cli, ref: str) -> None:
    result = cli("show", "--json", "--", ref)
    _ended_cleanly(result)
    if result.exit_code == 0:
        assert set(json.loads(result.stdout)) == {
            "id",
            "slug",
            "question",
            "answer",
            "keywords",
            "see_also",
        }


@SETTINGS
@given(query=st.lists(words, min_size=1, max_size=4), limit=st.integers(1, 6))
def test_any_query_for_search(cli: Cli, query: list[str], limit: int) -> None:
    result = cli("search", "--json", "--limit", str(limit), "--", *query)
    _ended_cleanly(result)
    if result.exit_code == 2:
        assert result.stdout == ""
        return
    rows = json.loads(result.stdout)
    if result.exit_code == 1:
        assert rows == []
    else:
        assert 1 <= len(rows) <= limit
        scores = [row["score"] for row in rows]
        assert scores == sorted(scores, reverse=True)


@SETTINGS
@given(query=st.lists(words, min_size=0, max_size=4))
def test_any_query_for_search_in_plain_text(cli: Cli, query: list[str]) -> None:
    result = cli("search", *query)
    _ended_cleanly(result)
    assert "\x1b" not in result.stdout
    assert "\x1b" not in result.stderr


@SETTINGS
@given(needle=words)
def test_any_contacts_filter(cli: Cli, needle: str) -> None:
    result = cli("contacts", "--json", "--", needle)
    _ended_cleanly(result)
    if result.exit_code == 0:
        assert 1 <= len(json.loads(result.stdout)) <= 4


@SETTINGS
@given(args=st.lists(words, max_size=4))
def test_any_arguments_at_all(cli: Cli, args: list[str]) -> None:
    _ended_cleanly(cli(*args))
