"""`output_file.write` when things go wrong half way, in-process: an error or a Ctrl-C in
the middle of the write, a target swapped under it, a name at the length limit, a FIFO
whose reader leaves, signals it must leave alone. (The real signals from outside are
in test_output_files.py.)"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innovasjon_faq import output_file
from innovasjon_faq.cli import app
from innovasjon_faq.errors import WriteError

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX files, links and signals")


def half_then(error: BaseException) -> Callable[[int, bytes], None]:
    """A `_write_all` that writes half the bytes, then fails with `error`."""

    def write_all(handle: int, data: bytes) -> None:
        os.write(handle, data[: len(data) // 2])
        raise error

    return write_all


@pytest.mark.parametrize(
    ("error", "status", "stderr"),
    [
        (OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), 74, "No space left on device"),
        (OSError(errno.EIO, os.strerror(errno.EIO)), 74, "Input/output error"),
        (KeyboardInterrupt(), 130, None),
    ],
    ids=["ENOSPC", "EIO", "Ctrl-C"],
)
def test_a_failure_half_way_leaves_the_old_file_and_no_temporary(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    status: int,
    stderr: str | None,
) -> None:
    target = tmp_path / "faq.md"
    target.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(output_file, "_write_all", half_then(error))
    result = runner.invoke(app, ["export", "-o", str(target)])
    assert result.exit_code == status
    assert result.stderr == (f"faq: cannot write {target}: {stderr}\n" if stderr else "")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["faq.md"]


def test_a_failure_through_a_dangling_symlink_removes_what_it_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "current.md"
    link.symlink_to(tmp_path / "real.md")
    monkeypatch.setattr(output_file, "_write_all", half_then(OSError(errno.EIO, "I/O")))
    with pytest.raises(WriteError, match=r"cannot write .*current\.md: I/O"):
        output_file.write(str(link), b"text")
    assert [p.name for p in tmp_path.iterdir()] == ["current.md"]
    assert link.is_symlink()
    assert not link.exists()


def test_a_target_swapped_after_it_was_opened_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone renames another file over the target between the open and the rename:
    the write stops rather than replace a file it never checked."""
    target = tmp_path / "faq.md"
    target.write_text("old\n", encoding="utf-8")
    other = tmp_path / "other.md"
    other.write_text("someone else's\n", encoding="utf-8")
    real_open = output_file._open

    def open_then_swap(path: str) -> tuple[int, os.stat_result, bool] | None:
        opened = real_open(path)
        os.replace(other, target)
        return opened

    monkeypatch.setattr(output_file, "_open", open_then_swap)
    with pytest.raises(WriteError) as raised:
        output_file.write(str(target), b"new\n")
    assert str(raised.value) == f"cannot write {target}: it was replaced while faq was writing it"
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["faq.md"]


