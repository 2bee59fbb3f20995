"""Writing a file the user names: `faq export -o FILE`, `faq contacts --vcard -o FILE`.

The name may come from a script, someone's instructions or a folder that others
can write to, so the write does what the user asked and nothing more (issue #15):

- A regular file, or a name that does not exist yet, is written whole or not at
  all: the bytes go to a new temporary file in the target's folder, created
  exclusively (O_EXCL, which never follows a symlink) under a name no one can
  predict (`tempfile.mkstemp`), `.NAME.faq-XXXXXXXX.tmp`; it is flushed to disk,
  given the target's permission bits (and owner and group, where the process
  may), then renamed over the target. A symlink planted at any name the export
  might use redirects nothing. (As with an editor that saves by renaming, a
  hard link to the old file keeps the old text; ACLs and extended attributes
  are not carried over.)
- The target's own symlinks are followed as the shell's `>` follows them: the
  kernel opens the name first, so its rules for symlinks in shared folders
  (fs.protected_symlinks) apply, and the file it opened is the one replaced.
  The symlink stays a symlink.
- What is not a regular file (/dev/null, /dev/full, a terminal, a FIFO,
  /dev/stdout) is written to directly, never replaced by a file. A regular file
  that is this process's own stdout or stderr (`-o /dev/stdout >> log.md`) is
  written through that stream, at its offset and in its append mode.
- The temporary file is removed however the write stops early: an error (a
  full disk, a read-only folder), Ctrl-C, SIGTERM or SIGHUP; the two signals
  then end the process as they would have. Only SIGKILL or a power cut can
  leave one behind; its name says whose it is, and it can be deleted.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from innovasjon_faq.errors import WriteError
from innovasjon_faq.i18n import _

MARK = ".faq-"  # in the temporary file's name: `.NAME.faq-XXXXXXXX.tmp`
SUFFIX = ".tmp"
NAME_MAX = 255  # octets in a file name, on every file system faq is likely to meet
CHUNK = 1 << 20  # a signal is answered between chunks
_RANDOM = 8  # the characters tempfile draws for a name
# Signals whose default action ends the process: caught only to clean up first.
_ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
# Held back while the temporary file is created and while it is removed.
_HELD = {signal.SIGINT, *_ENDING}
_FLAGS = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def write(path: str, data: bytes) -> None:
    """Write `data` to the file at `path`, as the module's docstring says.

    Raises WriteError naming `path`; a FIFO whose reader went away raises
    BrokenPipeError, which ends `faq` as quietly as on stdout."""
    try:
        with _ended_by_signals():
            _write(path, data)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise WriteError(
            _("cannot write {path}: {reason}").format(
                path=path, reason=error.strerror or str(error)
            )
        ) from None


def _write(path: str, data: bytes) -> None:
    opened = _open(path)
    if opened is None:
        _replace(_new_name(path), data, None)
        return
    handle, info, created = opened
    try:
        if not stat.S_ISREG(info.st_mode):
            _write_all(handle, data)
            return
        stream = _standard_stream(info)
        if stream is not None:
            _write_all(stream, data)
            return
    finally:
        os.close(handle)
    real = os.path.realpath(path)
    now = os.stat(real)
    if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
        raise OSError(errno.EAGAIN, _("it was replaced while faq was writing it"))
    try:
        _replace(real, data, None if created else info)
    except BaseException:
        if created:  # the empty file made through a dangling symlink
            with suppress(OSError):
                os.unlink(real)
        raise


def _open(path: str) -> tuple[int, os.stat_result, bool] | None:
    """The target opened for writing (not truncated), its status, and whether this
    created it; None when no file has that name."""
    try:
        handle = os.open(path, _FLAGS)
        created = False
    except FileNotFoundError:
        if not os.path.islink(path):
            return None
        # A symlink to a file that does not exist: created through it, as `>` does,
        # where the kernel allows.
        handle = os.open(path, _FLAGS | os.O_CREAT, 0o600)
        created = True
    return handle, os.fstat(handle), created


def _new_name(path: str) -> str:
    """`path` with its folder's symlinks resolved (the file itself does not exist)."""
    folder, name = os.path.split(path)
    return os.path.join(os.path.realpath(folder or os.curdir), name)


def _standard_stream(info: os.stat_result) -> int | None:
    """The descriptor of stdout or stderr when that is the file `info` describes."""
    for descriptor in (1, 2):
        try:
            other = os.fstat(descriptor)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            return descriptor
    return None


def _replace(target: str, data: bytes, old: os.stat_result | None) -> None:
    """Write `data` to a temporary file beside `target`, then rename it over `target`
    (which had the status `old`, or did not exist)."""
    folder, name = os.path.split(target)
    handle, temporary = -1, None
    held = _hold()
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{_shortened(name)}{MARK}", suffix=SUFFIX, dir=folder or os.curdir
        )
        _release(held)  # a signal held back arrives here, with the name known
        _take_owner_and_mode(handle, old)
        _write_all(handle, data)
        os.fsync(handle)
        os.close(handle)
        handle = -1
        os.replace(temporary, target)
        temporary = None
    finally:
        _hold()  # nothing may stop the cleaning up half way
        try:
            if handle >= 0:
                with suppress(OSError):
                    os.close(handle)
            if temporary is not None:
                with suppress(OSError):
                    os.unlink(temporary)
        finally:
            _release(held)


def _shortened(name: str) -> str:
    """`name`, shortened so that the temporary file's name stays within NAME_MAX."""
    room = NAME_MAX - len(f".{MARK}{'x' * _RANDOM}{SUFFIX}")
    while len(os.fsencode(name)) > room:
        name = name[:-1]
    return name


def _take_owner_and_mode(handle: int, old: os.stat_result | None) -> None:
    """The old file's permission bits, owner and group (where allowed); a new file's
    the umask's."""
    if old is None:
        mode = 0o666 & ~_umask()
    else:
        mode = stat.S_IMODE(old.st_mode) & 0o777
        if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
            try:
                os.fchown(handle, old.st_uid, old.st_gid)
            except OSError:
                with suppress(OSError):
                    os.fchown(handle, -1, old.st_gid)
    if hasattr(os, "fchmod"):
        os.fchmod(handle, mode)


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view[:CHUNK]) :]


def _hold() -> set[int] | None:
    """Hold back Ctrl-C, SIGTERM and SIGHUP; the signals held before, or None where
    signals cannot be held (Windows)."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, _HELD))


def _release(held: set[int] | None) -> None:
    """Let the signals `_hold` held back through (raising what their handlers raise)."""
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class _Ended(BaseException):
    """SIGTERM or SIGHUP arrived: unwind, so that every `finally` cleans up, then die of it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _end(signum: int, _frame: object) -> None:
    raise _Ended(signum)


@contextmanager
def _ended_by_signals() -> Iterator[None]:
    """Inside, SIGTERM and SIGHUP (where they would end the process) raise `_Ended`;
    once it has unwound, the process ends by that signal after all, as the caller
    (a shell, a supervisor) expects."""
    installed = {}
    for signum in _ENDING:
        try:
            if signal.getsignal(signum) == signal.SIG_DFL:  # not SIG_IGN (nohup)
                installed[signum] = signal.signal(signum, _end)
        except ValueError:  # not the main thread: the signal keeps its default action
            pass
    try:
        yield
    except _Ended as ended:
        for signum, handler in installed.items():
            signal.signal(signum, handler)
        installed = {}
        os.kill(os.getpid(), ended.signum)
        raise SystemExit(128 + ended.signum) from None  # should the signal not end us
    finally:
        for signum, handler in installed.items():
            signal.signal(signum, handler)
