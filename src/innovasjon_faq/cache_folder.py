"""faq's cache folder as a whole: what is in it, how large, which collection
file each index belongs to, and removing faq's own files from it.

`index/cache.py` decides where one collection's index lives and when it is
rebuilt; this module knows the folder only through a narrow interface to it,
kept in the three definitions under "The index format" below (where the
folder is, how faq names its files, and which collection an index was built
from), so that a new index format changes those and nothing else.

The folder may have been tampered with (a shared XDG_CACHE_HOME, a planted
link), so nothing here follows a link or removes a file faq did not make:

- the folders faq creates (`innovasjon-faq/index`) are opened without
  following a symbolic link, and must be folders of this user; otherwise the
  folder is refused as a whole (`Survey.refused` says why);
- inside, a file is faq's only when its name is one faq gives, and it is a
  regular file of this user with no other hard link; anything else is counted
  (`Survey.others`) and left alone;
- on systems that can (Linux, the BSDs, macOS) every look-up and removal is
  made relative to the opened folder, so swapping a folder for a link half-way
  changes nothing.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass

from innovasjon_faq.errors import FaqError
from innovasjon_faq.i18n import N_, _

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

# -- The index format, as far as this module knows it -------------------------------

# `index.cache.index_path`: `<crc32 of the real path>-<its length>.sqlite`, and a
# build's temporary file beside it (`tempfile.mkstemp`: `<name>.<random>.tmp`).
# SQLite may keep a journal beside either.
_INDEX = r"[0-9a-f]{8}-[0-9]{1,6}\.sqlite"
_SIDE = r"(?:-journal|-wal|-shm)?"
_NAMES = re.compile(rf"(?P<index>{_INDEX}){_SIDE}|(?P<unfinished>{_INDEX}\.[a-z0-9_]+\.tmp){_SIDE}")
# The most of an index's `source` read back: a path, and its signature after it.
_SOURCE_CHARS = 8192


def folder(environ: Mapping[str, str] | None = None) -> str:
    """Where faq keeps its indexes."""
    from innovasjon_faq.index.cache import index_path

    return os.path.dirname(index_path("x", environ))


def _created(environ: Mapping[str, str] | None) -> tuple[str, list[str]]:
    """The folder faq's own folders are made in, and those folders in order
    (`~/.cache`, [`innovasjon-faq`, `index`])."""
    from innovasjon_faq.index.cache import cache_dir

    base = os.path.dirname(cache_dir(environ))
    return base, os.path.relpath(folder(environ), base).split(os.sep)


def _collection_of(path: str) -> str | None:
    """The collection file the index at `path` was built from, or None when
    that cannot be told (not an index, corrupt, another format). The index
    keeps `index.cache.signature(file)` as its `source`: the file's real path,
    then six fields (`|dev:ino|size|mtime|ctime|sample|code`)."""
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(os.path.abspath(path))}?mode=ro&immutable=1"
    try:
        db = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return None
    try:
        row = db.execute(
            "SELECT substr(value, 1, ?) FROM meta WHERE key = 'source'", (_SOURCE_CHARS,)
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        db.close()
    source = row[0] if row else None
    if not isinstance(source, str) or source.count("|") < 6:
        return None
    return source.rsplit("|", 6)[0] or None


# -- The folder -------------------------------------------------------------------------


@dataclass(frozen=True)
class CacheFile:
    """One of faq's files in the folder."""

    name: str
    size: int
    unfinished: bool
    """A build's temporary file (of a build under way, or of one that died)."""
    collection: str | None = None
    """The collection file an index was built from; None when it cannot be told."""
    gone: bool | None = None
    """Whether that collection file no longer exists; None when unknown."""


@dataclass(frozen=True)
class Survey:
    """What is in the folder."""

    path: str
    exists: bool
    files: tuple[CacheFile, ...] = ()
    others: int = 0
    """Entries that are not faq's (other names, links, folders): left alone."""
    refused: str = ""
    """Why the folder is not faq's to look into ("" when it is)."""

    @property
    def size(self) -> int:
        return sum(item.size for item in self.files)


