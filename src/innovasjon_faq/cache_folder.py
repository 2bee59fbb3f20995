"""faq's cache folder as a whole: what is in it, how large, which collection
file each index belongs to, and removing faq's own files from it.

`index/cache.py` decides where one collection's index lives and when it is
rebuilt; this module knows the folder only through a narrow interface to it,
kept in the three definitions under "The index format" below (where the
folder is, how faq names its files, and which collection an index was built
from), so that a new index format changes those and nothing else.

The folder may have been tampered with (a shared XDG_CACHE_HOME, a planted
link), so nothing here follows a link or removes a file faq did not make
(own_folder.py opens and removes; `_kind` tells it faq's names):

- the folders faq creates (`innovasjon-faq/index`) are opened without
  following a symbolic link, and must be folders of this user; otherwise the
  folder is refused as a whole (`Survey.refused` says why);
- inside, a file is faq's only when its name is one faq gives, and it is a
  regular file of this user with no other hard link; a folder, when its name
  is one faq gives and it is a folder of this user (removed by a walk that
  follows no link); anything else is counted (`Survey.others`) and left alone;
- on systems that can (Linux, the BSDs, macOS) every look-up and removal is
  made relative to the opened folder, so swapping a folder for a link half-way
  changes nothing.
"""

from __future__ import annotations

import os
import re

from innovasjon_faq.errors import FaqError
from innovasjon_faq.i18n import N_, _
from innovasjon_faq.own_folder import LINK, NOT_A_FOLDER, NOT_YOURS, UNREADABLE, OwnFolder
from innovasjon_faq.value import Value

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Mapping

# -- The index format, as far as this module knows it -------------------------------

# `index.cache`: per collection file, `<key>.json` (the manifest), `<key>.lock`,
# and the index folder the manifest names (`<key>-<random>`, made by
# `tempfile.mkdtemp`); a build under way (or one that died) is that folder
# with `.tmp` after it, and a manifest being written `.manifest-<random>.tmp`.
_KEY = r"[0-9a-f]{8}-[0-9]{1,6}"
_NAMES = re.compile(
    rf"(?P<index>{_KEY}\.json)|(?P<lock>{_KEY}\.lock)|(?P<folder>{_KEY}-[a-z0-9_]+)"
    rf"|(?P<unfinished>{_KEY}-[a-z0-9_]+\.tmp|\.manifest-[a-z0-9_]+\.tmp)"
)
_MANIFEST_BYTES = 1 << 20  # index.cache.MANIFEST_BYTES


def folder(environ: Mapping[str, str] | None = None) -> str:
    """Where faq keeps its indexes."""
    from innovasjon_faq.index.cache import index_folder

    return index_folder(environ)


def _created(environ: Mapping[str, str] | None) -> tuple[str, list[str]]:
    """The folder faq's own folders are made in, and those folders in order
    (`~/.cache`, [`innovasjon-faq`, `index`])."""
    from innovasjon_faq.index.cache import cache_dir

    base = os.path.dirname(cache_dir(environ))
    return base, os.path.relpath(folder(environ), base).split(os.sep)


def _manifest(data: bytes) -> tuple[str | None, str | None]:
    """(the collection file, the index folder's name) a manifest names; None
    for what cannot be told (not JSON, another shape). The manifest keeps the
    file's real path (`path`), and `index.identity.signature(file)` as its
    `source`: the path again, then six fields (`|dev:ino|size|mtime|ctime|
    sample|code`)."""
    import json

    try:
        manifest = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None, None
    if not isinstance(manifest, dict):
        return None, None
    source, index = manifest.get("source"), manifest.get("folder")
    collection = manifest.get("path") if isinstance(manifest.get("path"), str) else None
    if collection is None and isinstance(source, str) and source.count("|") >= 6:
        collection = source.rsplit("|", 6)[0] or None
    named = index if isinstance(index, str) and _NAMES.fullmatch(index) else None
    return collection, named


# -- The folder -------------------------------------------------------------------------


class CacheFile(Value):
    """One of faq's indexes in the folder (its manifest, lock and folder), or
    what a build left: `unfinished` (of a build under way, or one that died);
    `collection`, the collection file an index was built from (None when it
    cannot be told); `gone`, whether that file no longer exists (None when
    unknown)."""

    __slots__ = ("name", "size", "unfinished", "collection", "gone")

    def __init__(
        self,
        name: str,
        size: int,
        unfinished: bool,
        collection: str | None = None,
        gone: bool | None = None,
    ) -> None:
        self.name = name
        self.size = size
        self.unfinished = unfinished
        self.collection = collection
        self.gone = gone


class Survey(Value):
    """What is in the folder: faq's files, how many entries are not faq's
    (`others`: other names, links, folders, left alone), and why the folder is
    not faq's to look into (`refused`, "" when it is)."""

    __slots__ = ("path", "exists", "files", "others", "refused")

    def __init__(
        self,
        path: str,
        exists: bool,
        files: tuple[CacheFile, ...] = (),
        others: int = 0,
        refused: str = "",
    ) -> None:
        self.path = path
        self.exists = exists
        self.files = files
        self.others = others
        self.refused = refused

    @property
    def size(self) -> int:
        return sum(item.size for item in self.files)


