"""Odd environments, against the installed command in a subprocess: locales,
encodings, TERM, COLUMNS, no terminal, closed or full stdout, Ctrl-C, an
unwritable cache folder. No traceback, ever; data on stdout, one line on stderr."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FAQ = [sys.executable, "-m", "innovasjon_faq"]
ESC = "\x1b"


def run(
    *args: str,
    env: dict[str, str] | None = None,
    stdout: Any = subprocess.PIPE,
    **kwargs: Any,
) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, **(env or {})}
    return subprocess.run(
        [*FAQ, *args],
        env=environ,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
        **kwargs,
    )


def no_traceback(result: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in result.stderr
    assert b"Exception ignored" not in result.stderr


# -- locales and encodings -------------------------------------------------------


@pytest.mark.parametrize("variables", [{"LANG": "C"}, {"LC_ALL": "C"}, {"LC_ALL": "POSIX"}])
def test_the_c_locale_still_writes_norwegian_letters(variables: dict[str, str]) -> None:
    # Python coerces the C locale to UTF-8 (PEP 538/540); faq must not undo that.
    result = run("show", "1", env=variables)
    assert result.returncode == 0
    no_traceback(result)
    assert "Hva gjør jeg" in result.stdout.decode("utf-8")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("force_color", ["", "1"])
def test_letters_the_encoding_lacks_are_replaced_not_fatal(encoding: str, force_color: str) -> None:
    env = {"PYTHONIOENCODING": encoding, "FORCE_COLOR": force_color}
    result = run("show", "5", env=env)
    assert result.returncode == 0
    no_traceback(result)
    out = result.stdout.decode(encoding)
    assert "Hvordan kan en best involvere politikere" in out
    # ‘Bygge system’ has curly quotes, in neither ASCII nor Latin-1.
    assert "?Bygge system?" in out
    if encoding == "latin-1":
        assert "Det er vesentlig å involvere" in out.replace("\n", " ")
    assert (ESC in out) == bool(force_color)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_contact_cards_fall_back_to_ascii_boxes(encoding: str) -> None:
    result = run("contacts", "kaupang", env={"PYTHONIOENCODING": encoding, "FORCE_COLOR": "1"})
    assert result.returncode == 0
    no_traceback(result)
    assert "morten@agendakaupang.no" in result.stdout.decode(encoding)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_json_stays_exact_in_any_encoding(encoding: str) -> None:
    result = run("show", "1", "--json", env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 0
    assert result.stdout.isascii()
    assert json.loads(result.stdout)["question"] == (
        "Hva gjør jeg hvis jeg har en kommentar til innholdet?"
    )


def test_an_error_line_in_ascii_is_replaced_not_fatal() -> None:
    result = run("search", "blåbærsyltetøy", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr == b"faq: nothing matches 'bl?b?rsyltet?y'\n"


# -- terminals and widths ------------------------------------------------------------


def test_term_dumb_with_force_color_has_no_escapes() -> None:
    result = run("contacts", env={"TERM": "dumb", "FORCE_COLOR": "1", "COLUMNS": "70"})
    assert result.returncode == 0
    out = result.stdout.decode()
    assert ESC not in out
    assert "╭" in out
    assert max(len(line) for line in out.splitlines()) <= 70


@pytest.mark.parametrize("columns", ["12", "1000"])
@pytest.mark.parametrize("force_color", ["", "1"])
@pytest.mark.parametrize("command", [["list"], ["contacts"]])  # a table, and cards
def test_extreme_widths(columns: str, force_color: str, command: list[str]) -> None:
    result = run(*command, env={"COLUMNS": columns, "FORCE_COLOR": force_color})
    assert result.returncode == 0
    no_traceback(result)
    out = result.stdout.decode()
    assert "Agenda Kaupang AS" in out or "Hva er forskjellen" in out
    if columns == "12":  # too narrow for tables and cards: plain text, all of it
        assert ESC not in out
        assert "…" not in out
    else:
        assert (ESC in out) == bool(force_color)
        text = re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", out)
        assert max(len(line) for line in text.splitlines()) <= 1000


def test_no_terminal_anywhere_gives_plain_text() -> None:
    result = run("list", env={"TERM": ""}, start_new_session=True)
    assert result.returncode == 0
    assert ESC.encode() not in result.stdout
    assert result.stdout.startswith(b"1  Hva gj")


# -- stdout that cannot be written ---------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["show", "3"],
        ["contacts"],
        ["search", "slik"],
        ["list", "--json"],
        ["--help"],
        ["--version"],
    ],
)
def test_closed_stdout_is_one_clear_line(command: list[str]) -> None:
    shell = 'exec "$@" >&-'
    result = subprocess.run(
        ["sh", "-c", shell, "sh", *FAQ, *command],
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )
    assert result.returncode == 74
    assert result.stderr == b"faq: could not write the output: stdout is closed\n"


def minimal(tmp_path: Path, **variables: str) -> dict[str, str]:
    """A user's plain environment, as `env -i PATH=… HOME=… LANG=C.UTF-8` gives
    it: none of the PYTHON* variables a test runner may set (PYTHONUNBUFFERED
    once hid a fault: an unbuffered stdout fails at once, never at exit)."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8", **variables}


