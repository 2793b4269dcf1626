"""Phone numbers to E.164: typed and imported numbers, and numbers shared as a contact."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from surveys.customers.phones import (
    InvalidPhone,
    check_region,
    normalize_contact_phone,
    normalize_phone,
)

CN_MOBILE = "+8613800138000"


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        # Chinese mobile numbers, national and international, with the usual separators.
        ("13800138000", "CN", CN_MOBILE),
        ("138 0013 8000", "CN", CN_MOBILE),
        ("138-0013-8000", "CN", CN_MOBILE),
        ("(138) 0013-8000", "CN", CN_MOBILE),
        ("138.0013.8000", "CN", CN_MOBILE),
        ("  13800138000\n", "CN", CN_MOBILE),
        ("+86 138 0013 8000", "CN", CN_MOBILE),
        ("+86-138-0013-8000", "CN", CN_MOBILE),
        ("008613800138000", "CN", CN_MOBILE),
        ("0086 138 0013 8000", "CN", CN_MOBILE),
        ("8613800138000", "CN", CN_MOBILE),  # country code without "+"
        ("１３８００１３８０００", "CN", CN_MOBILE),  # full-width digits
        ("＋８６ １３８００１３８０００", "CN", CN_MOBILE),
        ("13800138000", "cn", CN_MOBILE),  # region code in any case
        # A Beijing landline with its area code.
        ("(010) 6552 9988", "CN", "+861065529988"),
        ("010-65529988", "CN", "+861065529988"),
        # Foreign numbers: "+" or "00" make the default region irrelevant.
        ("+44 20 7946 0958", "CN", "+442079460958"),
        ("0044 20 7946 0958", "CN", "+442079460958"),
        ("0044 20 7946 0958", "US", "+442079460958"),  # "00" even where the IDD is 011
        ("+1 (415) 555-2671", "CN", "+14155552671"),
        ("(415) 555-2671", "US", "+14155552671"),
        ("+852 9123 4567", "CN", "+85291234567"),
        ("+7 912 345-67-89", "CN", "+79123456789"),
        ("+49 30 901820", "CN", "+4930901820"),
        ("+86 138 0013 8000", "US", CN_MOBILE),
    ],
)
def test_normalize_phone(raw: str, region: str, expected: str) -> None:
    assert normalize_phone(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "region", "reason"),
    [
        ("", "CN", "empty"),
        ("   ", "CN", "empty"),
        ("+", "CN", "not a phone number"),
        ("--", "CN", "not a phone number"),
        ("abc", "CN", "contains characters other than digits, spaces, dashes and brackets"),
        ("13800138000 ext 12", "CN", "contains characters"),
        ("13800138000;", "CN", "contains characters"),
        ("1.38001E+10", "CN", "contains characters"),
        ("tel:13800138000", "CN", "contains characters"),
        ("1" * 41, "CN", "too long"),
        ("12345", "CN", "local number without area code"),
        ("12345", "US", "too short"),
        ("+86 123", "CN", "too short"),
        ("138001380001234", "CN", "too long"),
        ("+999 123456", "CN", "unknown country code"),
        ("+86 138 0013 8000 0", "CN", "not a number in use in +86"),
        ("13800138000", "US", "not a number in use in +1"),  # a Chinese mobile read as US
        ("8613800138000", "US", "too long"),
    ],
)
def test_invalid_phone_says_why(raw: str, region: str, reason: str) -> None:
    with pytest.raises(InvalidPhone) as raised:
        normalize_phone(raw, region)
    assert raised.value.reason.startswith(reason)
    assert str(raised.value) == raised.value.reason


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8613800138000", CN_MOBILE),  # what Telegram sends
        ("+8613800138000", CN_MOBILE),  # what some clients send
        ("447911123456", "+447911123456"),
        ("14155552671", "+14155552671"),
        ("85291234567", "+85291234567"),
        ("0086 13800138000", CN_MOBILE),
        ("13800138000", CN_MOBILE),  # no country code after all: read as national
    ],
)
def test_normalize_contact_phone(raw: str, expected: str) -> None:
    assert normalize_contact_phone(raw, "CN") == expected


def test_contact_number_is_international_before_national() -> None:
    # "85291234567" is also 11 digits like a Chinese mobile, but is a Hong Kong number when
    # read internationally; only the contact form reads it that way.
    assert normalize_contact_phone("85291234567", "CN") == "+85291234567"
    with pytest.raises(InvalidPhone):
        normalize_phone("85291234567", "CN")


@pytest.mark.parametrize(("raw", "reason"), [("", "empty"), ("abc", "contains"), ("999", "too")])
def test_invalid_contact_phone(raw: str, reason: str) -> None:
    with pytest.raises(InvalidPhone) as raised:
        normalize_contact_phone(raw, "CN")
    assert raised.value.reason.startswith(reason)


@pytest.mark.parametrize("function", [normalize_phone, normalize_contact_phone])
def test_unknown_region_is_a_programming_error(function: Callable[[str, str], str]) -> None:
    with pytest.raises(ValueError, match="unknown phone region") as raised:
        function("13800138000", "XX")
    assert not isinstance(raised.value, InvalidPhone)


def test_check_region() -> None:
    assert check_region(" cn ") == "CN"
    with pytest.raises(ValueError, match="unknown phone region"):
        check_region("China")
