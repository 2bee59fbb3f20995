"""The fast path (`cli/fast.py`) answers exactly as the Typer application does,
and leaves to Typer everything it does not fully understand."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from innovasjon_faq.cli import app, fast
from innovasjon_faq.cli.complete import COMMANDS, complete, short_help
from innovasjon_faq.environment import Environment
from innovasjon_faq.i18n import _, choose_language, set_language

LOCALES_FOR_BOTH = [{}, {"LANG": "nb_NO.UTF-8"}]


def piped(**environ: str) -> Environment:
    return Environment(
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdout_isatty=False,
        stderr_isatty=False,
        environ=environ,
    )


def both(argv: list[str], make: Callable[[], Environment]) -> tuple[tuple[int, str, str], ...]:
    """(status, stdout, stderr) from Typer and from the fast path."""
    typer_env, fast_env = make(), make()
    result = CliRunner().invoke(app, argv, obj=typer_env)
    status = fast.run(argv, fast_env)
    assert status is not None, f"{argv} should take the fast path"
    outcomes = []
    for code, env in ((result.exit_code, typer_env), (status, fast_env)):
        assert isinstance(env.stdout, io.StringIO)
        assert isinstance(env.stderr, io.StringIO)
        outcomes.append((code, env.stdout.getvalue(), env.stderr.getvalue()))
    return tuple(outcomes)


FAST_FORMS = [
    [],
    ["list"],
    ["list", "--json"],
    ["show", "N3"],
    ["show", "2", "--json"],
    ["show", "--json", "politikere"],
    ["show", "nothing-like-this"],
    ["show", "innovasjon"],
    ["search", "politikere"],
    ["search", "politikere", "--limit", "1"],
    ["search", "-n", "2", "--json", "kommune", "innovasjon"],
    ["search", "--limit=1", "ordforer"],
    ["search", "zzzxq"],
    ["search", "--json", "zzzxq"],
    ["search", " "],
    ["search", "Gustav"],
    ["search", "--json", "agenda", "kaupang"],
    ["search", "+47", "41", "20", "99", "23"],
    ["show", "--json", "nothing-like-this"],
    ["show", "--json", "innovasjon"],
    ["show", "komme", "i", "gang"],
    ["show", "--json", "involvere", "politikere"],
    ["--lang", "en", "show", "N3"],
    ["--lang=nb", "search", "politikere"],
    ["--lang", "en", "show", "nothing-like-this"],
    ["--lang", "nb"],
    ["--lang", "en", "--lang", "nb", "list"],
    ["show", "--lang", "nb", "nothing-like-this"],
    ["show", "nothing-like-this", "--lang=nb"],
    ["search", "zzzxq", "--lang", "nb"],
    ["search", "--lang", "nb", "politikere", "--json"],
    ["list", "--lang", "en"],
    ["--lang", "en", "list", "--lang", "nb"],
    ["--lang", "nb", "show", "nothing-like-this", "--lang", "en"],
]


@pytest.mark.parametrize("argv", FAST_FORMS, ids=lambda argv: " ".join(argv) or "(none)")
def test_fast_path_answers_as_typer_does(argv: list[str]) -> None:
    typer_outcome, fast_outcome = both(argv, piped)
    assert fast_outcome == typer_outcome


@pytest.mark.parametrize("argv", [["show", "N3"], ["search", "politikere"], ["list"], []])
def test_fast_path_answers_as_typer_does_on_a_terminal(
    argv: list[str], terminal: Callable[..., Environment]
) -> None:
    typer_outcome, fast_outcome = both(argv, lambda: terminal(width=72))
    assert fast_outcome == typer_outcome
    assert "\x1b[" in fast_outcome[1]


def test_fast_path_reads_data_from_option_and_variable(
    bundled: dict[str, object],
    write_collection: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundled["title"] = "Egen samling"
    path = str(write_collection(bundled))
    typer_outcome, fast_outcome = both(["show", f"--data={path}", "N3"], piped)
    assert fast_outcome == typer_outcome
    # Typer reads FAQ_DATA from the process; the fast path from the Environment.
    monkeypatch.setenv("FAQ_DATA", path)
    typer_outcome, fast_outcome = both([], lambda: piped(**os.environ))
    assert fast_outcome == typer_outcome
    assert fast_outcome[1].startswith("6. Egen samling\n")


def test_fast_path_takes_data_before_the_command_as_typer_does(
    bundled: dict[str, Any],
    write_collection: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`faq --data F list` (the application's own option) answers without
    Typer; typed after the command it wins, and either beats FAQ_DATA."""
    first = bundled["entries"][0]
    ours = str(write_collection({**bundled, "entries": [{**first, "question": "Vår?"}]}))
    other = str(write_collection({**bundled, "entries": [{**first, "question": "Deres?"}]}))
    monkeypatch.setenv("FAQ_DATA", other)
    for argv, question in [
        (["--data", ours, "list"], "Vår?"),
        ([f"--data={ours}", "--lang", "en", "list"], "Vår?"),
        (["--data", ours], "Vår?"),
        (["--data", ours, "search", "--json", "innholdet"], "Vår?"),
        (["--data", other, "list", "--data", ours], "Vår?"),
        (["--data", ours, "show", f"--data={other}", "1"], "Deres?"),
        (["--lang", "en", "list"], "Deres?"),
    ]:
        typer_outcome, fast_outcome = both(argv, lambda: piped(**os.environ))
        assert fast_outcome == typer_outcome, argv
        assert fast_outcome[0] == 0, argv
        assert question in fast_outcome[1], argv


