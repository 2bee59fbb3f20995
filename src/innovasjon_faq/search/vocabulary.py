"""Fast scans of a collection's vocabulary (`Store.vocabulary()`): words that
contain a part, words of a given length. Built once per engine, so scans of
100,000 words stay in C (`str.find` over one joined text) instead of a Python
loop over every word."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence


class Vocabulary:
    """The sorted folded words of a collection, indexed for scans."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = words
        self._text = "\n" + "\n".join(words) + "\n"
        self._starts: list[int] = []
        offset = 1
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in words:
            self._starts.append(offset)
            offset += len(word) + 1
            by_length[len(word)].append(word)
        self._by_length = dict(by_length)

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
        found: list[str] = []
        last = -1
        position = self._text.find(part)
        while position >= 0:
            index = bisect_right(self._starts, position) - 1
            if index != last and (not inside or position > self._starts[index]):
                found.append(self.words[index])
                last = index
            position = self._text.find(part, position + 1)
        return found

    def of_length(self, shortest: int, longest: int) -> list[str]:
        """The words of `shortest` to `longest` letters."""
        return [
            word
            for size in range(max(shortest, 1), longest + 1)
            for word in self._by_length.get(size, ())
        ]
