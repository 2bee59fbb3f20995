"""Normalisation of Norwegian text as people type it.

Text and query go through the same folding, so `radmann`, `raadmann` and
`rådmann` meet, and so do `ordforer`, `ordfoerer` and `ordfører`. Words are
found in the original text, so every token keeps its span there (for
highlighting) while its folded form is what the index and the query compare.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from innovasjon_faq.value import Value

# æ/ø/å and their ASCII spellings all fold to one form: æ → ae, ø/oe → o, å/aa → a.
# The spellings are collapsed after the letters are replaced, and to the end
# (a run of a's is one a, o and the e's after it one o), so every mix of the
# two spellings meets: `frøet`, `froet` and `froeet` all fold to `frot`.
_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o"})
# (A single a is left as it is: the same result, without a call for every a.)
_DIGRAPHS = re.compile(r"a{2,}|oe+")
# Characters that may stand inside a word without being seen: soft hyphen,
# zero-width space/joiners, word joiner, byte-order mark. They are dropped.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_DROP_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE))
# Hyphens, dashes and apostrophes that join the parts of one word
# (`parti-hatten`, `parti‐hatten`, `N3–verktøyet`, `Norge’s`).
JOINERS = "-\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d'\u2019\u02bc"
_PART = rf"(?:\w[\w{INVISIBLE}]*)"
_WORD = re.compile(rf"{_PART}(?:[{JOINERS}]{_PART})*")
_SPLIT_JOINERS = re.compile(rf"[{JOINERS}]")
# Every kind of space, and the quotes a phrase may be typed with.
_SPACES = re.compile(r"\s+")
PHRASE_QUOTES = '"“”„‟«»＂'


class Token(Value):
    """A word of a text: where it stands, and its folded form.

    `joined` is true for the whole of a hyphenated word (`parti-hatten` folded to
    `partihatten`), which is given after its parts."""

    __slots__ = ("end", "folded", "joined", "start", "surface")

    def __init__(self, start: int, end: int, surface: str, folded: str, joined: bool = False):
        self.start = start
        self.end = end
        self.surface = surface
        self.folded = folded
        self.joined = joined


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """One word (or text) folded: NFKC, case-folded, every space a plain space,
    æøå and their ASCII spellings unified, other accents dropped."""
    # NFKC, the invisible characters, æøå and accents leave ASCII as it is, and
    # its case-folding is lower(): three times faster (a phrase search folds
    # every word of thousands of entries).
    text = _SPACES.sub(" ", word.lower()) if word.isascii() else _fold_letters(word)
    return _DIGRAPHS.sub(_first, text)


def _fold_letters(word: str) -> str:
    """`fold` of a text that is not ASCII, but for collapsing the spellings
    of a and o (`_DIGRAPHS`)."""
    text = unicodedata.normalize("NFKC", word).translate(_DROP_INVISIBLE).casefold()
    text = _SPACES.sub(" ", text).translate(_LETTERS)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text


def _first(match: re.Match[str]) -> str:
    return match.group()[0]


def tokens(text: str) -> list[Token]:
    """The words of `text`, each with its span. A hyphenated word
    (`parti-hatten`) gives its parts and then the joined word."""
    out: list[Token] = []
    for match in _WORD.finditer(text):
        surface = match.group()
        parts = _SPLIT_JOINERS.split(surface)
        if len(parts) > 1:
            offset = match.start()
            for part in parts:
                out.append(Token(offset, offset + len(part), part, fold(part)))
                offset += len(part) + 1
            out.append(Token(match.start(), match.end(), surface, fold("".join(parts)), True))
        else:
            out.append(Token(match.start(), match.end(), surface, fold(surface)))
    return [token for token in out if token.folded]


def split_phrases(query: str) -> tuple[list[str], list[str]]:
    """The loose text and the quoted phrases of a query. A quote left open
    counts as loose text, so `"bygge` still searches for `bygge`."""
    pattern = "[" + re.escape(PHRASE_QUOTES) + "]"
    pieces = re.split(pattern, query)
    loose: list[str] = []
    phrases: list[str] = []
    closed = len(pieces) % 2 == 1  # an even number of quotes
    for index, piece in enumerate(pieces):
        if index % 2 == 1 and (closed or index < len(pieces) - 1):
            phrases.append(piece)
        else:
            loose.append(piece)
    return loose, phrases
