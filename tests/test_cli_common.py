"""What every command shares: --json, --data / FAQ_DATA, --version, -h/--help,
usage errors, and the one place that maps outcomes to exit statuses."""

from __future__ import annotations

import errno
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer import Abort
from typer._click.exceptions import ClickException  # Typer ≥ 0.28 vendors Click
from typer.testing import CliRunner, Result

from innovasjon_faq import __version__
from innovasjon_faq.environment import Environment

Cli = Callable[..., Result]

# Each command with arguments that succeed on the bundled collection.
COMMANDS: dict[str, list[str]] = {
    "list": ["list"],
    "show": ["show", "N3"],
    "search": ["search", "politikere"],
    "contacts": ["contacts"],
}


@pytest.fixture
def other(bundled: dict[str, Any], write_collection: Callable[..., Path]) -> Path:
    """A collection of the same shape that differs from the bundled one in every part
    a command prints."""
    bundled["title"] = "Vår egen FAQ"
    bundled["section"] = 1
    bundled["intro"] = "Spørsmål fra kommunen vår."
    bundled["entries"] = [
        {
            "id": 7,
            "slug": "parkering",
            "question": "Hvor kan jeg parkere ved rådhuset?",
            "answer": "Parkeringsplassen bak rådhuset er åpen for besøkende.",
            "keywords": ["N3", "parkering", "bil"],
            "see_also": ["Kart"],
        }
    ]
    bundled["contacts"] = [
        {
            "name": "Kari Nordmann",
            "organization": "Politikerkontoret",
            "phones": ["+4722000000"],
            "email": "kari@example.no",
        }
    ]
    return write_collection(bundled, "our-faq.json")


# -- --json ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", COMMANDS)
def test_json_is_utf8_not_ascii_escaped(cli: Cli, name: str) -> None:
    result = cli(*COMMANDS[name], "--json")
    assert result.exit_code == 0
    assert result.stderr == ""
    json.loads(result.stdout)
    assert "\\u00" not in result.stdout
    if name != "contacts":  # the contacts' names are plain ASCII
        assert any(letter in result.stdout for letter in "æøå")
    assert result.stdout.endswith("\n")
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_json_on_a_terminal_is_still_plain_json(
    cli: Cli, name: str, terminal: Callable[..., Environment]
) -> None:
    env = terminal(FORCE_COLOR="1")
    result = cli(*COMMANDS[name], "--json", obj=env)
    assert result.exit_code == 0
    assert isinstance(env.stdout, io.StringIO)
    out = env.stdout.getvalue()
    json.loads(out)
    assert "\x1b" not in out


# -- --data and FAQ_DATA --------------------------------------------------------------


@pytest.mark.parametrize("name", COMMANDS)
def test_data_option_on_every_command(cli: Cli, name: str, other: Path) -> None:
    args = ["show", "parkering"] if name == "show" else COMMANDS[name]
    args = ["search", "parkere"] if name == "search" else args
    args = ["contacts", "kari"] if name == "contacts" else args
    result = cli(*args, "--data", str(other), "--json")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Kari Nordmann" in text if name == "contacts" else "rådhuset" in text
    assert "Weiberg" not in text
    assert "SLIK" not in text


def test_data_option_on_the_overview(cli: Cli, other: Path) -> None:
    result = cli("--data", str(other))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:4] == [
        "1. Vår egen FAQ",
        "Spørsmål fra kommunen vår.",
        "",
        "7  Hvor kan jeg parkere ved rådhuset?",
    ]