class Removed(Value):
    """What `clear` removed, and what it could not (name, reason)."""

    __slots__ = ("count", "size", "failed")

    def __init__(
        self, count: int = 0, size: int = 0, failed: tuple[tuple[str, str], ...] = ()
    ) -> None:
        self.count = count
        self.size = size
        self.failed = failed


class Refused(FaqError):
    """The folder is not faq's to clear (`reason`: one of the reasons below)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {explain(reason)}")
        self.path = path
        self.reason = reason


# Reasons a folder is refused (own_folder.py gives them; the CLI translates them).
_REASONS = {
    LINK: N_("is a symbolic link; faq neither reads nor removes anything through one"),
    NOT_A_FOLDER: N_("is not a folder"),
    NOT_YOURS: N_("belongs to another user; faq leaves it alone"),
    UNREADABLE: N_("cannot be read"),
}


def explain(reason: str) -> str:
    """A refusal's reason, in the interface language."""
    return _(_REASONS.get(reason, reason))


def survey(environ: Mapping[str, str] | None = None, *, collections: bool = True) -> Survey:
    """The folder and faq's files in it: each index (its manifest, its lock and
    the folder it names, counted as one), and what builds left unfinished;
    with `collections`, whether each index's collection file still exists."""
    path = folder(environ)
    with _open(environ) as opened:
        if opened.refused or not opened.exists:
            return Survey(path, opened.exists, refused=opened.refused)
        kinds: dict[str, dict[str, int]] = {"index": {}, "lock": {}, "folder": {}, "unfinished": {}}
        others = 0
        for name, size in opened.entries():
            found = _NAMES.fullmatch(name)
            if size is None or found is None:
                others += 1
                continue
            kinds[str(found.lastgroup)][name] = size
        files: list[CacheFile] = []
        claimed: set[str] = set()
        for name, size in kinds["index"].items():
            collection, named = _manifest(opened.read(name, _MANIFEST_BYTES))
            key = name[: -len(".json")]
            parts = [size, kinds["lock"].get(key + ".lock", 0)]
            if named is not None and named.startswith(key + "-") and named in kinds["folder"]:
                parts.append(kinds["folder"][named])
                claimed.add(named)
            claimed.add(key + ".lock")
            item = CacheFile(name, sum(parts), unfinished=False, collection=collection)
            files.append(_with_gone(item) if collections else item)
        for kind in ("folder", "lock", "unfinished"):
            files += [
                CacheFile(name, size, unfinished=True)
                for name, size in kinds[kind].items()
                if name not in claimed
            ]
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


def _with_gone(item: CacheFile) -> CacheFile:
    if item.collection is None:
        return item
    try:
        os.stat(item.collection)
        gone: bool | None = False
    except (FileNotFoundError, NotADirectoryError):
        gone = True
    except (OSError, ValueError):
        gone = None  # unreadable, not missing: keep its index
    return CacheFile(item.name, item.size, False, item.collection, gone)


def _remove(environ: Mapping[str, str] | None, chosen: list[CacheFile]) -> Removed:
    count = size = 0
    failed: list[tuple[str, str]] = []
    with _open(environ) as opened:
        if opened.refused:
            raise Refused(opened.path, opened.refused)
        for item in chosen:
            names = [item.name]
            if not item.unfinished:
                # The index: its manifest last, so that a failure half-way
                # leaves a folder `survey` still counts, not a lost one.
                key = item.name[: -len(".json")]
                _, named = _manifest(opened.read(item.name, _MANIFEST_BYTES))
                names = [n for n in (named, key + ".lock") if n and n.startswith(key)]
                names.append(item.name)
            try:
                removed = [opened.remove(name) for name in names]
                if removed[-1]:
                    count, size = count + 1, size + item.size
            except FileNotFoundError:
                pass  # removed meanwhile (by another faq)
            except OSError as error:
                failed.append((item.name, error.strerror or str(error)))
    return Removed(count, size, tuple(failed))


def _open(environ: Mapping[str, str] | None) -> OwnFolder:
    """The index folder, opened as own_folder.py opens one, knowing faq's names."""
    base, parts = _created(environ)
    return OwnFolder.open(base, parts, _kind)


def _kind(name: str) -> str | None:
    """What faq makes under `name` in the index folder: "folder" (an index,
    or a build's), "file", or None for a name faq does not give."""
    found = _NAMES.fullmatch(name)
    if found is None:
        return None
    return "folder" if _is_folder_name(found) else "file"


def _is_folder_name(found: re.Match[str]) -> bool:
    """Whether a name of `_NAMES` is one faq gives a folder (an index, or a build's)."""
    unfinished = found.group("unfinished")
    return found.group("folder") is not None or (
        unfinished is not None and not unfinished.startswith(".manifest-")
    )
