"""Read a collection: the bundled one, or any file of the same shape, and
check it by the rules of validation.py.

A problem is a `DataError` naming the file and, where it applies, the line
and column (JSON syntax) or the entry and field (shape). The rules run in two
modes: `load`/`parse` raise the first problem; `check`/`findings` (for
`faq validate`) collect every one, and the warnings too: what the file may hold
but its author should know of (an invisible mark, which faq does not show).
Reading here means bytes and JSON: how large a file may be, pipes and FIFOs
with a time-out, UTF-8, and a file too large to parse whole (stream.py).
"""

from __future__ import annotations

import codecs
import json
import os
import stat

from innovasjon_faq.errors import DataError
from innovasjon_faq.i18n import _
from innovasjon_faq.validation import MAX_ID as MAX_ID  # the loader's limit, as before
from innovasjon_faq.validation import Validator, at

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from typing import Any

    from innovasjon_faq.models import Collection

BUNDLED = "bundled"
# A collection this large would not fit the memory a help tool may use.
MAX_BYTES = 150 * 1024 * 1024
# How long a pipe or FIFO may stay silent before it is given up on: long enough
# for `--data <(curl …)` to connect, short enough that a FIFO no one writes
# to is an answer, not a hang.
READ_TIMEOUT = 10.0
STREAM_CHUNK = 64 * 1024


def bundled_path() -> str:
    """Where the bundled `faq.json` is: in the installed package (or a source checkout)."""
    # Plain paths, not importlib.resources (whose import costs more than the
    # whole of `faq show`): the wheel puts the file next to this module.
    package = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(package, "data", "faq.json")
    if not os.path.isfile(installed):
        # Running from a source checkout (PYTHONPATH=src): data/ is two folders up.
        installed = os.path.join(os.path.dirname(os.path.dirname(package)), "data", "faq.json")
    return installed


def bundled_bytes() -> bytes:
    """The bundled `faq.json`."""
    with open(bundled_path(), "rb") as handle:
        return handle.read()


def read_bytes(path: str) -> bytes:
    """The raw bytes of a collection file, or a DataError saying why not.

    A regular file larger than MAX_BYTES is refused from its size alone; a
    device or pipe (`/dev/zero`, a FIFO, `/dev/stdin`) has no size, so at most
    MAX_BYTES + 1 bytes are read from it before it is refused the same way.
    A pipe or FIFO is read for as long as bytes come: READ_TIMEOUT seconds
    without one (a FIFO that no one writes to) is refused, never waited for
    forever.
    """
    try:
        size = os.stat(path).st_size
        if os.path.isdir(path):
            raise DataError(path, _("is a folder, not a collection file"))
        if size > MAX_BYTES:
            raise DataError(path, _too_large_to_parse(size))
        # Without O_NONBLOCK, opening a FIFO waits until someone opens it for
        # writing: forever, if no one does.
        with open(path, "rb", opener=_open_nonblocking) as handle:
            if stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raw = handle.read(MAX_BYTES + 1)
            else:
                raw = _read_stream(handle.fileno(), path)
    except FileNotFoundError:
        raise DataError(path, _("no such file")) from None
    except PermissionError:
        raise DataError(path, _("permission denied")) from None
    except IsADirectoryError:
        raise DataError(path, _("is a folder, not a collection file")) from None
    except OSError as exc:
        raise DataError(path, exc.strerror or _("cannot be read")) from None
    except ValueError:  # a NUL in the name (possible from Python, not from a shell)
        raise DataError(path, _("not a usable file name")) from None
    if len(raw) > MAX_BYTES:
        raise _too_large(path, _("is more than {size} MiB").format(size=_mib(MAX_BYTES)))
    return raw


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _read_stream(fd: int, path: str) -> bytes:
    """At most MAX_BYTES + 1 bytes of a pipe, FIFO or device opened without
    blocking, waiting at most READ_TIMEOUT seconds for each part."""
    import select

    chunks: list[bytes] = []
    total = 0
    while total <= MAX_BYTES:
        # select, not poll: poll does not work on devices on macOS. A FIFO that
        # no writer has opened yet is not readable (Linux): that is the wait.
        if os.name != "nt":  # Windows selects only sockets; it reads as it comes
            ready, _unused, _unused = select.select([fd], [], [], READ_TIMEOUT)
            if not ready:
                raise DataError(
                    path,
                    _(
                        "no data for {seconds:g} seconds (a pipe or FIFO that nothing writes to?)"
                    ).format(seconds=READ_TIMEOUT),
                )
        try:
            chunk = os.read(fd, min(STREAM_CHUNK, MAX_BYTES + 1 - total))
        except BlockingIOError:  # pragma: no cover - another reader took what woke us
            continue
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _too_large(path: str, size: str) -> DataError:
    return DataError(
        path,
        _("{size}; the most faq reads is {limit} MiB").format(size=size, limit=_mib(MAX_BYTES)),
    )