def test_fast_path_reports_data_errors_as_typer_does(write_collection: Callable[..., Path]) -> None:
    path = str(write_collection("{ not json"))
    typer_outcome, fast_outcome = both(["show", "--data", path, "N3"], piped)
    assert fast_outcome == typer_outcome
    assert fast_outcome[0] == 2
    assert fast_outcome[2].startswith(f"faq: {path}: line 1, column 3: not valid JSON")


# -- every argv the fast path takes, against Typer ---------------------------------

# Pieces of a command line: the grammar's options (valid and broken values),
# words, references and what looks like an option but is none.
_COMMAND = st.sampled_from(fast.COMMANDS)
_GOOD_OPTION = st.sampled_from(
    [
        ["--json"],
        ["--lang", "nb"],
        ["--lang", "en"],
        ["--lang=nb"],
        ["--limit", "1"],
        ["--limit=2"],
        ["-n", "3"],
        ["--data", "/nonexistent/faq.json"],
        ["-"],
    ]
)
_BROKEN_OPTION = st.sampled_from(
    [["--json=1"], ["--lang", "xx"], ["-n", "0"], ["-n", "x"], ["--limit", "99999999999"],
     ["--data="], ["--data"], ["--jsn"], ["--"], ["-x"]]
)  # fmt: skip
_OPTION = st.one_of(_GOOD_OPTION, _GOOD_OPTION, _GOOD_OPTION, _BROKEN_OPTION)
_WORD = st.sampled_from(
    ["N3", "2", "komme-i-gang", "politikere", "radmann", "zzzxq", "komme", "i", "gang", "æøå", " "]
)


@st.composite
def _argv(draw: st.DrawFn) -> list[str]:
    argv: list[str] = []
    for option in draw(st.lists(st.sampled_from([["--lang", "nb"], ["--lang", "en"]]), max_size=2)):
        argv += option
    if draw(st.booleans()):
        argv.append(draw(_COMMAND))
        argv.append(draw(_WORD))
        for piece in draw(st.lists(st.one_of(_OPTION, _WORD.map(lambda w: [w])), max_size=4)):
            argv += piece
    return argv


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv=_argv(), locale=st.sampled_from(LOCALES_FOR_BOTH))
def test_every_argv_the_fast_path_takes_answers_as_typer_does(
    argv: list[str], locale: dict[str, str]
) -> None:
    """#14's differential test: whatever the fast path takes, Typer answers
    with the same stdout, stderr and status, under nb and en."""
    try:
        if fast.parse(argv, locale) is None:
            event("left to Typer")
            return
        event("taken by the fast path")
        typer_outcome, fast_outcome = both(argv, lambda: piped(**locale))
        assert fast_outcome == typer_outcome, argv
    finally:
        set_language("en")


