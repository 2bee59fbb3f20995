"""Where the index of a collection file lives, and when it is (re)built.

Every collection — the bundled one too — is searched through its index, kept
in the user's cache folder (`~/.cache/innovasjon-faq/index/` on Linux):

    <key>.json            the manifest: which folder holds the index, the
                          signature of the collection file it was built from,
                          and the size, times and inode of every file in it
    <key>-<random>/       the index folder (build.py): main/, lexicon/, the
                          entries and the lexicon's words (records.py),
                          meta.json
    <key>.lock            held while one process builds

`<key>` comes from the collection file's real path. A run whose collection
file has another signature rebuilds, so an answer is never stale; the
signature covers:

- the path, device and inode (an editor that saves by renaming makes a new
  inode), the size, the modification time in nanoseconds, and the inode change
  time — which no tool can set back, so a rewrite that keeps size and mtime
  (`cp -p`, `rsync -t`, `touch -r`) is still noticed;
- a checksum of the first and last 64 KiB; and for a file written less than
  TIMESTAMP_SLACK (identity.py) before it was indexed — when a file system with times of a
  second (or FAT's two) could give a rewrite the same times and size — a hash
  of the whole file, checked on every run until the file is older than that;
- what decides what the index holds: FORMAT, a checksum of the code of the
  analysis and the build, the Python, Unicode and tantivy versions.

Damage: the manifest records every index file's size, times and inode as they
were when the build finished; any file changed since (written, truncated,
replaced) differs, and the index is built again before tantivy reads a byte
of it. A failure inside tantivy or a damaged record all the same (`IndexUnusable`) is
answered by one rebuild.

A pipe or a device as the collection file has no content to know again: its
index is built in memory, for the run. A manifest is read only when it is a
regular file (never a FIFO planted at its name, which would block).

Safety: a build writes a new folder and then replaces the manifest with
`os.replace`, so a reader sees the old index or the new one, never half of
one; the old folder is removed after. Two processes never build at once: the
second waits for the first's lock and then uses its index. A missing,
corrupt, foreign or unwritable cache is never an error: the index is then
built in memory for the run.
"""

from __future__ import annotations

import json
import os
import re
import sys
import zlib

from innovasjon_faq.errors import FaqError
from innovasjon_faq.index import IndexUnusable, identity

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from innovasjon_faq.index.build import Source
    from innovasjon_faq.index.opened import Opened

    Reporter = Callable[[int, int], None]

APP = "innovasjon-faq"
TEMPORARY_SUFFIX = ".tmp"  # a build's folder until it is complete
# The names of what a build writes before it is complete (`_build_cached`,
# `_write_manifest`: tempfile's random part is of [a-z0-9_]); cache_folder.py
# knows the same names.
_UNFINISHED = re.compile(r"(?:[0-9a-f]{8}-[0-9]{1,6}-|\.manifest-)[a-z0-9_]+\.tmp")
STALE_SECONDS = 3600  # a temporary folder unchanged this long belongs to a dead build
MANIFEST_BYTES = 1 << 20  # a manifest larger than this is no manifest of ours


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


def index_folder(environ: Mapping[str, str] | None = None) -> str:
    return os.path.join(cache_dir(environ), "index")


def key(path: str) -> str:
    """The name of the index of the collection file at `path`."""
    real = os.path.realpath(path)
    return f"{zlib.crc32(real.encode('utf-8', 'surrogateescape')):08x}-{len(real)}"


def _stats(folder: str) -> dict[str, list[int]]:
    """Every file under `folder` (by relative path): size, mtime, ctime, inode."""
    found: dict[str, list[int]] = {}
    for root, _, files in os.walk(folder):
        for name in files:
            full = os.path.join(root, name)
            st = os.lstat(full)
            found[os.path.relpath(full, folder)] = [
                st.st_size,
                st.st_mtime_ns,
                st.st_ctime_ns,
                st.st_ino,
                st.st_mode,
            ]
    return found


