"""`--lang nb|en` before the command or after it, on both paths: every command
takes it, and the last one typed wins (as `--data` does)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innovasjon_faq.cli import app, fast
from innovasjon_faq.cli.localise import language_from_args
from innovasjon_faq.environment import Environment
from innovasjon_faq.i18n import set_language


@pytest.fixture(autouse=True)
def english_afterwards() -> object:
    """The language is process-wide; leave it as every other test expects it."""
    yield
    set_language("en")


def command_names() -> list[str]:
    import typer

    group = typer.main.get_command(app)
    return list(group.commands)  # type: ignore[attr-defined]


def piped() -> Environment:
    return Environment(stdout=io.StringIO(), stderr=io.StringIO(), stdout_isatty=False, environ={})


def typer_run(argv: list[str]) -> tuple[int, str, str]:
    env = piped()
    result = CliRunner().invoke(app, argv, obj=env)
    assert isinstance(env.stdout, io.StringIO)
    assert isinstance(env.stderr, io.StringIO)
    return result.exit_code, env.stdout.getvalue() or result.stdout, env.stderr.getvalue()


@pytest.mark.parametrize("name", command_names())
def test_every_command_takes_lang_after_it(name: str) -> None:
    """So the README's "every command takes --lang" stays true of new commands too."""
    status, out, _err = typer_run([name, "--help", "--lang", "nb"])
    assert status == 0
    assert out.startswith(f"Bruk: faq {name}")
    assert "--lang nb|en" in out
    status, out, _err = typer_run([name, "--lang", "en", "--help"])
    assert out.startswith(f"Usage: faq {name}")


ARGS = {
    "list": ["list", "--json"],
    "show": ["show", "xyzzy"],
    "search": ["search", "zzzxq"],
    "contacts": ["contacts", "nobody"],
    "validate": ["validate", "no-such-file.json"],
}


@pytest.mark.parametrize("name", list(ARGS))
@pytest.mark.parametrize("language", ["nb", "en"])
def test_lang_after_the_command_is_lang_before_it(name: str, language: str) -> None:
    before = typer_run(["--lang", language, *ARGS[name]])
    after = typer_run([*ARGS[name], "--lang", language])
    between = typer_run([ARGS[name][0], f"--lang={language}", *ARGS[name][1:]])
    assert after == before == between


def test_lang_after_the_command_speaks_norwegian() -> None:
    assert typer_run(["show", "xyzzy", "--lang", "nb"]) == (
        1,
        "",
        "faq: ingen oppføring passer til 'xyzzy'\n",
    )


@pytest.mark.parametrize(
    ("argv", "language"),
    [
        (["--lang", "nb", "show", "xyzzy", "--lang", "en"], "en"),
        (["--lang", "en", "show", "xyzzy", "--lang", "nb"], "nb"),
        (["show", "--lang", "en", "xyzzy", "--lang", "nb"], "nb"),
    ],
)
def test_the_last_lang_typed_wins(argv: list[str], language: str) -> None:
    status, _out, err = typer_run(argv)
    assert status == 1
    assert err.startswith("faq: ingen oppføring" if language == "nb" else "faq: no entry")
    fast_env = piped()
    assert fast.run(argv, fast_env) == 1
    assert isinstance(fast_env.stderr, io.StringIO)
    assert fast_env.stderr.getvalue() == err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "--lang", "nb", "N3"], "nb"),
        (["--lang", "en", "show", "N3", "--lang=nb"], "nb"),
        (["--lang", "nb", "show", "--", "--lang", "en"], "nb"),
    ],
)
def test_language_from_args_takes_the_last(args: list[str], expected: str) -> None:
    assert language_from_args(args) == expected


@pytest.mark.parametrize("argv", [["show", "N3", "--lang", "sv"], ["contacts", "--lang", "de"]])
def test_an_unknown_language_after_the_command_is_a_usage_error(argv: list[str]) -> None:
    status, out, err = typer_run(argv)
    assert (status, out) == (2, "")
    assert err.startswith("faq: Invalid value for '--lang': choose one of: nb, en")
    assert fast.parse(argv, {}) is None  # Typer says what is wrong


def test_the_installed_script_takes_lang_after_the_command(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("faq")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    for argv in (["show", "xyzzy", "--lang", "nb"], ["contacts", "nobody", "--lang", "nb"]):
        result = subprocess.run(
            [str(script), *argv], env=env, capture_output=True, timeout=60, check=False
        )
        assert result.returncode == 1
        assert "ingen" in result.stderr.decode()
