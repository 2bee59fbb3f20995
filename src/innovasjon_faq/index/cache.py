"""Where the index of a collection file lives, and when it is (re)built.

One index file per collection path, in the user's cache folder
(`~/.cache/innovasjon-faq/index/<hash of the path>.sqlite` on Linux). It
records the signature of the collection file it was built from; a run whose
file has another signature rebuilds it, so an answer is never stale:

- the path, device and inode (an editor that saves by renaming makes a new
  inode), the size, the modification time in nanoseconds, and the inode change
  time — which no tool can set back, so a rewrite that keeps size and mtime
  (`cp -p`, `rsync -t`, `touch -r`) is still noticed;
- a checksum of the first and last 64 KiB, for file systems whose times are
  coarse;
- a checksum of the code that decides what the index holds (normalising,
  stemming, the build), the Python and Stemmer versions, and FORMAT: a new
  `faq` or a new Unicode table never reads an old index.

Hashing the whole file would be exact but costs ~0.1 s per 100 MB on every
run, as much as everything else together; see docs/performance.md.

Safety: an index is written to a temporary file in the same folder and moved
into place with `os.replace`, so a reader sees the old file or the new one,
never half of one, and two processes building at once both succeed (the last
rename wins; both files are complete); the file of a build that was killed is
removed by a later build. A missing, corrupt, foreign or
unwritable cache is never an error: `indexed` falls back to the in-memory
index of the collection, as for small files.
"""

from __future__ import annotations

import os
import sys
import zlib

from innovasjon_faq.index import IndexUnusable
from innovasjon_faq.index.build import FORMAT
from innovasjon_faq.index.sqlite_store import SqliteStore

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from innovasjon_faq.models import Collection
    from innovasjon_faq.search.store import Store

    Reporter = Callable[[int, int], None]

APP = "innovasjon-faq"
SAMPLE = 64 * 1024
TEMPORARY_SUFFIX = ".tmp"  # a build's file until it is complete
STALE_SECONDS = 3600  # a temporary file unchanged this long belongs to a dead build
# Modules whose code decides what an index holds.
_CODE = ("search/normalize.py", "search/stem.py", "search/store.py", "index/build.py")


def cache_dir(environ: Mapping[str, str] | None = None) -> str:
    """The user's cache folder for faq, as platformdirs gives it. On Linux and
    the BSDs it is computed here, the way platformdirs does, because importing
    platformdirs costs more than answering (docs/performance.md)."""
    environ = os.environ if environ is None else environ
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        base = environ.get("XDG_CACHE_HOME", "")
        if not base.strip():
            base = os.path.expanduser("~/.cache")
        return os.path.join(base, APP)
    import platformdirs

    return str(platformdirs.user_cache_dir(APP, appauthor=False))


def index_path(path: str, environ: Mapping[str, str] | None = None) -> str:
    """Where the index of the collection file at `path` lives."""
    real = os.path.realpath(path)
    name = f"{zlib.crc32(real.encode('utf-8', 'surrogateescape')):08x}-{len(real)}"
    return os.path.join(cache_dir(environ), "index", f"{name}.sqlite")


def _code_version() -> str:
    import unicodedata

    import Stemmer

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    checksum = 0
    for name in _CODE:
        with open(os.path.join(package, name), "rb") as handle:
            checksum = zlib.crc32(handle.read(), checksum)
    stemmer = getattr(Stemmer, "version", "")
    return (
        f"{FORMAT}.{checksum:08x}.py{sys.version_info[0]}.{sys.version_info[1]}"
        f".ucd{unicodedata.unidata_version}.stemmer{stemmer() if callable(stemmer) else stemmer}"
    )


def signature(path: str) -> str:
    """What identifies the current content of the collection file at `path`
    (raises OSError when it cannot be read)."""
    with open(path, "rb") as handle:
        st = os.fstat(handle.fileno())
        head = handle.read(SAMPLE)
        if st.st_size > 2 * SAMPLE:
            handle.seek(-SAMPLE, os.SEEK_END)
        tail = handle.read(SAMPLE)
    sample = zlib.crc32(tail, zlib.crc32(head))
    # A name's bytes that are not UTF-8 (`\xff.json`) are surrogates in Python,
    # which SQLite cannot store: they are written as `\xff` instead.
    real = os.fsencode(os.path.realpath(path)).decode("utf-8", "backslashreplace")
    return (
        f"{real}|{st.st_dev}:{st.st_ino}|{st.st_size}|{st.st_mtime_ns}"
        f"|{st.st_ctime_ns}|{sample:08x}|{_code_version()}"
    )


def indexed(
    path: str,
    load: Callable[[str], Collection],
    reporter: Callable[[], Reporter | None] | None = None,
) -> Store:
    """The index of the collection file at `path`: the cached one when it is
    still that file's, else a new one built (and cached when the cache folder
    allows). `load` reads and validates the collection (its errors are the
    user's to see); `reporter` makes a progress callback for a long build."""
    from innovasjon_faq.search.store import MemoryStore

    try:
        source = signature(path)
    except OSError:
        return MemoryStore(load(path))  # the loader says what is wrong with the file
    target = index_path(path)
    try:
        store = SqliteStore(target)
        if store.meta.get("source") == source and store.meta.get("format") == FORMAT:
            return store
        store.close()
    except IndexUnusable:
        pass
    report = reporter() if reporter is not None else None
    try:
        if report is not None:
            report(0, 0)
        collection = load(path)
        built = _build(collection, target, source, report)
    finally:
        close = getattr(report, "close", None)
        if close is not None:
            close()
    return built if built is not None else MemoryStore(collection)


def _build(
    collection: Collection, target: str, source: str, report: Reporter | None
) -> SqliteStore | None:
    """Build into a temporary file beside `target`, then move it into place;
    None when the cache folder cannot take it."""
    import contextlib
    import sqlite3
    import tempfile

    from innovasjon_faq.index.build import build

    folder = os.path.dirname(target)
    temporary = None
    try:
        os.makedirs(folder, exist_ok=True)
        _sweep(folder)
        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix=os.path.basename(target) + ".", suffix=TEMPORARY_SUFFIX
        )
        os.close(handle)
        build(collection, temporary, source, report)
        os.replace(temporary, target)
        temporary = None
        return SqliteStore(target)
    except (OSError, sqlite3.Error, IndexUnusable):
        return None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.remove(temporary)


def _sweep(folder: str) -> None:
    """Remove the temporary files of builds that died (a SIGKILL, a power
    cut): a build writes its file all the time, so one left unchanged for
    STALE_SECONDS is no one's. At 100,000 entries such a file is ~230 MB."""
    import time

    now = time.time()
    with os.scandir(folder) as found:
        for item in found:
            if not item.name.endswith(TEMPORARY_SUFFIX):
                continue
            try:
                if now - item.stat(follow_symlinks=False).st_mtime > STALE_SECONDS:
                    os.remove(item.path)
            except OSError:
                pass  # gone already, or not ours to remove
