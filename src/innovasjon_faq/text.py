"""Text that comes from a collection file or a user is data, never terminal control.

`find_unsafe` is what the loader uses to refuse such characters; `neutralise` is
what every renderer uses, as a second line of defence, to make any that slip
through (in a user's query echoed back, say) visible instead of active.
"""

from __future__ import annotations

import re

# Bidirectional controls, the "Trojan Source" class: embeddings, overrides,
# isolates and the implicit marks.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# C0 (but line feed), DEL, C1, the bidi controls, and the Unicode line and
# paragraph separators, which some terminals treat as line breaks.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029]")
_UNSAFE_INLINE = re.compile("[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029]")


def find_unsafe(text: str, *, multiline: bool = False) -> str | None:
    """The first character of `text` that may not appear in a collection, or None."""
    match = (_UNSAFE if multiline else _UNSAFE_INLINE).search(text)
    return match.group() if match else None


def describe_char(char: str) -> str:
    """`U+001B` style name of a character, for error messages."""
    return f"U+{ord(char):04X}"


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\t":
        return " "
    return f"<{describe_char(char)}>"


def neutralise(text: str, *, multiline: bool = True) -> str:
    """`text` with every control character replaced by a visible `<U+001B>` mark.

    Tabs become a space. Line feeds stay when `multiline`.
    """
    pattern = _UNSAFE if multiline else _UNSAFE_INLINE
    return pattern.sub(_visible, text)
