"""Issue #15: a file the user names (`faq export -o FILE`, `faq contacts --vcard -o FILE`)
is written safely — a planted symlink redirects nothing, devices and FIFOs stay what
they are, the target keeps its mode, and no way of stopping early leaves a temporary
file behind (see src/innovasjon_faq/output_file.py).

Real symlinks, FIFOs, device nodes (twins made with mknod, or the real names in a
private mount namespace: see conftest.py), a read-only folder, a full disk and real
signals; nothing here is mocked but the names tempfile would draw."""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from innovasjon_faq.cli import app
from innovasjon_faq.export import markdown
from innovasjon_faq.loader import load

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX files, links and signals")

ROOT = os.geteuid() == 0
PRECIOUS = "precious, not to be overwritten\n"
# What a dead export leaves: `.NAME.faq-XXXXXXXX.tmp` beside NAME.
LEFTOVER = re.compile(r"^\.faq\.md\.faq-[a-z0-9_]{8}\.tmp$")


@pytest.fixture
def document() -> str:
    return markdown(load())


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    old = os.umask(0o022)
    os.umask(old)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(old)


def export(runner: CliRunner, target: Path | str, *more: str) -> Any:
    return runner.invoke(app, ["export", "-o", str(target), *more])


def victim(folder: Path) -> Path:
    path = folder / "victim.txt"
    path.write_text(PRECIOUS, encoding="utf-8")
    return path


# -- symlinks --------------------------------------------------------------------------------


def test_symlinks_planted_at_every_predictable_name_redirect_nothing(
    runner: CliRunner, tmp_path: Path, document: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An attacker who can write to the folder plants links at every name the export
    might use: the old `NAME.<pid>.tmp`, the obvious ones, and — as if they could guess
    tempfile's random names — the first names it will draw."""
    secret = victim(tmp_path)
    target = tmp_path / "faq.md"
    guesses = ["guess001", "guess002", "guess003"]
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: iter([*guesses, "drawn004"]))
    planted = [
        f"faq.md.{os.getpid()}.tmp",
        "faq.md.tmp",
        ".faq.md.tmp",
        "faq.md~",
        *(f".faq.md.faq-{guess}.tmp" for guess in guesses),
    ]
    for name in planted:
        (tmp_path / name).symlink_to(secret)

    result = export(runner, target)

    assert result.exit_code == 0, result.stderr
    assert secret.read_text(encoding="utf-8") == PRECIOUS
    assert target.read_text(encoding="utf-8") == document
    assert not target.is_symlink()
    for name in planted:
        assert (tmp_path / name).is_symlink(), name
        assert os.readlink(tmp_path / name) == str(secret)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["victim.txt", "faq.md", *planted])


def test_a_symlinked_target_is_written_through_and_stays_a_symlink(
    runner: CliRunner, tmp_path: Path, document: str
) -> None:
    """`-o link` writes the file the link names, as the shell's `>` would."""
    elsewhere = tmp_path / "wiki"
    elsewhere.mkdir()
    real = elsewhere / "faq.md"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "current.md"
    link.symlink_to(real)

    result = export(runner, link)

    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == document
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current.md", "wiki"]
    assert [p.name for p in elsewhere.iterdir()] == ["faq.md"]


def test_a_dangling_symlink_is_created_through(
    runner: CliRunner, tmp_path: Path, document: str, umask: Callable[[int], None]
) -> None:
    umask(0o022)
    real = tmp_path / "wiki" / "faq.md"
    real.parent.mkdir()
    link = tmp_path / "current.md"
    link.symlink_to(real)

    result = export(runner, link)

    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == document
    assert stat.S_IMODE(real.stat().st_mode) == 0o644
    assert [p.name for p in real.parent.iterdir()] == ["faq.md"]