@pytest.mark.parametrize("name", [*COMMANDS, "overview"])
def test_faq_data_variable_on_every_command(
    cli: Cli, name: str, other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAQ_DATA", str(other))
    args = {"overview": [], "show": ["show", "7"], "search": ["search", "parkering"]}
    result = cli(*args.get(name, COMMANDS.get(name, [])))
    assert result.exit_code == 0, result.stderr
    assert ("Kari Nordmann" if name == "contacts" else "rådhuset") in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_data_before_the_command_counts_too(cli: Cli, name: str, other: Path) -> None:
    """`faq --data F list` reads F, as `faq list --data F` does."""
    args = {"show": ["show", "7"], "search": ["search", "parkering"]}.get(name, COMMANDS[name])
    result = cli("--data", str(other), *args)
    assert result.exit_code == 0, result.stderr
    assert ("Kari Nordmann" if name == "contacts" else "rådhuset") in result.stdout
    assert "SLIK" not in result.stdout


def test_data_option_beats_faq_data(
    cli: Cli, other: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FAQ_DATA", str(tmp_path / "missing.json"))
    for args in (["list", "--data", str(other)], ["--data", str(other), "list"]):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == "7  Hvor kan jeg parkere ved rådhuset?  [N3, parkering, bil]\n"


def test_data_after_the_command_beats_data_before_it(cli: Cli, other: Path, tmp_path: Path) -> None:
    result = cli("--data", str(tmp_path / "missing.json"), "list", "--data", str(other))
    assert result.exit_code == 0, result.stderr
    assert "rådhuset" in result.stdout


def test_empty_faq_data_means_the_bundled_collection(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAQ_DATA", "")
    result = cli("show", "N3")
    assert result.exit_code == 0
    assert result.stdout.startswith("Hva er forskjellen på N3 (BLT) og SLIK?\n")


# -- --version, --help ----------------------------------------------------------------


CREDIT_EN = (
    "Content: KS, the SLIK toolkit, section 6 «Kontakt og spørsmål», word for word; "
    "its rights remain with KS. Code: MIT licence."
)


def test_version(cli: Cli) -> None:
    """The first line is `faq X.Y.Z` (scripts read it); the second says whose the text is."""
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"faq {__version__}\n{CREDIT_EN}\n"
    assert result.stderr == ""


def test_version_in_norwegian(cli: Cli) -> None:
    result = cli("--lang", "nb", "--version")
    assert result.stdout.splitlines() == [
        f"faq {__version__}",
        "Innhold: KS, verktøyet SLIK, del 6 «Kontakt og spørsmål», ordrett; "
        "rettighetene tilhører KS. Koden: MIT-lisens.",
    ]


def test_version_wins_over_a_command(cli: Cli) -> None:
    result = cli("--version", "show", "nothing-like-this")
    assert result.exit_code == 0
    assert result.stdout == f"faq {__version__}\n{CREDIT_EN}\n"


HELP_EXAMPLES = {
    "": "faq show N3",
    "list": "Example: faq list",
    "show": "Example: faq show N3",
    "search": "Example: faq search politikere",
    "contacts": "Example: faq contacts kaupang",
}


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", HELP_EXAMPLES)
def test_help_on_every_command_shows_an_example(cli: Cli, command: str, flag: str) -> None:
    args = [command, flag] if command else [flag]
    result = cli(*args)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.startswith(f"Usage: faq {command}".rstrip() + " ")
    assert HELP_EXAMPLES[command] in result.stdout
    if command:
        assert "--data PATH" in result.stdout
        assert "--json" in result.stdout


def test_main_help_lists_the_commands(cli: Cli) -> None:
    out = cli("--help").stdout
    for command in ("list", "show", "search", "contacts"):
        assert f"  {command} " in out
    assert "--version" in out


def test_help_is_not_wrapped_in_rich_markup_or_colour(cli: Cli) -> None:
    out = cli("show", "--help", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b" not in out


# -- usage errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--bogus"], "faq: No such option: --bogus (see 'faq list --help')"),
        (["show"], "faq: Missing argument 'REF'. (see 'faq show --help')"),
        (["search"], "faq: Missing argument 'WORDS...'. (see 'faq search --help')"),
        (["list", "2"], "faq: Got unexpected extra argument(s) (2) (see 'faq list --help')"),
        (["nosuchcommand"], "faq: No such command 'nosuchcommand'. (see 'faq --help')"),
        (["--lang", "xx"], None),
        (["contacts", "--vcard", "--json"], "faq: choose either --json or --vcard"),
        (["search", "x", "--limit"], None),
        (["--data"], None),
    ],
)
def test_usage_errors_are_one_line_on_stderr_and_exit_2(
    cli: Cli, args: list[str], message: str | None
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("faq: ")
    if message is not None:
        assert result.stderr == message + "\n"


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_lang_option_is_accepted(cli: Cli, lang: str) -> None:
    result = cli("--lang", lang, "show", "2", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == 2


# -- the one place that maps outcomes to exit statuses ----------------------------------


def app_module() -> Any:
    """The module `innovasjon_faq.cli.app` (the package re-exports the Typer `app`
    under the same name)."""
    import importlib

    return importlib.import_module("innovasjon_faq.cli.app")


def _raising(error: BaseException) -> Callable[[str | None], Any]:
    def fail(data: str | None) -> Any:
        raise error

    return fail


@pytest.mark.parametrize(
    ("error", "status", "stderr"),
    [
        (KeyboardInterrupt(), 130, ""),
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), 0, ""),
        (OSError(errno.EPIPE, "Broken pipe"), 0, ""),
        (OSError(errno.ENOSPC, "No space left on device"), 74, None),
        (Abort(), 130, ""),
        (ClickException("the file went away"), 1, "faq: the file went away\n"),
    ],
)
def test_outcomes_map_to_exit_statuses(
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    status: int,
    stderr: str | None,
) -> None:
    """The Typer path's own mapping (Click's Abort and ClickException happen
    only there), so Typer is run itself, not the production entry point."""
    from innovasjon_faq.cli import app, context

    monkeypatch.setattr(context, "collection", _raising(error))
    monkeypatch.setattr(app_module(), "_quiet_broken_pipe", lambda env: 0)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == status
    assert result.stdout == ""
    expected = (
        stderr
        if stderr is not None
        else ("faq: could not write the output: No space left on device\n")
    )
    assert result.stderr == expected


def test_quiet_broken_pipe_points_stdout_at_devnull(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "dup2", lambda fd, fd2: calls.append((fd, fd2)))

    class FakeStdout(io.StringIO):
        def fileno(self) -> int:
            return 99

    env = Environment(stdout=FakeStdout(), stderr=io.StringIO(), environ={})
    assert app_module()._quiet_broken_pipe(env) == 0
    assert calls
    assert calls[0][1] == 99
    # A stdout without a file descriptor (as under a test runner) is left alone.
    calls.clear()
    env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), environ={})
    assert app_module()._quiet_broken_pipe(env) == 0
    assert calls == []


