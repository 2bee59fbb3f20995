"""Fast scans of a collection's vocabulary (`Store.vocabulary()`): words that
contain a part, words with a prefix, words of a given length. Built once per
engine, so scans of 100,000 words stay in C (`str.find` over one joined text)
instead of a Python loop over every word."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence


class Vocabulary:
    """The sorted folded words of a collection, indexed for scans.

    Give the words, or `text`: the same words joined by newlines (as an
    on-disk index stores them), which spares splitting them until a scan
    needs the list."""

    def __init__(self, words: Sequence[str] | None = None, *, text: str | None = None) -> None:
        if words is None and text is None:
            raise TypeError("Vocabulary needs words or text")
        self._words = words
        self._source = text
        self._text = ""
        self._by_length: dict[int, list[str]] = {}

    @property
    def words(self) -> Sequence[str]:
        if self._words is None:
            self._words = self._source.split("\n") if self._source else []
        return self._words

    def _joined(self) -> str:
        """All the words in one text, each between newlines (built on first use)."""
        if not self._text:
            joined = self._source if self._source is not None else "\n".join(self.words)
            self._text = "\n" + joined + "\n"
        return self._text

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        index = bisect_left(self.words, word)
        return index < len(self.words) and self.words[index] == word

    def starting_with(self, prefix: str) -> list[str]:
        """The words that begin with `prefix` (in order, so next to each other)."""
        text = self._joined()
        found: list[str] = []
        position = text.find("\n" + prefix)
        while position >= 0:
            end = text.find("\n", position + 1)
            if end < 0:
                break
            word = text[position + 1 : end]
            if not word.startswith(prefix):
                break
            found.append(word)
            position = end
        return found

    def containing(self, part: str, *, inside: bool = False) -> Iterator[str]:
        """The words that contain `part` (a word without spaces); with `inside`,
        only where it does not begin the word. In vocabulary order, found as
        they are read: a caller that stops early scans less of the text."""
        text = self._joined()
        position = text.find(part)
        while position >= 0:
            start = text.rfind("\n", 0, position) + 1
            if not inside or position > start:
                end = text.find("\n", position)
                yield text[start:end]
                position = end  # the next word
            position = text.find(part, position + 1)

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
