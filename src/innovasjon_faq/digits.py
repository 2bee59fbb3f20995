"""Numbers typed by people or set in the environment: ids, COLUMNS, --limit.

`str.isdigit()` is true for "²" and other digits that `int()` refuses, so
every place that turns text into a number asks here. No imports: this is on
the start-up path of every command.
"""

from __future__ import annotations


def ascii_int(text: str, max_digits: int = 18) -> int | None:
    """`text` as a whole number when it is ASCII digits only, at most
    `max_digits` of them; otherwise None."""
    if text.isascii() and text.isdigit() and len(text) <= max_digits:
        return int(text)
    return None
