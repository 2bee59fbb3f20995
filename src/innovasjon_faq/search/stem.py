"""When two stems are one word.

The stems are Snowball Norwegian's (`analysis.stem_of`), which leaves some
forms of one word apart: `politikerne` → `politikern`, `politikere` →
`politiker`, `politiker` → `politik`. Two stems count as the same word when
one is the other plus at most MAX_STEM_TAIL letters and the shorter has at
least MIN_STEM_PREFIX letters (so `komm` of `kommer` never meets `kommun` of
`kommune`).
"""

from __future__ import annotations

MIN_STEM_PREFIX = 5
MAX_STEM_TAIL = 3


def related(one: str, other: str) -> bool:
    """Whether two stems are forms of one word (see the module's docstring)."""
    if one == other:
        return True
    short, long = (one, other) if len(one) < len(other) else (other, one)
    return (
        len(short) >= MIN_STEM_PREFIX
        and len(long) - len(short) <= MAX_STEM_TAIL
        and long.startswith(short)
    )


def shorter_relatives(word_stem: str) -> list[str]:
    """The stems `related` to `word_stem` that are shorter than it."""
    low = max(MIN_STEM_PREFIX, len(word_stem) - MAX_STEM_TAIL)
    return [word_stem[:size] for size in range(low, len(word_stem))]