def _read_manifest(path: str) -> dict[str, object] | None:
    """The manifest at `path`, or None when there is none of ours (missing,
    not a regular file, too large, not JSON of the right shape)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        import stat

        st = os.fstat(descriptor)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MANIFEST_BYTES:
            return None
        data = os.read(descriptor, MANIFEST_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    try:
        manifest = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("folder"), str):
        return None
    if not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("source"), str):
        return None
    return manifest


def _usable(manifest: dict[str, object], root: str, source: str) -> str | None:
    """The index folder of `manifest` when it is that of `source`, whole and
    unchanged since it was built; else None."""
    folder = manifest["folder"]
    assert isinstance(folder, str)
    if manifest["source"] != source or os.sep in folder or folder.startswith("."):
        return None
    full = os.path.join(root, folder)
    try:
        if _stats(full) != manifest["files"]:
            return None
    except OSError:
        return None
    return full


def indexed(
    path: str,
    source: Callable[[], Source],
    reporter: Callable[[], Reporter | None] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
) -> Opened:
    """The index of the collection file at `path` (or "bundled" data at that
    path): the cached one when it is still that file's, else a new one built
    (and cached when the cache folder allows). `source()` opens the collection
    to read (build.Source) and raises the loader's errors, which are the
    user's to see; `reporter` makes a progress callback for a long build."""
    import stat

    from innovasjon_faq.index.opened import Opened

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            # A pipe or a device (the loader reads those with a time-out) has
            # no content to know again: indexed for this run only.
            return _build_in_memory(source, reporter)
        origin, st = identity.signature(path)
    except (OSError, ValueError):
        source()  # the loader says what is wrong with the file
        raise
    root = index_folder(environ)
    name = key(path)
    manifest_path = os.path.join(root, name + ".json")
    _sweep(root)
    manifest = _read_manifest(manifest_path)
    folder = _usable(manifest, root, origin) if manifest is not None else None
    if (
        folder is not None
        and manifest is not None
        and _same_content(manifest_path, manifest, path, st)
    ):
        try:
            return Opened.open(folder)
        except IndexUnusable:
            pass  # damaged in a way the stats did not show: build it again
    built = _build_cached(root, name, origin, st, path, source, reporter)
    return built if built is not None else _build_in_memory(source, reporter)


def _same_content(
    manifest_path: str, manifest: dict[str, object], path: str, st: os.stat_result
) -> bool:
    """Whether the file still has the content the index was built from, when
    it was too fresh at the build for its times to tell (`_fresh`): then the
    manifest holds a hash of the whole file. Once the file is old enough for
    its times to tell again, the hash is checked a last time and dropped."""
    content = manifest.get("content")
    if content is None:
        return True
    try:
        if identity.content_hash(path) != content:
            return False
    except OSError:
        return False
    if not identity.fresh(st):
        import contextlib

        with contextlib.suppress(OSError):
            _write_manifest(manifest_path, {k: v for k, v in manifest.items() if k != "content"})
    return True


def discard(path: str, environ: Mapping[str, str] | None = None) -> None:
    """Forget the index of the collection file at `path` (found damaged while
    answering): the next run builds it again."""
    import contextlib

    with contextlib.suppress(OSError):
        os.remove(os.path.join(index_folder(environ), key(path) + ".json"))


def _report(reporter: Callable[[], Reporter | None] | None) -> Reporter | None:
    return reporter() if reporter is not None else None


