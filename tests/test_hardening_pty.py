"""`faq` on a real pseudo-terminal: what a person would see.

The child gets a pty as its controlling terminal (stdin, stdout and stderr), a
window size set with TIOCSWINSZ and no COLUMNS, so faq finds everything out the
way it does for a person: styles, tel:/mailto: links, the window's width — and
nothing from a file or an argument that could drive the terminal.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FAQ = [sys.executable, "-m", "innovasjon_faq"]
SGR = re.compile(rb"\x1b\[[0-9;]*m")
OSC8 = re.compile(rb"\x1b\]8;[^\x1b\x07]*\x1b\\")
# Anything else that could drive a terminal: other CSI, OSC, C1, BEL, BS, bidi.
DANGEROUS = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


class Session:
    """A child process on a new pty; `output` is everything it wrote."""

    def __init__(self, args: list[str], columns: int, env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        environ.update({"TERM": "xterm-256color", **env})
        self.process = subprocess.Popen(
            [*FAQ, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environ,
            start_new_session=True,
            preexec_fn=_take_terminal,
        )
        os.close(slave)
        self.output = b""

    def read(self, until: Callable[[bytes], bool] = lambda _: False) -> bytes:
        """Read until the child closes the terminal (or `until(output)` holds)."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not until(self.output):
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            self.output += chunk
        return self.output

    def finish(self) -> int:
        self.read()
        os.close(self.master)
        return self.process.wait(timeout=60)


def _take_terminal() -> None:  # pragma: no cover - runs in the child
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def run(*args: str, columns: int = 80, **env: str) -> tuple[int, bytes]:
    session = Session(list(args), columns, env)
    status = session.finish()
    return status, session.output


def visible(raw: bytes) -> str:
    """The text as a person sees it (a pty turns \\n into \\r\\n)."""
    return OSC8.sub(b"", SGR.sub(b"", raw)).decode("utf-8").replace("\r\n", "\n")


def assert_nothing_drives_the_terminal(raw: bytes) -> None:
    rest = OSC8.sub(b"", SGR.sub(b"", raw)).decode("utf-8").replace("\r\n", "\n")
    assert not DANGEROUS.search(rest), repr(rest)


# -- what a person sees ----------------------------------------------------------


def test_a_terminal_gets_styles_and_respects_its_width() -> None:
    status, raw = run("list", columns=60)
    assert status == 0
    assert SGR.search(raw)
    text = visible(raw)
    assert "forskjellen" in text
    assert "innovasjonsarbeidet?" in text
    assert max(len(line) for line in text.splitlines()) <= 60
    assert_nothing_drives_the_terminal(raw)


def test_contact_cards_carry_tel_and_mailto_links() -> None:
    status, raw = run("contacts", "kaupang", columns=70)
    assert status == 0
    targets = re.findall(rb"\x1b\]8;[^;]*;([^\x1b]+)\x1b\\", raw)
    assert b"tel:+4741209923" in targets
    assert b"mailto:morten@agendakaupang.no" in targets
    text = visible(raw)
    assert "╭" in text
    assert max(len(line) for line in text.splitlines()) <= 70
    assert_nothing_drives_the_terminal(raw)


@pytest.mark.parametrize("columns", [12, 30, 200])
def test_the_window_size_is_the_width(columns: int) -> None:
    status, raw = run("show", "3", columns=columns)
    assert status == 0
    text = visible(raw)
    assert "Vi anbefaler at dere" in " ".join(text.split())
    if columns >= 30:  # Rich, wrapped to the window
        assert SGR.search(raw)
        assert max(len(line) for line in text.splitlines()) <= columns
    else:  # too narrow for Rich: plain text, which the terminal wraps
        assert b"\x1b" not in raw


def test_no_color_and_term_dumb_on_a_terminal() -> None:
    status, raw = run("contacts", "Hegna", NO_COLOR="1")
    assert status == 0
    assert not re.search(rb"\x1b\[[0-9;]*3[0-9]m", raw)  # no foreground colours
    status, raw = run("contacts", "Hegna", TERM="dumb")
    assert status == 0
    assert b"\x1b" not in raw
    assert "inger@agendakaupang.no" in visible(raw)


def test_json_on_a_terminal_is_plain_json() -> None:
    status, raw = run("show", "2", "--json")
    assert status == 0
    assert b"\x1b" not in raw
    assert json.loads(raw.replace(b"\r\n", b"\n"))["id"] == 2


# -- nothing hostile reaches the terminal ---------------------------------------------


