"""Normalisation of Norwegian text as people type it.

Text and query go through the same folding, so `radmann`, `raadmann` and
`rådmann` meet, and so do `ordforer`, `ordfoerer` and `ordfører`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# æ/ø/å and their ASCII spellings all fold to one form: æ → ae, ø/oe → o, å/aa → a.
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o"})
_DIGRAPHS = re.compile(r"aa|oe")
_WORD = re.compile(r"\w+(?:[-‐‑'’]\w+)*")
_SPLIT_JOINERS = re.compile(r"[-‐‑'’]")


@dataclass(frozen=True)
class Token:
    """A word of a text: where it stands, and its folded form."""

    start: int
    end: int
    surface: str
    folded: str


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """One word (or text) folded: NFKC, case-folded, æøå and their spellings unified,
    other accents dropped."""
    text = unicodedata.normalize("NFKC", word).casefold().translate(_LETTERS)
    text = _DIGRAPHS.sub(lambda m: m.group()[0], text)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[Token]:
    """The words of `text`, each with its span. A hyphenated word
    (`parti-hatten`) gives its parts and the joined word."""
    out: list[Token] = []
    for match in _WORD.finditer(text):
        surface = match.group()
        parts = _SPLIT_JOINERS.split(surface)
        if len(parts) > 1:
            offset = match.start()
            for part in parts:
                if part:
                    out.append(Token(offset, offset + len(part), part, fold(part)))
                offset += len(part) + 1
        out.append(Token(match.start(), match.end(), surface, fold("".join(parts))))
    return out


def words(text: str) -> list[str]:
    """The folded words of `text`."""
    return [token.folded for token in tokens(text)]