@pytest.mark.parametrize("name", ["a" * 255, "ø" * 127, "x" * 240 + ".md"])
def test_a_name_at_the_length_limit_can_be_written(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    """The temporary file's name (`.NAME.faq-XXXXXXXX.tmp`) is shortened to fit."""
    target = tmp_path / name
    result = runner.invoke(app, ["export", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("# 6. Kontakt og spørsmål\n")
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_relative_name_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    output_file.write("faq.md", b"text\n")
    assert (tmp_path / "faq.md").read_bytes() == b"text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["faq.md"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="Is a directory"):
        output_file.write(str(tmp_path), b"text\n")
    assert list(tmp_path.iterdir()) == []


def test_a_fifo_whose_reader_leaves_ends_quietly(
    runner: CliRunner, tmp_path: Path, big_collection: Path
) -> None:
    """As `faq export | head -c 1` does: the reader has what it wanted."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code = "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read(1))"
    reader = subprocess.Popen([sys.executable, "-c", code, str(fifo)], stdout=subprocess.PIPE)
    try:
        result = runner.invoke(app, ["export", "--data", str(big_collection), "-o", str(fifo)])
        read, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()
        reader.wait()
    assert read == b"#"
    assert result.exit_code == 0
    assert result.stderr == ""
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP")
def test_signals_ignored_before_stay_ignored_and_handlers_are_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `nohup` SIGHUP is ignored: the write must not make it fatal again."""
    seen: dict[str, object] = {}

    def write_all(handle: int, data: bytes) -> None:
        seen["hup"] = signal.getsignal(signal.SIGHUP)
        seen["term"] = signal.getsignal(signal.SIGTERM)
        os.write(handle, data)

    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    term_before = signal.getsignal(signal.SIGTERM)
    try:
        monkeypatch.setattr(output_file, "_write_all", write_all)
        output_file.write(str(tmp_path / "faq.md"), b"text\n")
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, before)
    assert seen["hup"] == signal.SIG_IGN
    assert seen["term"] == (output_file._end if term_before == signal.SIG_DFL else term_before)
    assert signal.getsignal(signal.SIGTERM) == term_before


def test_writing_from_another_thread(tmp_path: Path) -> None:
    """Only the main thread may set signal handlers; elsewhere the write still works."""
    errors: list[BaseException] = []

    def work() -> None:
        try:
            output_file.write(str(tmp_path / "faq.md"), b"text\n")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == []
    assert (tmp_path / "faq.md").read_bytes() == b"text\n"


def test_stdout_or_stderr_is_recognised_as_the_target() -> None:
    """`-o /dev/stdout > file`: the file is that stream, and is written through it."""
    found = output_file._standard_stream(os.fstat(2))
    assert found in (1, 2)
    assert os.path.samestat(os.fstat(found), os.fstat(2))
    assert output_file._standard_stream(os.stat(__file__)) is None


def test_sigterm_ends_the_process_after_the_cleanup(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the handler raises unwinds the write; then the signal is sent again with its
    default action, so the parent sees a process killed by SIGTERM."""
    sent: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "kill", lambda pid, signum: sent.append((pid, signum)))
    before = signal.getsignal(signal.SIGTERM)
    cleaned = []

    def stopped_half_way() -> None:
        with output_file._ended_by_signals():
            try:
                output_file._end(signal.SIGTERM, None)
            finally:
                cleaned.append(True)

    with pytest.raises(SystemExit) as ended:
        stopped_half_way()
    assert cleaned == [True]
    assert sent == [(os.getpid(), signal.SIGTERM)]
    assert ended.value.code == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == before


@pytest.mark.skipif(not hasattr(os, "fchown"), reason="no owners to keep")
def test_a_group_is_kept_when_the_owner_cannot_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user writing a colleague's file in a shared folder cannot give the new file to
    the colleague; it keeps at least the group, where the user is in it."""
    target = tmp_path / "faq.md"
    target.write_text("old\n", encoding="utf-8")
    calls: list[tuple[int, int]] = []
    real = os.fchown

    def fchown(handle: int, uid: int, gid: int) -> None:
        calls.append((uid, gid))
        if uid != -1:
            raise PermissionError(errno.EPERM, "Operation not permitted")
        real(handle, uid, gid)

    monkeypatch.setattr(os, "fchown", fchown)
    theirs = os.stat(target)
    monkeypatch.setattr(os, "geteuid", lambda: theirs.st_uid + 1)
    output_file.write(str(target), b"new\n")
    assert calls == [(theirs.st_uid, theirs.st_gid), (-1, theirs.st_gid)]
    assert target.read_bytes() == b"new\n"
    assert os.stat(target).st_gid == theirs.st_gid


def test_a_file_that_is_our_stdout_is_appended_to_through_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`faq export -o /dev/stdout >> log.md`: the text goes where the stream is, at its
    end, instead of replacing log.md (the real process: test_output_files.py)."""
    log = tmp_path / "log.md"
    log.write_bytes(b"before\n")
    stream = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        monkeypatch.setattr(output_file, "_standard_stream", lambda info: stream)
        output_file.write(str(log), b"after\n")
    finally:
        os.close(stream)
    assert log.read_bytes() == b"before\nafter\n"
    assert [p.name for p in tmp_path.iterdir()] == ["log.md"]


@pytest.mark.parametrize("command", [["export"], ["contacts", "--vcard"]])
def test_an_empty_file_name_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """`-o ""` (an unset variable: `-o "$OUT"`) said "cannot write : Not a directory"."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*command, "-o", ""])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "faq: give --output a file name, or - for standard output\n"
    assert list(tmp_path.iterdir()) == []


def test_a_file_name_cannot_reach_the_terminal_raw(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "x\x1b]0;owned\x07" / "faq.md"
    result = runner.invoke(app, ["export", "-o", str(target)])
    assert result.exit_code == 74
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert result.stderr == (
        f"faq: cannot write {tmp_path}/x<U+001B>]0;owned<U+0007>/faq.md: "
        "No such file or directory\n"
    )