def test_a_write_error_points_the_stream_at_devnull(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a failed write left in the buffer must not fail again at exit."""
    import os

    from innovasjon_faq.cli.outcome import guarded

    calls: list[int] = []
    monkeypatch.setattr(os, "dup2", lambda fd, fd2: calls.append(fd2))

    class Full(io.StringIO):
        def fileno(self) -> int:
            return 98 if self is env.stdout else 97

        def flush(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    env = Environment(stdout=Full(), stderr=Full(), environ={})
    assert guarded(env, lambda: 0) == 74
    assert calls == [97, 98]  # stderr could not take the message either


def test_an_error_with_stderr_closed_still_gives_its_status(
    cli: Cli, terminal: Callable[..., Environment]
) -> None:
    """`faq show xyzzy 2>&-`: the message has nowhere to go; the status still tells."""
    env = terminal()
    env.stderr.close()
    result = cli("show", "xyzzy", obj=env)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_report_neutralises_control_characters(terminal: Callable[..., Environment]) -> None:
    from innovasjon_faq.cli.app import report

    env = terminal()
    report(env, "bad \x1b[2J thing", ["detail \x07"])
    assert isinstance(env.stderr, io.StringIO)
    assert env.stderr.getvalue() == "faq: bad <U+001B>[2J thing\n  detail <U+0007>\n"


@pytest.mark.parametrize("how", ["module", "console script"])
def test_main_runs_the_app_in_process(
    how: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m innovasjon_faq` and the `faq` script (`cli.main`) in this process."""
    import runpy
    import sys

    from innovasjon_faq.cli import main

    monkeypatch.setattr(sys, "argv", ["faq", "show", "N3", "--json"])
    run = (
        (lambda: runpy.run_module("innovasjon_faq", run_name="__main__"))
        if how == "module"
        else main
    )
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 0
    assert json.loads(capsys.readouterr().out)["slug"] == "n3-og-slik"


def _readme_shapes() -> dict[str, list[str]]:
    """The README's table of JSON shapes: command name -> documented keys, in order."""
    import re

    readme = Path(__file__).resolve().parents[1] / "README.md"
    if not readme.is_file():
        pytest.skip("no README.md beside tests/")
    shapes = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        row = re.match(r"\| `faq (\w+)[^`]*--json` \| `([^`]*)`", line)
        if row:
            shapes[row.group(1)] = re.findall(r'"(\w+)"', row.group(2))
    return shapes


@pytest.mark.parametrize("name", COMMANDS)
def test_json_shapes_are_the_ones_the_readme_documents(cli: Cli, name: str) -> None:
    shapes = _readme_shapes()
    assert set(shapes) == {*COMMANDS, "cache"}  # cache: tests/test_cli_cache.py
    result = cli(*COMMANDS[name], "--json")
    data = json.loads(result.stdout)
    first = data if isinstance(data, dict) else data[0]
    assert isinstance(data, dict) == (name == "show")
    assert list(first) == shapes[name]