@dataclass(frozen=True)
class Removed:
    """What `clear` removed, and what it could not (name, reason)."""

    count: int = 0
    size: int = 0
    failed: tuple[tuple[str, str], ...] = ()


class Refused(FaqError):
    """The folder is not faq's to clear (`reason`: one of the reasons below)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {explain(reason)}")
        self.path = path
        self.reason = reason


# Reasons a folder is refused (for the CLI to translate).
LINK, NOT_A_FOLDER, NOT_YOURS, UNREADABLE = "link", "not a folder", "not yours", "unreadable"
_REASONS = {
    LINK: N_("is a symbolic link; faq neither reads nor removes anything through one"),
    NOT_A_FOLDER: N_("is not a folder"),
    NOT_YOURS: N_("belongs to another user; faq leaves it alone"),
    UNREADABLE: N_("cannot be read"),
}
_CAN_USE_FD = {os.open, os.stat, os.unlink} <= os.supports_dir_fd and os.scandir in os.supports_fd


def explain(reason: str) -> str:
    """A refusal's reason, in the interface language."""
    return _(_REASONS.get(reason, reason))


def survey(environ: Mapping[str, str] | None = None, *, collections: bool = True) -> Survey:
    """The folder and faq's files in it; with `collections`, which collection
    file each index belongs to (each index is opened to tell)."""
    path = folder(environ)
    with _Folder.open(environ) as opened:
        if opened.refused or not opened.exists:
            return Survey(path, opened.exists, refused=opened.refused)
        files, others = [], 0
        for name, size in opened.entries():
            if size is None:
                others += 1
                continue
            found = _NAMES.fullmatch(name)
            assert found is not None  # entries() gives faq's names only a size
            item = CacheFile(name, size, unfinished=found.group("unfinished") is not None)
            if collections and not item.unfinished and name.endswith(".sqlite"):
                # Read by path (SQLite takes no folder handle); only read, never trusted.
                item = _with_collection(item, os.path.join(path, name))
            files.append(item)
        return Survey(path, True, tuple(sorted(files, key=lambda f: f.name)), others)


def clear(environ: Mapping[str, str] | None = None, *, gone_only: bool = False) -> Removed:
    """Remove faq's files from the folder (with `gone_only`, only the indexes
    whose collection file no longer exists); raises Refused when the folder
    is not faq's to clear."""
    found = survey(environ, collections=gone_only)
    if found.refused:
        raise Refused(found.path, found.refused)
    chosen = [f for f in found.files if f.gone] if gone_only else list(found.files)
    return _remove(environ, chosen) if chosen else Removed()


def prune(environ: Mapping[str, str] | None = None) -> Removed:
    """`clear(gone_only=True)` that never fails: for a normal run that has just
    built an index, so that the folder grows only with the files still there."""
    try:
        return clear(environ, gone_only=True)
    except (FaqError, OSError):
        return Removed()


def _with_collection(item: CacheFile, path: str) -> CacheFile:
    collection = _collection_of(path)
    if collection is None:
        return item
    gone: bool | None = True
    for name in _names_of(collection):
        try:
            os.stat(name)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except (OSError, ValueError):
            gone = None  # unreadable, not missing: keep its index
            break
        gone = False
        break
    return CacheFile(item.name, item.size, False, collection, gone)


def _names_of(source: str) -> list[str]:
    """The file names a signature's path can stand for: as written, and with
    the `\\xNN` escapes of a name that is not UTF-8 turned back into its bytes
    (`index.cache.signature`). A file is gone only when no reading exists."""
    names = [source]
    if "\\x" in source:
        raw = re.sub(
            rb"\\x([0-9a-f]{2})",
            lambda match: bytes([int(match.group(1), 16)]),
            source.encode("utf-8", "surrogateescape"),
        )
        names.append(os.fsdecode(raw))
    return names