# -- the target's mode and owner -------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o444])
def test_the_targets_permission_bits_are_kept(
    runner: CliRunner, tmp_path: Path, document: str, mode: int, umask: Callable[[int], None]
) -> None:
    umask(0o022)
    target = tmp_path / "faq.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(mode)
    result = export(runner, target)
    if mode & 0o200 or ROOT:
        assert result.exit_code == 0, result.stderr
        assert target.read_text(encoding="utf-8") == document
    else:  # a read-only file stays what it was, as with the shell's `>`
        assert result.exit_code == 74
        assert result.stderr == f"faq: cannot write {target}: Permission denied\n"
        assert target.read_text(encoding="utf-8") == "old\n"
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir()] == ["faq.md"]


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o027, 0o640)])
def test_a_new_file_gets_the_mode_the_umask_gives(
    runner: CliRunner, tmp_path: Path, umask: Callable[[int], None], mask: int, mode: int
) -> None:
    umask(mask)
    target = tmp_path / "faq.md"
    result = export(runner, target)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.mark.skipif(not ROOT, reason="only root may give a file to another user")
def test_root_writing_a_users_file_leaves_it_theirs(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "faq.md"
    target.write_text("old\n", encoding="utf-8")
    os.chown(target, 65534, 65534)
    result = export(runner, target)
    assert result.exit_code == 0, result.stderr
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (65534, 65534)


# -- devices and FIFOs -----------------------------------------------------------------------


def twin(folder: Path, name: str, minor: int) -> Path:
    """A device node in `folder` that is /dev/null's (1, 3) or /dev/full's (1, 7) twin:
    a wrong write can replace only it."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("mknod needs root (CAP_MKNOD)")
    return path


def assert_still_the_device(path: Path, minor: int) -> None:
    info = os.lstat(path)
    assert stat.S_ISCHR(info.st_mode), f"{path} was replaced by a file"
    assert info.st_rdev == os.makedev(1, minor)


def test_a_null_device_is_written_to_not_replaced(runner: CliRunner, tmp_path: Path) -> None:
    null = twin(tmp_path, "null", 3)
    result = export(runner, null)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_still_the_device(null, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_full_device_is_a_write_error_and_stays_a_device(
    runner: CliRunner, tmp_path: Path
) -> None:
    full = twin(tmp_path, "full", 7)
    result = export(runner, full)
    assert result.exit_code == 74
    assert result.stderr == f"faq: cannot write {full}: No space left on device\n"
    assert_still_the_device(full, 7)
    assert [p.name for p in tmp_path.iterdir()] == ["full"]


def read_fifo(fifo: Path) -> subprocess.Popen[bytes]:
    """A reader of `fifo` in another process: what it reads comes out on its stdout."""
    code = "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read())"
    return subprocess.Popen([sys.executable, "-c", code, str(fifo)], stdout=subprocess.PIPE)


def test_a_fifo_gets_the_document_and_stays_a_fifo(
    runner: CliRunner, tmp_path: Path, document: str
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = read_fifo(fifo)
    try:
        result = export(runner, fifo)
        read, _ = reader.communicate(timeout=60)
    finally:
        reader.kill()
        reader.wait()
    assert result.exit_code == 0, result.stderr
    assert read.decode("utf-8") == document
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_the_real_dev_null_dev_full_and_dev_stdout(
    private_namespace: Callable[..., subprocess.CompletedProcess[bytes]],
    tmp_path: Path,
    document: str,
) -> None:
    """The names users type, in a private /dev (conftest.py): the nodes stay nodes,
    /dev/stdout stays a link, and `-o /dev/stdout` goes where stdout goes — into a
    pipe, or appended to a file opened with `>>`."""
    log = tmp_path / "log.md"
    log.write_text("before\n", encoding="utf-8")
    done = private_namespace(
        '"$FAQ" export -o /dev/null; echo "null: $? $(stat -c %F /dev/null)"\n'
        '"$FAQ" export -o /dev/full 2>&1; echo "full: $? $(stat -c %F /dev/full)"\n'
        '"$FAQ" export -o /dev/stdout | wc -c; echo "stdout: $(stat -c %F /dev/stdout)"\n'
        '"$FAQ" export -o /dev/stdout >> "$LOG"; echo "append: $?"\n'
        'ls -A /dev | tr "\\n" " "; echo\n',
        LOG=str(log),
    )
    assert done.stderr == b""
    lines = done.stdout.decode("utf-8").splitlines()
    size = len(document.encode("utf-8"))
    assert lines == [
        "null: 0 character special file",
        "faq: cannot write /dev/full: No space left on device",
        "full: 74 character special file",
        str(size),
        "stdout: symbolic link",
        "append: 0",
        "fd full null random stderr stdin stdout urandom zero ",
    ]
    assert log.read_text(encoding="utf-8") == "before\n" + document


# -- read-only folders and full disks --------------------------------------------------------


def test_a_read_only_mount_leaves_everything_as_it_was(
    private_namespace: Callable[..., subprocess.CompletedProcess[bytes]], tmp_path: Path
) -> None:
    """Root ignores a folder's permission bits, not a read-only file system."""
    folder = tmp_path / "ro"
    folder.mkdir()
    done = private_namespace(
        'mount -t tmpfs -o size=1m faq-test-ro "$DIR"\n'
        'echo old > "$DIR/faq.md"\n'
        'mount -o remount,ro "$DIR"\n'
        '"$FAQ" export -o "$DIR/faq.md"; echo "existing: $?"\n'
        '"$FAQ" export -o "$DIR/new.md"; echo "new: $?"\n'
        'cat "$DIR/faq.md"; ls -A "$DIR"\n',
        DIR=str(folder),
    )
    assert done.stdout.decode("utf-8").splitlines() == ["existing: 74", "new: 74", "old", "faq.md"]
    assert done.stderr.decode("utf-8") == (
        f"faq: cannot write {folder}/faq.md: Read-only file system\n"
        f"faq: cannot write {folder}/new.md: Read-only file system\n"
    )


def without_root_powers(faq: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`faq ARGS` without root's power over permission bits: root loses
    CAP_DAC_OVERRIDE (setpriv), anyone else has none to lose."""
    command = [str(faq), *args]
    if ROOT:
        if shutil.which("setpriv") is None:
            pytest.skip("root ignores a folder's permission bits, and there is no setpriv(1)")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", *command]
    return subprocess.run(
        command,
        env={"PATH": "/usr/bin:/bin", "HOME": os.environ["HOME"], "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_read_only_folder_leaves_the_target_and_no_temporary(faq: Path, tmp_path: Path) -> None:
    """The target may be written, its folder not: the export fails, touches nothing."""
    folder = tmp_path / "shared"
    folder.mkdir()
    target = folder / "faq.md"
    target.write_text("old\n", encoding="utf-8")
    folder.chmod(0o555)
    try:
        done = without_root_powers(faq, "export", "-o", str(target))
        new = without_root_powers(faq, "export", "-o", str(folder / "new.md"))
    finally:
        folder.chmod(0o755)
    assert done.returncode == 74, done.stderr
    assert done.stderr == f"faq: cannot write {target}: Permission denied\n"
    assert new.returncode == 74, new.stderr
    assert new.stderr == f"faq: cannot write {folder / 'new.md'}: Permission denied\n"
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in folder.iterdir()] == ["faq.md"]


def test_a_full_disk_leaves_the_old_file_and_no_temporary(
    private_namespace: Callable[..., subprocess.CompletedProcess[bytes]],
    tmp_path: Path,
    big_collection: Path,
) -> None:
    folder = tmp_path / "small"
    folder.mkdir()
    done = private_namespace(
        'mount -t tmpfs -o size=256k faq-test-small "$DIR"\n'
        'echo old > "$DIR/faq.md"\n'
        '"$FAQ" export --data "$DATA" -o "$DIR/faq.md"; echo "status: $?"\n'
        'cat "$DIR/faq.md"; ls -A "$DIR"\n',
        DIR=str(folder),
        DATA=str(big_collection),
    )
    assert done.stdout.decode("utf-8").splitlines() == ["status: 74", "old", "faq.md"]
    assert done.stderr.decode("utf-8") == (
        f"faq: cannot write {folder}/faq.md: No space left on device\n"
    )


# -- stopped half way ------------------------------------------------------------------------


def stop_mid_write(
    faq: Path, folder: Path, collection: Path, tries: int = 20
) -> subprocess.Popen[bytes]:
    """Start an export of `collection` into folder/faq.md and freeze it (SIGSTOP) while
    its temporary file exists — before the rename, that is: half way. Returns the
    stopped process; the caller sends what it wants, then SIGCONT."""
    target = folder / "faq.md"
    for _ in range(tries):
        process = subprocess.Popen(
            [str(faq), "export", "--data", str(collection), "-o", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        while process.poll() is None:
            if any(p.name != "faq.md" for p in folder.iterdir()):
                process.send_signal(signal.SIGSTOP)
                if any(p.name != "faq.md" for p in folder.iterdir()):
                    return process  # frozen with its temporary file there: half way
                process.send_signal(signal.SIGCONT)
                break
            time.sleep(0.0005)
        process.wait(timeout=120)
        if process.stderr is not None:
            process.stderr.close()
        target.write_text("old\n", encoding="utf-8")
    pytest.skip(f"the export finished before it could be caught half way, {tries} times")


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGTERM, -signal.SIGTERM), (signal.SIGHUP, -signal.SIGHUP), (signal.SIGINT, 130)],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_signal_half_way_removes_the_temporary_file(
    faq: Path, tmp_path: Path, big_collection: Path, signum: int, status: int
) -> None:
    """Ctrl-C (SIGINT), `kill` (SIGTERM) or a closed terminal (SIGHUP) in the middle of
    the write: the old file stays, the temporary file goes, and the process ends as
    that signal ends it (SIGTERM and SIGHUP kill it; Ctrl-C is exit status 130)."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "faq.md").write_text("old\n", encoding="utf-8")
    process = stop_mid_write(faq, folder, big_collection)
    process.send_signal(signum)
    process.send_signal(signal.SIGCONT)
    assert process.wait(timeout=120) == status
    assert process.stderr is not None
    assert process.stderr.read() == b""
    process.stderr.close()
    assert [p.name for p in folder.iterdir()] == ["faq.md"]
    assert (folder / "faq.md").read_text(encoding="utf-8") == "old\n"


def test_sigkill_leaves_a_temporary_file_that_says_what_it_is(
    faq: Path, tmp_path: Path, big_collection: Path
) -> None:
    """SIGKILL cannot be caught: what it leaves is hidden, next to the target, and named
    for it and for faq (`.faq.md.faq-XXXXXXXX.tmp`), so it is plain what it is."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "faq.md").write_text("old\n", encoding="utf-8")
    process = stop_mid_write(faq, folder, big_collection)
    process.kill()
    process.send_signal(signal.SIGCONT)
    assert process.wait(timeout=120) == -signal.SIGKILL
    if process.stderr is not None:
        process.stderr.close()
    left = sorted(p.name for p in folder.iterdir() if p.name != "faq.md")
    assert len(left) == 1
    assert LEFTOVER.match(left[0]), left
    assert (folder / "faq.md").read_text(encoding="utf-8") == "old\n"


# -- the same writer for vCards --------------------------------------------------------------


def test_vcards_go_through_the_same_writer(runner: CliRunner, tmp_path: Path) -> None:
    secret = victim(tmp_path)
    target = tmp_path / "kontakter.vcf"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    (tmp_path / f"kontakter.vcf.{os.getpid()}.tmp").symlink_to(secret)
    result = runner.invoke(app, ["contacts", "--vcard", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    raw = target.read_bytes()
    assert raw.startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert raw.count(b"BEGIN:VCARD") == 4
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert secret.read_text(encoding="utf-8") == PRECIOUS