def _build_cached(
    root: str,
    name: str,
    origin: str,
    st: os.stat_result,
    path: str,
    source: Callable[[], Source],
    reporter: Callable[[], Reporter | None] | None,
) -> Opened | None:
    """Build the index into the cache folder under its lock; None when the
    cache folder cannot take it (unwritable, full, a lock that cannot be had)."""
    import shutil
    import tempfile

    from innovasjon_faq.index.build import build
    from innovasjon_faq.index.opened import Opened

    manifest_path = os.path.join(root, name + ".json")
    try:
        os.makedirs(root, exist_ok=True)
        lock = _lock(os.path.join(root, name + ".lock"))
    except OSError:
        return None
    temporary = None
    try:
        # Another process may have built it while this one waited for the lock.
        manifest = _read_manifest(manifest_path)
        if manifest is not None:
            folder = _usable(manifest, root, origin)
            if folder is not None and _same_content(manifest_path, manifest, path, st):
                try:
                    return Opened.open(folder)
                except IndexUnusable:
                    pass
        # Hashed before it is read: a change during the build is then a
        # difference at the next run, never an index taken for the new content.
        content = identity.content_hash(path) if identity.fresh(st) else None
        reading = source()
        temporary = tempfile.mkdtemp(dir=root, prefix=name + "-", suffix=TEMPORARY_SUFFIX)
        report = _report(reporter)
        try:
            build(reading, temporary, {"source": origin}, report)
        finally:
            close = getattr(report, "close", None)
            if close is not None:
                close()
        final = temporary[: -len(TEMPORARY_SUFFIX)]
        os.rename(temporary, final)
        temporary = final  # removed below if it cannot be published
        published: dict[str, object] = {
            "source": origin,
            # The real path as Python has it: JSON's escape of a byte that is not
            # UTF-8 (`\udcff`) reads back as the same name (`faq cache info`).
            "path": os.path.realpath(path),
            "folder": os.path.basename(final),
            "files": _stats(final),
        }
        if content is not None:
            published["content"] = content
        _write_manifest(manifest_path, published)
        temporary = None
        if manifest is not None and manifest["folder"] != os.path.basename(final):
            old = os.path.join(root, str(manifest["folder"]))
            if os.sep not in str(manifest["folder"]) and not os.path.islink(old):
                shutil.rmtree(old, ignore_errors=True)
        return Opened.open(final)
    except (FaqError, KeyboardInterrupt, SystemExit):
        raise  # the collection's problem (the user's to see), or the user's interruption
    except BaseException:  # tantivy's errors, and pyo3's PanicException
        return None  # the cache folder could not take it: a full disk, say
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        _unlock(lock)


def _write_manifest(path: str, manifest: dict[str, object]) -> None:
    import tempfile

    folder = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".manifest-", suffix=TEMPORARY_SUFFIX)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(manifest, out)
        os.replace(temporary, path)
    except BaseException:
        import contextlib

        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise


def _build_in_memory(
    source: Callable[[], Source], reporter: Callable[[], Reporter | None] | None
) -> Opened:
    """The index built in memory, for this run only."""
    from innovasjon_faq.index.build import build_in_memory

    reading = source()
    report = _report(reporter)
    try:
        return build_in_memory(reading, report)
    finally:
        close = getattr(report, "close", None)
        if close is not None:
            close()


def _lock(path: str) -> int | None:
    """Hold the build lock at `path` (waiting for another holder); its
    descriptor, or None where the platform has no such locks."""
    try:
        import fcntl
    except ImportError:  # Windows: builds do not wait for each other
        return None
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    except OSError:
        os.close(descriptor)
        raise
    return descriptor


def _unlock(descriptor: int | None) -> None:
    if descriptor is not None:
        os.close(descriptor)  # closing releases the lock


def _sweep(root: str) -> None:
    """Remove the folders of builds that died (a SIGKILL, a power cut): a
    build writes all the time, so a temporary folder left unchanged for
    STALE_SECONDS is no one's."""
    import time

    now = time.time()
    try:
        found = list(os.scandir(root))
    except OSError:
        return  # no cache folder yet, or none to read
    for item in found:
        if not _UNFINISHED.fullmatch(item.name):
            continue  # not a name faq gives: not ours to remove
        try:
            if now - item.stat(follow_symlinks=False).st_mtime <= STALE_SECONDS:
                continue
            if item.is_dir(follow_symlinks=False):
                import shutil  # rarely needed, and ~2 ms to import on every run

                shutil.rmtree(item.path, ignore_errors=True)
            else:
                os.remove(item.path)
        except OSError:
            pass  # gone already, or not ours to remove
