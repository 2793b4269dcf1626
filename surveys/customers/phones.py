"""Phone numbers in one canonical form, E.164 ("+8613800138000").

Two entry points, because numbers arrive in two shapes:

* ``normalize_phone`` for numbers typed by people or exported by dealership systems: national
  numbers ("138 0013 8000", "(020) 8888-8888") are read in a default region; "+" or a leading
  "00" mark an international number.
* ``normalize_contact_phone`` for the number Telegram sends when a customer shares their
  contact: it is international but usually comes without the "+" ("8613800138000").

Both return the E.164 string or raise ``InvalidPhone`` with a short reason.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

__all__ = ["InvalidPhone", "check_region", "normalize_contact_phone", "normalize_phone"]

MAX_PHONE_LENGTH = 40
"""Longest raw input considered, in characters; anything longer is not a phone number."""

# After NFKC (full-width digits and punctuation become ASCII): an optional "+", then digits
# and the separators people put between groups of digits.
_ACCEPTED = re.compile(r"\+?[0-9 ().\-]*")
_SEPARATORS = re.compile(r"[ ().\-]+")

_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
    NumberParseException.NOT_A_NUMBER: "not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}

_POSSIBILITY_REASONS = {
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country code",
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_LENGTH: "wrong number of digits",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "local number without area code",
}


class InvalidPhone(ValueError):
    """A phone number that cannot be normalised; ``reason`` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_region(region: str) -> str:
    """Return ``region`` as an upper-case region code, or raise ValueError if unknown."""
    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"unknown phone region {region!r}")
    return code


def normalize_phone(raw: str, default_region: str) -> str:
    """Normalise a typed or imported number to E.164.

    Numbers without "+" or "00" are national numbers of ``default_region`` (a region code such
    as "CN"); a national number that already starts with that region's country code
    ("8613800138000" with "CN") is recognised too.
    """
    compact = _compact(raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    return _to_e164(compact, check_region(default_region))


def normalize_contact_phone(raw: str, default_region: str) -> str:
    """Normalise the number of a contact shared in Telegram to E.164.

    Telegram sends the full international number, mostly without the "+"; it is read as
    international first. Only when that is not a valid number is it read as a national number
    of ``default_region``, as ``normalize_phone`` would.
    """
    compact = _compact(raw)
    region = check_region(default_region)
    if compact.startswith("+"):
        return _to_e164(compact, region)
    try:
        return _to_e164("+" + compact, region)
    except InvalidPhone:
        return normalize_phone(raw, region)


def _compact(raw: str) -> str:
    """Digits with an optional leading "+", or InvalidPhone if anything else is present."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        raise InvalidPhone("empty")
    if len(text) > MAX_PHONE_LENGTH:
        raise InvalidPhone("too long")
    if not _ACCEPTED.fullmatch(text):
        raise InvalidPhone("contains characters other than digits, spaces, dashes and brackets")
    compact = _SEPARATORS.sub("", text)
    if compact in ("", "+"):
        raise InvalidPhone("not a phone number")
    return compact


def forget_cached_phones() -> None:
    """Drop every phone number read so far from memory (a customer asked to be forgotten)."""
    _to_e164.cache_clear()


@lru_cache(maxsize=4096)
def _to_e164(compact: str, region: str) -> str:
    try:
        number = phonenumbers.parse(compact, region)
    except NumberParseException as exc:
        raise InvalidPhone(_PARSE_REASONS.get(exc.error_type, "not a phone number")) from None
    if not phonenumbers.is_valid_number(number):
        possibility = phonenumbers.is_possible_number_with_reason(number)
        reason = _POSSIBILITY_REASONS.get(possibility)
        if reason is None:
            reason = f"not a number in use in +{number.country_code}"
        raise InvalidPhone(reason)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
