"""What identifies the content of a collection file, so that an index is used
only while it is still that file's (index/cache.py keeps it in the manifest).

`signature` covers the path, device and inode, the size, the modification and
inode change times in nanoseconds, a checksum of the first and last SAMPLE
bytes, and `code_version`. For a file written less than TIMESTAMP_SLACK before
it was indexed, whose times a coarse file system could keep through a rewrite,
cache.py also keeps `content_hash` of the whole file (`fresh`).
"""

from __future__ import annotations

import os
import sys
import zlib

SAMPLE = 64 * 1024
TIMESTAMP_SLACK = 2  # seconds: the coarsest times a file system keeps (FAT's)
# Modules whose code decides what an index holds.
_CODE = ("search/analysis.py", "index/schema.py", "index/build.py")


def code_version() -> str:
    """What decides what an index holds: FORMAT, a checksum of the code of
    the analysis and the build, the Python, Unicode and tantivy versions."""
    import unicodedata

    import tantivy

    from innovasjon_faq.index.schema import FORMAT

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    checksum = 0
    for name in _CODE:
        with open(os.path.join(package, name), "rb") as handle:
            checksum = zlib.crc32(handle.read(), checksum)
    return (
        f"{FORMAT}.{checksum:08x}.py{sys.version_info[0]}.{sys.version_info[1]}"
        f".ucd{unicodedata.unidata_version}.{getattr(tantivy, '__version__', '')}"
    )


def signature(path: str) -> tuple[str, os.stat_result]:
    """What identifies the current content of the collection file at `path`,
    and its stat (raises OSError when it cannot be read)."""
    with open(path, "rb") as handle:
        st = os.fstat(handle.fileno())
        head = handle.read(SAMPLE)
        if st.st_size > 2 * SAMPLE:
            handle.seek(-SAMPLE, os.SEEK_END)
        tail = handle.read(SAMPLE)
    sample = zlib.crc32(tail, zlib.crc32(head))
    # A name's bytes that are not UTF-8 (`\xff.json`) are surrogates in Python,
    # which the manifest's JSON would hold as escapes a reader may refuse: they
    # are written as `\xff` instead.
    real = os.fsencode(os.path.realpath(path)).decode("utf-8", "backslashreplace")
    mtime, ctime = times(st)
    return (
        f"{real}|{st.st_dev}:{st.st_ino}|{st.st_size}|{mtime}|{ctime}|{sample:08x}"
        f"|{code_version()}",
        st,
    )


def times(st: os.stat_result) -> tuple[int, int]:
    """The modification and inode change times, in nanoseconds."""
    return st.st_mtime_ns, st.st_ctime_ns


def fresh(st: os.stat_result) -> bool:
    """Whether the file may still change without its times changing: it was
    written less than TIMESTAMP_SLACK ago, and a file system with times of a
    second (ext4 with small inodes, network mounts) or two (FAT) would give
    a rewrite within that time the same times, and the same size too."""
    import time

    return abs(time.time_ns() - times(st)[0]) < TIMESTAMP_SLACK * 1_000_000_000


def content_hash(path: str) -> str:
    """A hash of the whole file (for a file too fresh for its times to tell)."""
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