def run_plain(
    *args: str, env: dict[str, str], stdout: Any = subprocess.PIPE, stderr: Any = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    """`faq ARGS` in exactly the environment `env` (nothing of this process's)."""
    return subprocess.run(
        [*FAQ, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        timeout=60,
        check=False,
    )


# Every command, in each of its output forms (--json, --vcard, --help, …).
EVERY_COMMAND = [
    [],
    ["list"],
    ["list", "--json"],
    ["show", "3"],
    ["show", "3", "--json"],
    ["search", "slik"],
    ["search", "slik", "--json"],
    ["contacts"],
    ["contacts", "--json"],
    ["contacts", "--vcard"],
    ["export"],
    ["export", "--format", "json"],
    ["validate"],
    ["validate", "--json"],
    ["schema"],
    ["cache", "info"],
    ["cache", "info", "--json"],
    ["cache", "clear"],
    ["--help"],
    ["show", "--help"],
    ["--version"],
]


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda argv: " ".join(argv) or "(none)")
@pytest.mark.parametrize("force_color", ["", "1"])
def test_a_full_disk_is_one_clear_line(
    tmp_path: Path, command: list[str], force_color: str
) -> None:
    env = minimal(tmp_path, FORCE_COLOR=force_color)
    with open("/dev/full", "w") as full:
        result = run_plain(*command, env=env, stdout=full)
    # Python flushes stdout again at exit; that second failure must stay quiet
    # (it would print "Exception ignored" and make the status 120).
    assert (result.returncode, result.stderr) == (
        74,
        b"faq: could not write the output: No space left on device\n",
    )


@pytest.mark.parametrize(
    "command",
    [["search", "zzzxq", "--json"], ["show", "zzzxq", "--json"], ["contacts", "zzzxq", "--json"]],
)
def test_a_full_disk_for_the_json_of_nothing_found(tmp_path: Path, command: list[str]) -> None:
    """`[]` or `null` could not be written: that is the failure to tell, not the empty result."""
    with open("/dev/full", "w") as full:
        result = run_plain(*command, env=minimal(tmp_path), stdout=full)
    assert (result.returncode, result.stderr) == (
        74,
        b"faq: could not write the output: No space left on device\n",
    )


@pytest.mark.parametrize("command", [["show", "zzzxq"], ["list", "extra"], ["list"], ["--help"]])
def test_a_full_stderr_keeps_the_status(tmp_path: Path, command: list[str]) -> None:
    """`faq show zzzxq 2>/dev/full`: the message has nowhere to go, but the
    status is still the command's own, not Python's 120."""
    expected = run_plain(*command, env=minimal(tmp_path)).returncode
    with open("/dev/full", "w") as full:
        result = run_plain(*command, env=minimal(tmp_path), stderr=full)
    assert result.returncode == expected


def test_the_installed_script_in_a_plain_environment_on_a_full_disk(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("faq")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [str(script), "list"],
            env=minimal(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    assert (result.returncode, result.stderr) == (
        74,
        b"faq: could not write the output: No space left on device\n",
    )


# -- Ctrl-C --------------------------------------------------------------------------


def test_ctrl_c_while_reading_exits_130_quietly(tmp_path: Path) -> None:
    fifo = tmp_path / "slow.json"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [*FAQ, "list", "--data", str(fifo)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    writer = _open_when_read(fifo, process)
    try:
        out, err = _interrupt(process)
    finally:
        os.close(writer)
    assert process.returncode == 130
    assert out == b""
    assert b"Traceback" not in err
    assert b"KeyboardInterrupt" not in err


def _interrupt(process: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """Press Ctrl-C until `process` ends, as a person would.

    A signal that lands after open() returned but before read() began only sets
    Python's flag, and read() then waits for data: a second Ctrl-C is needed.
    Waiting until the kernel shows the process waiting for data makes that rare.
    """
    wchan = Path(f"/proc/{process.pid}/wchan")
    deadline = time.monotonic() + 10
    # The loader waits for data in select() (poll_schedule_timeout).
    while (
        wchan.exists()
        and not any(word in wchan.read_text() for word in ("pipe", "poll", "select"))
        and time.monotonic() < deadline
    ):
        time.sleep(0.01)
    for _ in range(60):
        process.send_signal(signal.SIGINT)
        try:
            return process.communicate(timeout=1)
        except subprocess.TimeoutExpired:
            continue
    process.kill()
    return process.communicate()


def _open_when_read(fifo: Path, process: subprocess.Popen[bytes]) -> int:
    """Open the FIFO's writing end once `process` has it open for reading
    (until then O_NONBLOCK opening fails with ENXIO); `process` then waits in read()."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("faq never opened the FIFO")
            time.sleep(0.01)


# -- the cache folder ----------------------------------------------------------------


def _cache_cases(tmp_path: Path) -> dict[str, Callable[[], dict[str, str]]]:
    def under_a_file() -> dict[str, str]:
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("x")
        return {"XDG_CACHE_HOME": str(blocker / "cache")}

    def read_only() -> dict[str, str]:
        folder = tmp_path / "ro-cache"
        folder.mkdir()
        folder.chmod(0o500)
        return {"XDG_CACHE_HOME": str(folder)}

    return {"under-a-file": under_a_file, "read-only": read_only}


@pytest.mark.parametrize("case", ["under-a-file", "read-only"])
@pytest.mark.parametrize("command", [["list"], ["show", "N3"], ["search", "politikere"]])
def test_an_unwritable_cache_folder_is_not_an_error(
    tmp_path: Path, case: str, command: list[str]
) -> None:
    env = _cache_cases(tmp_path)[case]()
    for _ in range(2):  # a second run would read what the first wrote
        result = run(*command, env=env)
        assert result.returncode == 0
        assert result.stdout
        no_traceback(result)


def _no_file_writes() -> None:  # pragma: no cover - runs in the child
    # A full disk for regular files: every write fails with EFBIG (Python
    # ignores SIGXFSZ). stdout is a pipe and is not affected.
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


@pytest.mark.parametrize("command", [["list"], ["show", "N3"], ["search", "politikere"]])
def test_a_full_cache_folder_is_not_an_error(command: list[str]) -> None:
    result = run(*command, preexec_fn=_no_file_writes)
    assert result.returncode == 0
    assert result.stdout
    no_traceback(result)


@pytest.mark.parametrize("force_color", ["", "1"])
@pytest.mark.parametrize(
    "command", [["list"], ["show", "3"], ["contacts"], ["list", "--json"], ["--help"]]
)
def test_a_reader_that_went_away_ends_quietly(force_color: str, command: list[str]) -> None:
    # `faq list | head -0`: the pipe's reading end is closed before faq writes.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = run(*command, env={"FORCE_COLOR": force_color}, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == 0
    assert result.stderr == b""


@pytest.mark.parametrize("home", [None, ""])
@pytest.mark.parametrize("command", [["list"], ["search", "politikere"], ["show", "N3"]])
def test_no_home_is_not_an_error_and_litters_nothing(
    tmp_path: Path, home: str | None, command: list[str]
) -> None:
    # The cache stays in tmp_path (XDG_CACHE_HOME): without it, an unset HOME
    # falls back to the real home of the user running the tests.
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CONFIG_HOME")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    if home is not None:
        env["HOME"] = home  # an empty HOME makes "~" the root folder
    work = tmp_path / "cwd"
    work.mkdir()
    result = subprocess.run(
        [*FAQ, *command],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=False,
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout
    no_traceback(result)
    assert list(work.iterdir()) == []
