"""Where lines of prose break: at spaces, never inside a word, an e-mail
address or a phone number, and at most MEASURE columns wide.

Both renderers use `breaks`: plain text (`fill`) and Rich (`human.Prose`), so
a pipe and a terminal break the same text at the same places. A word longer
than the line is not cut: it gets a line of its own and runs past the width,
the way man and less leave it (copied from a terminal, it stays whole).

The measure: lines of prose are at most MEASURE columns wide however wide
the terminal. 88 is the longest line typographers still call readable (they
put 45-75 characters first, and about 90 as the limit), and more than 80, so
a standard terminal and every pipe (80 by default) are not affected.
"""

from __future__ import annotations

import re
import unicodedata

TYPE_CHECKING = False  # not typing's: see docs/performance.md
if TYPE_CHECKING:
    from collections.abc import Callable

MEASURE = 88

# A phone number as people write it in Norwegian text (24 13 26 38, 934 57 137,
# +47 24 13 26 38, +45 78 41 08 43): groups of digits joined by single spaces.
_PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3} )?\d{2,4}(?: \d{2,4}){2,4}(?!\w)")
# Spaces that promise not to break (no-break, narrow no-break, figure space).
_NO_BREAK = re.compile("[\u00a0\u202f\u2007]")
_WORD = re.compile(r"\s*\S+\s*")


def protect(text: str) -> str:
    """`text` with every space that must not break (inside a phone number, or
    a no-break space) replaced by a letter of the same width: the string to
    find the words of, never to show."""
    protected = _NO_BREAK.sub("x", text)
    if any(c.isdigit() for c in text):
        protected = _PHONE.sub(lambda m: m.group().replace(" ", "x"), protected)
    return protected


def cells(text: str) -> int:
    """How many terminal columns `text` takes (wide letters 2, marks 0)."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def units(text: str) -> list[str]:
    """The pieces of `text` no line break may go inside, in order."""
    protected = protect(text)
    return [text[m.start() : m.end()] for m in re.finditer(r"\S+", protected)]


def breaks(text: str, width: int, measure: Callable[[str], int] = cells) -> list[int]:
    """The offsets in one line of `text` (no line feed) where it breaks to fit
    `width` columns: before a word that does not fit, never inside one.

    The same rule as Rich's own wrapping (a word that fits goes on the line,
    with the spaces after it), so a terminal's lines are those Rich would make
    except where Rich would cut a word or an address in two."""
    protected = protect(text)
    offsets: list[int] = []
    used = 0
    for match in _WORD.finditer(protected):
        start, end = match.span()
        word = text[start:end]
        size = measure(word.rstrip())
        if width - used >= size:
            used += measure(word)
        elif used and start:
            offsets.append(start)
            used = measure(word)
    return offsets


def fill(text: str, width: int, initial: str = "", subsequent: str = "") -> list[str]:
    """One paragraph (no line feed) as lines of at most `width` columns but for
    a word that is longer: `initial` before the first line, `subsequent`
    before the others, no space at the end of a line."""
    lines: list[str] = []
    first = True
    indent = initial
    rest = text
    while True:
        room = max(width - cells(indent), 1)
        cut = breaks(rest, room)
        piece = rest[: cut[0]] if cut else rest
        lines.append(indent + piece.rstrip(" ") if first else indent + piece.strip(" "))
        if not cut:
            return lines
        rest = rest[cut[0] :]
        first, indent = False, subsequent