def _too_large_to_parse(size: int) -> str:
    """Why a regular file is too large for the commands that parse it whole."""
    return _(
        "is {size} MiB; faq search and faq show read a file that large, "
        "the other commands at most {limit} MiB"
    ).format(size=_mib(size), limit=_mib(MAX_BYTES))


def _mib(size: int) -> int:
    return size // (1024 * 1024)


def decode(raw: bytes, path: str) -> Any:
    """Parse UTF-8 JSON (a leading byte-order mark is allowed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig reports offsets after the byte-order mark it skipped.
        start = exc.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        raise DataError(
            path,
            _("not UTF-8 (byte 0x{byte:02x})").format(byte=raw[start]),
            at(line, column),
            line=line,
            column=column,
        ) from None
    if not text.strip():
        raise DataError(path, _("is empty, not a JSON collection"))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            path,
            _("not valid JSON: {reason}").format(reason=exc.msg),
            at(exc.lineno, exc.colno),
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:
        raise DataError(path, _("not a collection: JSON nested too deeply")) from None
    except ValueError:
        # Python >= 3.11 refuses integers of more than 4300 digits
        # (sys.get_int_max_str_digits) with a plain ValueError, no position.
        raise DataError(path, _("not a collection: a number in it is too long")) from None


def load(path: str | None = None) -> Collection:
    """Load the collection at `path`, or the bundled one when `path` is None."""
    if path is None:
        return parse(decode(bundled_bytes(), BUNDLED), BUNDLED)
    return parse(decode(read_bytes(path), path), path)


def parse(data: Any, path: str) -> Collection:
    """Validate decoded JSON and build a Collection; the first problem raises."""
    return Validator(path).collection(data)


def problems(path: str | None = None) -> list[DataError]:
    """Every problem of the collection at `path` (the bundled one when None), in
    file order; an empty list when it is valid."""
    return findings(path)[0]


def findings(path: str | None = None) -> tuple[list[DataError], list[DataError]]:
    """The problems and the warnings of the collection at `path` (the bundled
    one when None), each in file order."""
    name = BUNDLED if path is None else path
    if path is not None and _streamed(path):
        size = os.stat(path).st_size
        return _stream_findings(path), [DataError(path, _too_large_to_parse(size))]
    try:
        data = decode(bundled_bytes() if path is None else read_bytes(path), name)
    except DataError as error:
        return [error], []
    validator = Validator(name, collect=True, thorough=True)
    validator.collection(data)
    return validator.problems, validator.warnings


def _streamed(path: str) -> bool:
    """Whether the other commands read the file at `path` as a stream
    (stream.py): a regular file too large to parse whole."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False  # read_bytes says what is wrong with the path
    return stat.S_ISREG(st.st_mode) and st.st_size > MAX_BYTES


def _stream_findings(path: str) -> list[DataError]:
    """What the stream refuses in the file at `path`: its first problem (a
    stream cannot go on past one), or nothing. So `faq validate` accepts and
    refuses a large file exactly as `faq search` and `faq show` do, and warns
    that the other commands refuse it (`_too_large_to_parse`)."""
    from innovasjon_faq.stream import Stream

    stream = Stream(path)
    try:
        stream.head()
        for _entry in stream.entries():
            pass
    except DataError as error:
        return [error]
    return []


def check(data: Any, path: str, *, thorough: bool = True) -> list[DataError]:
    """Every problem of decoded JSON: the rules of `parse`, in the mode that
    collects instead of raising. `thorough` also asks phonenumbers whether each
    phone number exists, which `load` skips so that every command starts fast."""
    validator = Validator(path, collect=True, thorough=thorough)
    validator.collection(data)
    return validator.problems
