"""Numbered records in a file: the entries of an index folder, and the words of its lexicon.

`NAME` holds the records one after another; `NAME.offsets` where each starts,
as little-endian 64-bit numbers, and where the last ends. Record `i` is read
with two seeks, without reading the others; nothing is held in memory. A
file whose offsets do not fit its data is damaged: `IndexUnusable`.
"""

from __future__ import annotations

import io
import struct
from array import array

from innovasjon_faq.index import IndexUnusable

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import BinaryIO

OFFSETS = ".offsets"
_OFFSET = struct.Struct("<Q")
_PAIR = struct.Struct("<QQ")
MAX_RECORD = 64 << 20  # no entry is this large (the loader's limits are far below)


class RecordsWriter:
    """Appends records to `data`, then writes where they start to `offsets`."""

    def __init__(self, data: BinaryIO, offsets: BinaryIO) -> None:
        self.data = data
        self.offsets_file = offsets
        self.offsets = array("Q", [0])

    def add(self, record: bytes) -> None:
        self.data.write(record)
        self.offsets.append(self.offsets[-1] + len(record))

    def finish(self) -> None:
        offsets = self.offsets
        if array("Q", [1]).tobytes() != _OFFSET.pack(1):
            offsets = array("Q", offsets)
            offsets.byteswap()
        self.offsets_file.write(offsets.tobytes())
        self.data.flush()
        self.offsets_file.flush()


class Records:
    """Reads the records that a RecordsWriter wrote."""

    def __init__(self, data: BinaryIO, offsets: BinaryIO) -> None:
        self.data = data
        self.offsets = offsets
        try:
            offsets_size = offsets.seek(0, io.SEEK_END)
            data_size = data.seek(0, io.SEEK_END)
            if offsets_size < _OFFSET.size or offsets_size % _OFFSET.size:
                raise IndexUnusable("records: an offsets file of another size")
            offsets.seek(offsets_size - _OFFSET.size)
            (end,) = _OFFSET.unpack(offsets.read(_OFFSET.size))
        except OSError as error:
            raise IndexUnusable(f"records: {error}") from None
        if end != data_size:
            raise IndexUnusable("records: the offsets do not fit the data")
        self.count = offsets_size // _OFFSET.size - 1
        self.size = data_size

    def get(self, index: int) -> bytes:
        """Record `index` (raises IndexUnusable when it is not there or damaged)."""
        if not 0 <= index < self.count:
            raise IndexUnusable(f"records: no record {index}")
        try:
            self.offsets.seek(index * _OFFSET.size)
            start, end = _PAIR.unpack(self.offsets.read(_PAIR.size))
            if not start <= end <= self.size or end - start > MAX_RECORD:
                raise IndexUnusable(f"records: record {index} is out of place")
            self.data.seek(start)
            record = self.data.read(end - start)
        except (OSError, struct.error) as error:
            raise IndexUnusable(f"records: {error}") from None
        if len(record) != end - start:
            raise IndexUnusable(f"records: record {index} is cut short")
        return record

    def get_many(self, indices: Sequence[int]) -> list[bytes]:
        """The records of `indices`, in that order. Records close together
        (the words of a prefix, say) are read with one seek for them all."""
        if not indices:
            return []
        low, high = min(indices), max(indices)
        if high - low > 4 * len(indices) + 64:
            found = {index: self.get(index) for index in sorted(set(indices))}
            return [found[index] for index in indices]
        if not 0 <= low <= high < self.count:
            raise IndexUnusable(f"records: no record {low if low < 0 else high}")
        try:
            self.offsets.seek(low * _OFFSET.size)
            raw = self.offsets.read((high - low + 2) * _OFFSET.size)
            starts = array("Q")
            starts.frombytes(raw)
            if array("Q", [1]).tobytes() != _OFFSET.pack(1):
                starts.byteswap()
            first, last = starts[0], starts[-1]
            if len(starts) != high - low + 2 or not first <= last <= self.size:
                raise IndexUnusable("records: offsets out of place")
            if last - first > MAX_RECORD:
                found = {index: self.get(index) for index in sorted(set(indices))}
                return [found[index] for index in indices]
            self.data.seek(first)
            span = self.data.read(last - first)
        except (OSError, ValueError) as error:
            raise IndexUnusable(f"records: {error}") from None
        if len(span) != last - first:
            raise IndexUnusable("records: cut short")
        out = []
        for index in indices:
            start, end = starts[index - low] - first, starts[index - low + 1] - first
            if not 0 <= start <= end <= len(span):
                raise IndexUnusable(f"records: record {index} is out of place")
            out.append(span[start:end])
        return out

    def close(self) -> None:
        self.data.close()
        self.offsets.close()
