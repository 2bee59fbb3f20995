"""Fast scans of a collection's vocabulary (`Store.vocabulary()`): words that
contain a part, words of a given length. Built once per engine, so scans of
100,000 words stay in C (`str.find` over one joined text) instead of a Python
loop over every word."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence


class Vocabulary:
    """The sorted folded words of a collection, indexed for scans."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = words
        self._text = ""
        self._starts: list[int] = []
        self._by_length: dict[int, list[str]] = {}

    def _joined(self) -> tuple[str, list[int]]:
        """All the words in one text, and where each begins (built on first use)."""
        if not self._text:
            self._text = "\n" + "\n".join(self.words) + "\n"
            offset = 1
            for word in self.words:
                self._starts.append(offset)
                offset += len(word) + 1
        return self._text, self._starts

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        index = bisect_left(self.words, word)
        return index < len(self.words) and self.words[index] == word

    def starting_with(self, prefix: str) -> list[str]:
        """The words that begin with `prefix`."""
        index = bisect_left(self.words, prefix)
        found = []
        while index < len(self.words) and self.words[index].startswith(prefix):
            found.append(self.words[index])
            index += 1
        return found

    def containing(self, part: str, *, inside: bool = False) -> list[str]:
        """The words that contain `part` (a word without spaces); with `inside`,
        only where it does not begin the word. In vocabulary order."""
        text, starts = self._joined()
        found: list[str] = []
        last = -1
        position = text.find(part)
        while position >= 0:
            index = bisect_right(starts, position) - 1
            if index != last and (not inside or position > starts[index]):
                found.append(self.words[index])
                last = index
            position = text.find(part, position + 1)
        return found

    def of_length(self, shortest: int, longest: int) -> list[str]:
        """The words of `shortest` to `longest` letters."""
        if not self._by_length:
            for word in self.words:
                self._by_length.setdefault(len(word), []).append(word)
        return [
            word
            for size in range(max(shortest, 1), longest + 1)
            for word in self._by_length.get(size, ())
        ]
