"""Text that comes from a collection file or a user is data, never terminal control.

`find_unsafe` is what the loader uses to refuse such characters; `neutralise` is
what every renderer uses, as a second line of defence, to make any that slip
through (in a user's query echoed back, say) visible instead of active.

`find_surrogate` finds a lone surrogate (U+D800–U+DFFF): half of a UTF-16 pair,
not a character. JSON lets a file write one (`"\\ud800"`), and Python gives
one for each byte of a command-line argument or file name that is not UTF-8
(`surrogateescape`); no UTF-8 stream, file or database can take it. The loader
refuses it in a collection, and `neutralise` shows it as `<U+DCFF>`.

`find_invisible` finds the invisible marks that reorder nothing (INVISIBLE_MARKS:
the implicit direction marks, zero-width space, soft hyphen, word joiner, a
byte-order mark inside text). Text copied from the web is full of them, so a
collection may hold them: the loader accepts them (`faq validate` warns), and
`neutralise` removes them, so what a terminal shows is what a reader sees.
The JSON outputs keep them (as `\\uXXXX` escapes): a script gets the exact text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Bidirectional controls that reorder text, the "Trojan Source" class:
# embeddings, overrides, their pop, and the isolates. Refused.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Invisible marks that reorder nothing: the implicit direction marks (LRM,
# RLM, ALM; they can only nudge where a neutral such as "." goes, and not at
# all once removed), zero-width space, soft hyphen, word joiner and the
# byte-order mark (zero-width no-break space). Accepted, not shown.
# (The zero-width joiners U+200C/U+200D are left as they are: emoji and some
# scripts need them.)
INVISIBLE_MARKS = "\u061c\u200e\u200f\u200b\u00ad\u2060\ufeff"

# C0 (but line feed), DEL, C1, the bidi controls, and the Unicode line and
# paragraph separators, which some terminals treat as line breaks.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029]")
_UNSAFE_INLINE = re.compile("[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029]")
SURROGATES = "\ud800-\udfff"
_SURROGATE = re.compile(f"[{SURROGATES}]")
_INVISIBLE = re.compile(f"[{INVISIBLE_MARKS}]")
# What neutralise changes: the above (made visible), lone surrogates (made
# visible) and the invisible marks (removed).
_SHOWN = re.compile(_UNSAFE.pattern[:-1] + SURROGATES + INVISIBLE_MARKS + "]")
_SHOWN_INLINE = re.compile(_UNSAFE_INLINE.pattern[:-1] + SURROGATES + INVISIBLE_MARKS + "]")


def is_plain(text: str, *, multiline: bool = False) -> bool:
    """Whether `text` holds none of the characters below (no control, no
    surrogate, no invisible mark; line feeds only when `multiline`): one
    search, so that the common case costs the least."""
    return (_SHOWN if multiline else _SHOWN_INLINE).search(text) is None


def find_unsafe(text: str, *, multiline: bool = False) -> str | None:
    """The first character of `text` that may not appear in a collection, or None."""
    match = (_UNSAFE if multiline else _UNSAFE_INLINE).search(text)
    return match.group() if match else None


def find_surrogate(text: str) -> str | None:
    """The first lone surrogate in `text`, or None."""
    match = _SURROGATE.search(text)
    return match.group() if match else None


def find_invisible(text: str) -> list[str]:
    """The invisible marks in `text`, each once, in the order they first appear."""
    return list(dict.fromkeys(_INVISIBLE.findall(text)))


def describe_char(char: str) -> str:
    """`U+001B` style name of a character, for error messages."""
    return f"U+{ord(char):04X}"


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\t":
        return " "
    if char in INVISIBLE_MARKS:
        return ""
    return f"<{describe_char(char)}>"


def neutralise(text: str, *, multiline: bool = True) -> str:
    """`text` with every control character and lone surrogate replaced by a
    visible `<U+001B>` mark, and the invisible marks removed.

    Tabs become a space. Line feeds stay when `multiline`.
    """
    pattern = _SHOWN if multiline else _SHOWN_INLINE
    return pattern.sub(_visible, text)


def neutralise_spans(
    text: str, spans: tuple[tuple[int, int], ...], *, multiline: bool = True
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`neutralise(text)`, and `spans` (offsets into `text`, the words a search
    matched) moved to the same characters in the result."""
    pattern = _SHOWN if multiline else _SHOWN_INLINE
    starts: list[int] = []  # where in `text` each change starts
    shifts: list[int] = []  # how far offsets after it have moved, in all
    pieces: list[str] = []
    last = shift = 0
    for match in pattern.finditer(text):
        replacement = _visible(match)
        pieces += [text[last : match.start()], replacement]
        last = match.end()
        shift += len(replacement) - (match.end() - match.start())
        starts.append(match.end())
        shifts.append(shift)
    if not starts:
        return text, spans
    pieces.append(text[last:])

    def moved(offset: int) -> int:
        index = bisect_right(starts, offset)
        return offset + (shifts[index - 1] if index else 0)

    return "".join(pieces), tuple((moved(start), moved(end)) for start, end in spans)