def test_version_on_the_fast_path() -> None:
    env = piped()
    assert fast.run(["--version"], env) == 0
    assert isinstance(env.stdout, io.StringIO)
    assert env.stdout.getvalue().startswith("faq ")
    result = CliRunner().invoke(app, ["--version"])
    assert result.stdout == env.stdout.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["show", "--help"],
        ["-h"],
        ["--lang", "de", "show", "N3"],
        ["--lang"],
        ["--lang", "--data", "x"],
        ["--lang", "en", "--help"],
        ["--lang=", "list"],
        ["--data"],
        ["--data=", "list"],
        ["--data", "x", "contacts"],
        ["--json", "list"],
        ["show", "--lang", "de", "N3"],
        ["show", "--lang", "N3"],
        ["show", "--lang=", "N3"],
        ["--version", "--lang", "en"],
        ["--lang", "en", "--version"],
        ["contacts"],
        ["show"],
        ["show", "--jsn", "N3"],
        ["show", "--json=yes", "N3"],
        ["show", "--data"],
        ["show", "--data", "--json", "N3"],
        ["show", "--data=", "N3"],
        ["search"],
        ["search", "-n", "0", "politikere"],
        ["search", "-n", "²", "politikere"],
        ["search", "--limit=١٢", "politikere"],
        ["search", "--limit", "x", "politikere"],
        ["search", "-n5", "politikere"],
        ["search", "--", "-politikere"],
        ["list", "extra"],
        ["nosuchcommand"],
    ],
    ids=" ".join,
)
def test_everything_else_is_left_to_typer(argv: list[str]) -> None:
    assert fast.parse(argv, {}) is None


def test_dash_alone_is_an_argument() -> None:
    assert fast.parse(["show", "-"], {}) is not None


# -- completion -------------------------------------------------------------------


def typer_completion(environ: dict[str, str]) -> tuple[str, int]:
    """What Typer itself prints for a completion request (in a subprocess: Typer
    reads the variables from os.environ and exits)."""
    env = {**os.environ, **environ}
    code = "from innovasjon_faq.cli.app import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    return result.stdout, result.returncode


# The requests our scripts send (and Typer's zsh script, installed in some homes).
REQUESTS = {
    "bash": "complete_bash",
    "zsh": "describe_zsh",
    "zsh-typer": "complete_zsh",
    "fish": "complete_fish",
    "powershell": "complete_powershell",
}


def completion_request(
    shell: str, typed: str, fish_action: str = "get-args", **environ: str
) -> dict[str, str]:
    line = f"faq {typed}"
    return {
        "_FAQ_COMPLETE": REQUESTS[shell],
        "COMP_WORDS": line,
        "COMP_CWORD": "1",
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": fish_action,
        **environ,
    }


SHELL_REQUESTS = ["bash", "zsh", "zsh-typer", "fish"]
LOCALES = [{}, {"LANG": "nb_NO.UTF-8"}]


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    """`complete` sets the locale's language, as a run does; tests go on in English."""
    yield
    set_language("en")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("shell", SHELL_REQUESTS)
@pytest.mark.parametrize("typed", ["", "s", "se", "l", "x"])
def test_command_completion_matches_typer(shell: str, typed: str, locale: dict[str, str]) -> None:
    request = completion_request(shell, typed, **locale)
    assert complete(request) == typer_completion(request)