HOSTILE = "\x1b]0;owned\x07\x1b[2J\x1b]8;;https://evil.example\x1b\\x\x9b31m\u202e"
# The same attacks in a file name (no slash) and with no word that could match.
HOSTILE_NAME = "\x1b]0;owned\x07\x1b[2J\x1b]8;;evil.example\x1b\\x\x9b31m\u202e"
NO_MATCH = "qqqzx\x1b]0;qqqzx\x07\x1b[2J\x9b31m\u202eqqqzx"


def test_a_hostile_query_is_echoed_harmless() -> None:
    status, raw = run("search", "--", NO_MATCH)
    assert status == 1
    assert_nothing_drives_the_terminal(raw)
    assert "<U+001B>]0;qqqzx<U+0007><U+001B>[2J<U+009B>31m<U+202E>" in visible(raw)
    status, raw = run("search", "--", HOSTILE)  # an answer or not: harmless either way
    assert status in (0, 1)
    assert_nothing_drives_the_terminal(raw)
    assert b"evil.example" not in b"".join(re.findall(rb"\x1b\]8;[^\x1b]*", raw))


def test_a_hostile_ref_is_echoed_harmless() -> None:
    status, raw = run("show", "--", NO_MATCH)
    assert status == 1
    assert_nothing_drives_the_terminal(raw)
    assert "<U+001B>]0;qqqzx<U+0007>" in visible(raw)


def test_a_hostile_data_path_is_echoed_harmless(tmp_path: Path) -> None:
    path = tmp_path / f"{HOSTILE_NAME}.json"
    path.write_text("{")
    status, raw = run("list", "--data", str(path))
    assert status == 2
    assert_nothing_drives_the_terminal(raw)
    assert "not valid JSON" in visible(raw)


def test_a_hostile_collection_is_refused_harmlessly(
    write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    bundled["entries"][0]["question"] = f"Spørsmål {HOSTILE}"
    path = write_collection(bundled)
    status, raw = run("list", "--data", str(path))
    assert status == 2
    assert_nothing_drives_the_terminal(raw)
    assert visible(raw).endswith(
        "entry 1 (id 1): field 'question' holds the control character U+001B\n"
    )


def test_markup_in_a_collection_shows_literally(
    write_collection: Callable[..., Path], bundled: dict[str, Any]
) -> None:
    bundled["entries"][1]["question"] = "[bold red]Rød[/] [link=https://evil.example]her[/link]?"
    path = write_collection(bundled)
    status, raw = run("show", "2", "--data", str(path), columns=120)
    assert status == 0
    assert "[bold red]Rød[/] [link=https://evil.example]her[/link]?" in visible(raw)
    assert b"evil.example\x1b\\" not in raw


# -- Ctrl-C typed at the terminal --------------------------------------------------------


def test_ctrl_c_typed_at_the_terminal_exits_130_quietly(tmp_path: Path) -> None:
    fifo = tmp_path / "wait.json"
    os.mkfifo(fifo)
    session = Session(["list", "--data", str(fifo)], 80, {})
    # Wait until faq is blocked opening the FIFO, which no one writes (a ^C
    # before Python has started kills it outright), then type ^C — the line
    # discipline turns it into SIGINT — until faq ends.
    _wait_until_blocked(session.process.pid)
    deadline = time.monotonic() + 60
    while session.process.poll() is None and time.monotonic() < deadline:
        os.write(session.master, b"\x03")
        try:
            session.process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            continue
    if session.process.poll() is None:  # pragma: no cover - only on failure
        session.process.send_signal(signal.SIGKILL)
    status = session.finish()
    assert status == 130
    text = visible(session.output)
    assert "Traceback" not in text
    assert "KeyboardInterrupt" not in text


def _wait_until_blocked(pid: int) -> None:
    """Wait until the kernel shows `pid` sleeping on the FIFO (Linux /proc)."""
    wchan = Path(f"/proc/{pid}/wchan")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            where = wchan.read_text()
        except OSError:
            return
        # The loader waits for a writer in select() (poll_schedule_timeout).
        if any(word in where for word in ("fifo", "pipe", "wait_for_partner", "poll", "select")):
            return
        time.sleep(0.01)


def test_a_terminal_that_reports_no_size_gets_the_default_width() -> None:
    # A fresh pty is 0x0 until someone sets its size; that is "unknown", not 0.
    status, raw = run("show", "3", columns=0)
    assert status == 0
    assert SGR.search(raw)
    assert max(len(line) for line in visible(raw).splitlines()) == 80
