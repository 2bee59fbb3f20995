"""A base for plain value classes: fields in `__slots__`, equality, hashing and a repr by value.

Not dataclasses: importing `dataclasses` (it imports `inspect`) and building
a class with it cost every run of `faq` more than its answer takes
(docs/performance.md). Values are not changed after `__init__`, by
convention (a guard on every assignment would slow down making them).
"""

from __future__ import annotations


class Value:
    """Compares, hashes and shows itself by the fields named in `__slots__`."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Value)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"
