"""Odd environments, in process: COLUMNS, TERM=dumb, closed streams, narrow terminals.

The same cases against the installed command, in a subprocess, are in
test_hardening_subprocess.py.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from innovasjon_faq.cli import app, main
from innovasjon_faq.environment import DEFAULT_WIDTH, ClosedStream, Environment

SGR = re.compile(r"\x1b\[[0-9;]*m")
OSC8 = re.compile(r"\x1b\]8;[^\x1b]*\x1b\\")


def visible(text: str) -> str:
    return OSC8.sub("", SGR.sub("", text))


@pytest.mark.parametrize(
    ("columns", "width"),
    [
        ("12", 12),
        ("1000", 1000),
        (" 60 ", 60),
        ("²", DEFAULT_WIDTH),  # isdigit() but not int()-able
        ("١٢", DEFAULT_WIDTH),
        ("0", DEFAULT_WIDTH),
        ("-5", DEFAULT_WIDTH),
        ("abc", DEFAULT_WIDTH),
        ("99999999999", DEFAULT_WIDTH),
        ("", DEFAULT_WIDTH),
    ],
)
def test_columns_is_read_as_ascii_digits_within_reason(columns: str, width: int) -> None:
    env = Environment(stdout=io.StringIO(), stdout_isatty=False, environ={"COLUMNS": columns})
    assert env.width == width


@pytest.mark.parametrize("columns", ["²", "0", "-3", "99999999999", "1"])
@pytest.mark.parametrize("command", [["list"], ["show", "2"], ["contacts"], ["search", "slik"]])
def test_odd_columns_never_crash(
    runner: CliRunner,
    terminal: Callable[..., Environment],
    columns: str,
    command: list[str],
) -> None:
    env = terminal(COLUMNS=columns)
    result = runner.invoke(app, command, obj=env)
    assert result.exit_code == 0, result.output
    assert env.stdout.getvalue()  # type: ignore[attr-defined]


def test_a_terminal_narrower_than_a_card_gets_plain_text(
    runner: CliRunner, terminal: Callable[..., Environment]
) -> None:
    env = terminal(width=12)
    assert runner.invoke(app, ["contacts", "kaupang"], obj=env).exit_code == 0
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "\x1b" not in out
    assert "╭" not in out
    assert "morten@agendakaupang.no" in out
    assert "41 20 99 23" in out


@pytest.mark.parametrize("width", [30, 36, 44])
def test_long_words_fold_instead_of_being_cut(
    runner: CliRunner, terminal: Callable[..., Environment], width: int
) -> None:
    env = terminal(width=width)
    assert runner.invoke(app, ["contacts", "Weiberg"], obj=env).exit_code == 0
    out = visible(env.stdout.getvalue())  # type: ignore[attr-defined]
    assert "…" not in out
    cells = "".join(line.strip("│ ").strip() for line in out.splitlines())
    assert "Gustav.Weiberg-Aurdal@ks.no" in cells.replace(" ", "")
    assert all(len(line) <= width for line in out.splitlines())


@pytest.mark.parametrize("width", [30, 50, 120])
def test_term_dumb_still_honours_columns(
    runner: CliRunner, terminal: Callable[..., Environment], width: int
) -> None:
    # Rich ignores a given width on TERM=dumb unless a height is given too.
    env = terminal(width=width, TERM="dumb")
    assert runner.invoke(app, ["list"], obj=env).exit_code == 0
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert "\x1b" not in out  # no colour, no links on a dumb terminal
    assert max(len(line) for line in out.splitlines()) == width


def test_a_closed_stream_fails_like_a_broken_one() -> None:
    stream = ClosedStream("stdout")
    with pytest.raises(OSError, match="stdout is closed") as caught:
        stream.write("x")
    assert caught.value.strerror == "stdout is closed"
    assert not stream.isatty()


def test_closed_stdout_is_a_write_error(runner: CliRunner) -> None:
    # Python sets sys.stdout to None when file descriptor 1 is closed at start.
    err = io.StringIO()
    # ClosedStream is an io.TextIOBase, which typeshed's TextIO is not (the same ignore
    # is in environment._standard, which makes one of a closed sys.stdout).
    env = Environment(stdout=ClosedStream("stdout"), stderr=err, environ={})  # type: ignore[arg-type]
    result = runner.invoke(app, ["list"], obj=env)
    assert result.exit_code == 74
    assert err.getvalue() == "faq: could not write the output: stdout is closed\n"


def test_environment_stands_in_for_missing_standard_streams(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdout", None)
    monkeypatch.setattr("sys.stderr", None)
    env = Environment(environ={})
    assert isinstance(env.stdout, ClosedStream)
    assert isinstance(env.stderr, ClosedStream)
    assert env.stdout_isatty is False
    assert env.width == DEFAULT_WIDTH


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["list"]])
def test_main_turns_a_missing_stdout_into_a_write_error(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    err = io.StringIO()
    monkeypatch.setattr("sys.argv", ["faq", *args])
    monkeypatch.setattr("sys.stdout", None)
    monkeypatch.setattr("sys.stderr", err)
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 74
    assert err.getvalue() == "faq: could not write the output: stdout is closed\n"


def test_main_survives_a_missing_stderr_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.argv", ["faq", "show", "no-such-thing"])
    monkeypatch.setattr("sys.stdout", None)
    monkeypatch.setattr("sys.stderr", None)
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 1


def test_a_terminal_whose_size_cannot_be_read_is_80_wide() -> None:
    env = Environment(stdout=io.StringIO(), stdout_isatty=True, environ={})
    assert env.width == DEFAULT_WIDTH


class _BrokenPipe(io.StringIO):
    """A stdout whose reader has gone away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("rich", [False, True])
