"""Text that comes from a collection file or a user is data, never terminal control.

`find_unsafe` is what the loader uses to refuse such characters; `neutralise` is
what every renderer uses, as a second line of defence, to make any that slip
through (in a user's query echoed back, say) visible instead of active.

`find_surrogate` finds a lone surrogate (U+D800–U+DFFF): half of a UTF-16 pair,
not a character. JSON lets a file write one (`"\ud800"`), and Python gives
one for each byte of a command-line argument or file name that is not UTF-8
(`surrogateescape`); no UTF-8 stream, file or database can take it. The loader
refuses it in a collection, and `neutralise` shows it as `<U+DCFF>`.
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
SURROGATES = "\ud800-\udfff"
_SURROGATE = re.compile(f"[{SURROGATES}]")
# What neutralise makes visible: the above, and lone surrogates.
_SHOWN = re.compile(_UNSAFE.pattern[:-1] + SURROGATES + "]")
_SHOWN_INLINE = re.compile(_UNSAFE_INLINE.pattern[:-1] + SURROGATES + "]")


def find_unsafe(text: str, *, multiline: bool = False) -> str | None:
    """The first character of `text` that may not appear in a collection, or None."""
    match = (_UNSAFE if multiline else _UNSAFE_INLINE).search(text)
    return match.group() if match else None


def find_surrogate(text: str) -> str | None:
    """The first lone surrogate in `text`, or None."""
    match = _SURROGATE.search(text)
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
    """`text` with every control character and lone surrogate replaced by a
    visible `<U+001B>` mark.

    Tabs become a space. Line feeds stay when `multiline`.
    """
    pattern = _SHOWN if multiline else _SHOWN_INLINE
    return pattern.sub(_visible, text)
