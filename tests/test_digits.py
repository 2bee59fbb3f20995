"""Text to whole numbers: ASCII digits only, and not endlessly many."""

from __future__ import annotations

import pytest

from innovasjon_faq.digits import ascii_int


@pytest.mark.parametrize(
    ("text", "number"),
    [("0", 0), ("7", 7), ("002", 2), ("1" * 18, int("1" * 18))],
)
def test_ascii_digits_are_a_number(text: str, number: int) -> None:
    assert ascii_int(text) == number


@pytest.mark.parametrize(
    "text",
    # "²" and "١٢" pass str.isdigit(), yet int() refuses "²": neither is a number here.
    ["", " 1", "-1", "+1", "1.0", "²", "١٢", "1_000", "1" * 19],
)
def test_anything_else_is_not(text: str) -> None:
    assert ascii_int(text) is None


def test_the_bound_on_digits_can_be_set() -> None:
    assert ascii_int("12345", max_digits=4) is None
    assert ascii_int("1234", max_digits=4) == 1234
