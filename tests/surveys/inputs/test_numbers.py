"""The one parser of command numbers: a table of what people type, and a property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.inputs import BIG_ID_MAX, ID_MAX, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("  12 ", 12),
        ("007", 7),
        ("2147483647", ID_MAX),
        ("2147483648", None),  # past an INTEGER id
        ("99999999999999999999999", None),
        ("\u00b2", None),  # "²": str.isdigit says yes, int() says no
        ("\u2460", None),  # "①"
        ("\u0663", None),  # "٣": int() takes it, but it is not what an id looks like
        ("\uff11", None),  # "１" full width
        ("0", None),
        ("-1", None),
        ("+1", None),
        ("1_000", None),
        ("1 2", None),
        ("", None),
        (None, None),
        ("#12", None),  # no prefix asked for
    ],
)
def test_command_numbers(text: str | None, expected: int | None) -> None:
    assert parse_number(text) == expected


def test_prefix_minimum_and_maximum() -> None:
    assert parse_number("#12", prefix="#") == 12
    assert parse_number("#", prefix="#") is None
    assert parse_number("0", minimum=0) == 0
    assert parse_number("9223372036854775807", maximum=BIG_ID_MAX) == BIG_ID_MAX
    assert parse_number("9223372036854775808", maximum=BIG_ID_MAX) is None


@given(st.text(max_size=30))
def test_any_text_is_a_number_in_range_or_none(text: str) -> None:
    number = parse_number(text, maximum=BIG_ID_MAX)
    if number is not None:
        assert 1 <= number <= BIG_ID_MAX
        assert text.strip().isascii()
        assert int(text.strip()) == number
