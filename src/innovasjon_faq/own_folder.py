"""A folder faq made, opened without following links, in which only what faq
made is read or removed (cache_folder.py opens the index folder with it).

The folder may have been tampered with (a shared XDG_CACHE_HOME, a planted
link): each part of its path is opened without following a symbolic link and
must be a folder of this user, or the folder is refused as a whole (`refused`:
one of the reasons below); inside, a name is the owner's only when `kind` says
so, and then only a regular file of this user with no other hard link, or a
folder of this user (removed by a walk that follows no link). On systems that
can (Linux, the BSDs, macOS) every look-up and removal is made relative to the
opened folder, so swapping a folder for a link half-way changes nothing.
"""

from __future__ import annotations

import os
import stat

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# Why a folder is refused (cache_folder.py says them in the interface language).
LINK, NOT_A_FOLDER, NOT_YOURS, UNREADABLE = "link", "not a folder", "not yours", "unreadable"
CAN_USE_FD = {os.open, os.stat, os.unlink} <= os.supports_dir_fd and os.scandir in os.supports_fd


class OwnFolder:
    """A folder faq made, opened without following links (see the module's docstring)."""

    def __init__(
        self,
        path: str,
        fd: int | None,
        exists: bool,
        refused: str = "",
        kind: Callable[[str], str | None] = lambda name: None,
    ) -> None:
        self.path, self.fd, self.exists, self.refused = path, fd, exists, refused
        self.kind = kind

    @classmethod
    def open(cls, base: str, parts: list[str], kind: Callable[[str], str | None]) -> OwnFolder:
        """The folder `base`/`parts…`, each part a folder of this user reached
        without a link; `kind(name)` says what the owner makes under a name
        ("file", "folder", or None: not the owner's)."""
        folder = cls._open(base, parts)
        folder.kind = kind
        return folder

    @classmethod
    def _open(cls, base: str, parts: list[str]) -> OwnFolder:
        path = os.path.join(base, *parts)
        if not CAN_USE_FD:
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
    def _by_path(cls, path: str, base: str, parts: list[str]) -> OwnFolder:
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

    def __enter__(self) -> OwnFolder:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def entries(self) -> Iterator[tuple[str, int | None]]:
        """(name, size) of each entry; the size None for what is not faq's
        (a folder's size is that of the files in it)."""
        with os.scandir(self.path if self.fd is None else self.fd) as found:
            for entry in found:
                yield entry.name, self._size(entry.name)

    def _size(self, name: str) -> int | None:
        kind = self.kind(name)
        if kind is None:
            return None
        try:
            st = self._lstat(name)
        except OSError:
            return None
        if kind == "folder":  # the owner's folder: a folder of this user, no link
            if stat.S_ISDIR(st.st_mode) and not _foreign(st):
                return self._tree_size(name)
            return None
        return st.st_size if _ours(st) else None

    def _tree_size(self, name: str) -> int:
        """The size of the regular files under the folder `name` (no link followed)."""
        total = 0
        top = os.path.join(self.path, name)
        for root, _dirs, files in os.walk(top):  # os.walk follows no link to a folder
            for file in files:
                try:
                    st = os.lstat(os.path.join(root, file))
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode):
                    total += st.st_size
        return total

    def read(self, name: str, limit: int) -> bytes:
        """Up to `limit` bytes of the file `name` when it is faq's (b"" otherwise):
        never through a link, never from a FIFO."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            if self.fd is None:
                descriptor = os.open(os.path.join(self.path, name), flags)
            else:
                descriptor = os.open(name, flags, dir_fd=self.fd)
        except OSError:
            return b""
        try:
            if not _ours(os.fstat(descriptor)):
                return b""
            return os.read(descriptor, limit)
        except OSError:
            return b""
        finally:
            os.close(descriptor)

    def remove(self, name: str) -> bool:
        """Remove `name` (a file, or a folder and all in it) when it is (still)
        faq's; whether it was removed."""
        try:
            st = self._lstat(name)
        except FileNotFoundError:
            return False
        if stat.S_ISDIR(st.st_mode):
            if _foreign(st) or self.kind(name) is None:
                return False
            import shutil
            import sys

            if self.fd is not None and sys.version_info >= (3, 11):
                shutil.rmtree(name, dir_fd=self.fd)  # its own walk follows no link
            else:
                shutil.rmtree(os.path.join(self.path, name))
            return True
        return self.unlink(name)

    def unlink(self, name: str) -> bool:
        """Remove the file `name` when it is (still) faq's; whether it was removed."""
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
