"""The Snowball Norwegian stemmer, loaded once."""

from __future__ import annotations

from functools import lru_cache

import Stemmer  # PyStemmer


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


def stem(word: str) -> str:
    """The stem of a folded word (`politikerne` → `politik`)."""
    return str(_stemmer().stemWord(word))