@pytest.mark.parametrize("command", [["list"], ["show", "2"], ["contacts"], ["list", "--json"]])
def test_a_broken_pipe_ends_quietly_with_success(
    runner: CliRunner, rich: bool, command: list[str]
) -> None:
    # Click and Rich would each exit 1 on their own; FaqGroup decides instead.
    err = io.StringIO()
    env = Environment(stdout=_BrokenPipe(), stderr=err, stdout_isatty=rich, environ={})
    result = runner.invoke(app, command, obj=env)
    assert result.exit_code == 0
    assert err.getvalue() == ""


def test_ctrl_c_while_the_command_line_is_imported_exits_130(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The console script enters at __main__.main, which imports the command line
    # (Typer, Click, Rich: slow) inside its try; a Ctrl-C then is quiet too.
    import types

    from innovasjon_faq import __main__ as launcher

    def interrupted() -> None:
        raise KeyboardInterrupt

    stub = types.ModuleType("innovasjon_faq.cli")
    stub.main = interrupted  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "innovasjon_faq.cli", stub)
    with pytest.raises(SystemExit) as caught:
        launcher.main()
    assert caught.value.code == 130


def test_the_launcher_runs_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from innovasjon_faq import __main__ as launcher

    monkeypatch.setattr("sys.argv", ["faq", "--version"])
    with pytest.raises(SystemExit) as caught:
        launcher.main()
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("faq ")


class _Encoded(io.StringIO):
    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._name = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._name


@pytest.mark.parametrize(
    ("encoding", "utf"),
    [
        ("utf-8", True),
        ("UTF8", True),
        ("utf-16", True),
        ("ascii", False),
        ("latin-1", False),
        ("no-such-codec", False),
    ],
)
def test_stdout_utf8_knows_which_streams_take_any_letter(encoding: str, utf: bool) -> None:
    assert Environment(stdout=_Encoded(encoding), environ={}).stdout_utf8 is utf


def test_json_on_an_ascii_stream_is_escaped_but_exact(runner: CliRunner) -> None:
    env = Environment(stdout=_Encoded("ascii"), stderr=io.StringIO(), environ={})
    assert runner.invoke(app, ["show", "1", "--json"], obj=env).exit_code == 0
    out = env.stdout.getvalue()  # type: ignore[attr-defined]
    assert out.isascii()
    assert "Hva gj\\u00f8r jeg" in out
