"""A collection read from a pipe, a FIFO or a device: read like a file, but never
waited for forever (issue #15, fault 7: `--data FIFO` with no writer hung).

A pipe or FIFO is worth keeping (`--data /dev/stdin`, `--data <(curl …)`), so
it is read with a time-out: READ_TIMEOUT seconds without a byte is refused
with one line, exit 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from text_helpers import FAQ
from typer.testing import CliRunner

from innovasjon_faq import loader
from innovasjon_faq.cli import app
from innovasjon_faq.errors import DataError

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def silent(seconds: float) -> str:
    return f"no data for {seconds:g} seconds (a pipe or FIFO that nothing writes to?)"


@pytest.mark.parametrize(
    "command", [["list"], ["show", "1"], ["search", "kommune"], ["contacts"], ["validate"]]
)
def test_a_fifo_no_one_writes_to_is_refused_after_the_time_out(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    fifo = tmp_path / "nobody.json"
    os.mkfifo(fifo)
    monkeypatch.setattr(loader, "READ_TIMEOUT", 0.2)
    result = runner.invoke(app, [*command, "--data", str(fifo)])
    assert result.exit_code == 2
    line = f"{fifo}: {silent(0.2)}"
    if command == ["validate"]:
        assert result.stdout == f"{line}\n1 problem in 1 file\n"
    else:
        assert (result.stdout, result.stderr) == ("", f"faq: {line}\n")


def test_a_writer_that_opens_but_never_writes_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "mute.json"
    os.mkfifo(fifo)
    monkeypatch.setattr(loader, "READ_TIMEOUT", 0.2)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so the writer can open
    writer = os.open(fifo, os.O_WRONLY)
    try:
        with pytest.raises(DataError) as raised:
            loader.load(str(fifo))
        assert raised.value.problem == silent(0.2)
    finally:
        os.close(writer)
        os.close(reader)


def test_a_slow_writer_is_read_whole(
    tmp_path: Path, bundled: dict[str, Any], write_collection: Callable[..., Path]
) -> None:
    fifo = tmp_path / "slow.json"
    os.mkfifo(fifo)
    body = json.dumps(bundled).encode()

    def write_in_parts() -> None:
        with open(fifo, "wb", buffering=0) as handle:
            for start in range(0, len(body), 1000):
                handle.write(body[start : start + 1000])
                time.sleep(0.01)

    writer = threading.Thread(target=write_in_parts, daemon=True)
    writer.start()
    assert loader.load(str(fifo)) == loader.load(str(write_collection(bundled)))
    writer.join()


def test_the_time_out_holds_in_a_real_process(tmp_path: Path) -> None:
    """The installed code, in its own process, with the time-out made short."""
    fifo = tmp_path / "nobody.json"
    os.mkfifo(fifo)
    code = (
        "import sys\n"
        "from innovasjon_faq import loader\n"
        "loader.READ_TIMEOUT = 0.5\n"
        "from innovasjon_faq.cli import main\n"
        "sys.argv[0] = 'faq'\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "show", "1", "--data", str(fifo)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == f"faq: {fifo}: {silent(0.5)}\n"


def test_a_collection_on_standard_input(bundled: dict[str, Any]) -> None:
    body = json.dumps(bundled).encode()
    result = subprocess.run(
        [FAQ, "show", "--json", "N3", "--data", "/dev/stdin"],
        input=body,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["slug"] == "n3-og-slik"