@pytest.mark.parametrize("typed", ["", "x"])
def test_fish_is_args_matches_typer(typed: str) -> None:
    request = completion_request("fish", typed, "is-args")
    assert complete(request) == typer_completion(request)


@pytest.mark.parametrize("shell", SHELL_REQUESTS)
@pytest.mark.parametrize("typed", ["", "n", "N", "radm", "raadm", "bl", "2", "zz"])
def test_reference_completion_matches_typer(shell: str, typed: str) -> None:
    """`faq show n<TAB>`: the fast path offers what Typer's autocompletion does."""
    request = {**completion_request(shell, f"show {typed}"), "COMP_CWORD": "2"}
    assert complete(request) == typer_completion(request)


@pytest.mark.parametrize("shell", SHELL_REQUESTS)
def test_both_paths_print_hostile_collection_text_alike(
    shell: str, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    """The payloads of tests/security, through both paths: the same bytes, so
    the real-shell tests there speak for both."""
    from security.test_completion_payloads import hostile_collection

    path = write_collection(hostile_collection(bundled))
    request = {**completion_request(shell, "show q"), "COMP_CWORD": "2", "FAQ_DATA": str(path)}
    answer = complete(request)
    assert answer is not None
    assert "pwn/qa" in answer[0]
    assert answer == typer_completion(request)


@pytest.mark.parametrize("locale", LOCALES)
def test_completion_table_lists_every_command_of_the_app(locale: dict[str, str]) -> None:
    request = completion_request("fish", "", **locale)
    expected = typer_completion(request)[0].splitlines()
    set_language(choose_language(locale))
    assert [f"{name}\t{short_help(_(text))}" for name, text in COMMANDS] == expected


def test_completion_table_holds_each_commands_own_help() -> None:
    """The table's texts are the commands' docstrings, the catalog's msgids."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert dict(COMMANDS) == {name: group.commands[name].help for name, _ in COMMANDS}


PIECES = ["a", "bc", "de.", " ", "\n", "\n\n", "\b", "xyzxyzxyz", "æøå", "e.g"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_short_help_cuts_as_click_does(text: str) -> None:
    from typer._click.utils import make_default_short_help

    assert short_help(text) == make_default_short_help(text)


@pytest.mark.parametrize(
    "request_vars",
    [
        completion_request("bash", "-"),
        completion_request("zsh", "--"),
        completion_request("bash", "'sh"),
        completion_request("zsh", "show 'k"),
        completion_request("fish", "s", fish_action=""),
        {**completion_request("bash", "search N"), "COMP_CWORD": "2"},
        completion_request("zsh", "list "),
        {**completion_request("bash", "show 1 x"), "COMP_CWORD": "3"},
        completion_request("powershell", "s"),
        {**completion_request("bash", "sh"), "COMP_CWORD": "²"},
    ],
)
def test_other_completions_are_left_to_typer(request_vars: dict[str, str]) -> None:
    assert complete(request_vars) is None
    assert fast.parse([], request_vars) is None


def test_completion_runs_through_the_fast_path() -> None:
    env = piped(**completion_request("bash", "s"))
    assert fast.run([], env) == 0
    assert isinstance(env.stdout, io.StringIO)
    assert env.stdout.getvalue() == "show\nsearch\nschema\n"


def test_console_script_answers_through_both_paths() -> None:
    """`faq` as installed: the fast path for `show`, Typer for `--help`."""
    code = "import sys; from innovasjon_faq.cli import main; sys.argv[0] = 'faq'; main()"
    env = {k: v for k, v in os.environ.items() if k != "FAQ_DATA"}
    shown = subprocess.run(
        [sys.executable, "-c", code, "show", "--json", "N3"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert shown.returncode == 0
    assert json.loads(shown.stdout)["id"] == 2
    helped = subprocess.run(
        [sys.executable, "-c", code, "--help"], env=env, capture_output=True, text=True, check=False
    )
    assert helped.returncode == 0
    assert "faq show N3" in helped.stdout