def _remove(environ: Mapping[str, str] | None, chosen: list[CacheFile]) -> Removed:
    count = size = 0
    failed: list[tuple[str, str]] = []
    with _Folder.open(environ) as opened:
        if opened.refused:
            raise Refused(opened.path, opened.refused)
        for item in chosen:
            try:
                if opened.unlink(item.name):
                    count, size = count + 1, size + item.size
            except FileNotFoundError:
                pass  # removed meanwhile (by another faq)
            except OSError as error:
                failed.append((item.name, error.strerror or str(error)))
    return Removed(count, size, tuple(failed))


class _Folder:
    """The index folder, opened without following links (see the module's docstring)."""

    def __init__(self, path: str, fd: int | None, exists: bool, refused: str = "") -> None:
        self.path, self.fd, self.exists, self.refused = path, fd, exists, refused

    @classmethod
    def open(cls, environ: Mapping[str, str] | None) -> _Folder:
        base, parts = _created(environ)
        path = os.path.join(base, *parts)
        if not _CAN_USE_FD:
            return cls._by_path(path, base, parts)
        try:
            fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            return cls(path, None, False)
        except OSError:
            return cls(path, None, True, UNREADABLE)
        try:
            for part in parts:
                try:
                    child = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                except FileNotFoundError:
                    return cls(path, None, False)
                except OSError:
                    return cls(path, None, True, _why_not(part, fd))
                os.close(fd)
                fd = child
                reason = _why(os.fstat(fd))
                if reason:
                    return cls(path, None, True, reason)
            opened, fd = cls(path, fd, True), -1
            return opened
        finally:
            if fd >= 0:
                os.close(fd)

    @classmethod
    def _by_path(cls, path: str, base: str, parts: list[str]) -> _Folder:
        current = base
        for part in parts:
            current = os.path.join(current, part)
            try:
                reason = _why(os.lstat(current))
            except FileNotFoundError:
                return cls(path, None, False)
            except OSError:
                return cls(path, None, True, UNREADABLE)
            if reason:
                return cls(path, None, True, reason)
        return cls(path, None, True)

    def __enter__(self) -> _Folder:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def entries(self) -> Iterator[tuple[str, int | None]]:
        """(name, size) of each entry; the size None for what is not faq's."""
        with os.scandir(self.path if self.fd is None else self.fd) as found:
            for entry in found:
                yield entry.name, self._size(entry.name)

    def _size(self, name: str) -> int | None:
        if _NAMES.fullmatch(name) is None:
            return None
        try:
            st = self._lstat(name)
        except OSError:
            return None
        return st.st_size if _ours(st) else None

    def unlink(self, name: str) -> bool:
        """Remove `name` when it is (still) faq's; whether it was removed."""
        if self._size(name) is None:
            return False
        if self.fd is None:
            os.unlink(os.path.join(self.path, name))
        else:
            os.unlink(name, dir_fd=self.fd)
        return True

    def _lstat(self, name: str) -> os.stat_result:
        if self.fd is None:
            return os.lstat(os.path.join(self.path, name))
        return os.stat(name, dir_fd=self.fd, follow_symlinks=False)


def _why_not(name: str, dir_fd: int) -> str:
    """Why `name` in the folder `dir_fd` could not be opened as a folder."""
    try:
        return _why(os.stat(name, dir_fd=dir_fd, follow_symlinks=False)) or UNREADABLE
    except OSError:
        return UNREADABLE


def _why(st: os.stat_result) -> str:
    """Why a folder faq makes is not one to use ("" when it is)."""
    if stat.S_ISLNK(st.st_mode):
        return LINK
    if not stat.S_ISDIR(st.st_mode):
        return NOT_A_FOLDER
    if _foreign(st):
        return NOT_YOURS
    return ""


def _ours(st: os.stat_result) -> bool:
    """Whether a file could be one faq made: a regular file of this user,
    with no other name (a hard link to a file elsewhere is not ours to remove)."""
    return stat.S_ISREG(st.st_mode) and st.st_nlink == 1 and not _foreign(st)


def _foreign(st: os.stat_result) -> bool:
    geteuid: Callable[[], int] | None = getattr(os, "geteuid", None)
    return geteuid is not None and st.st_uid != geteuid()
