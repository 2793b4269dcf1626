"""Reading answers that customers type instead of tapping.

"4", "给4分", "５分", "五星", "5, it was great", "four", "yes", "是的", "跳过":
customers answer in their own words. These parsers are pure and table-tested.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_EN_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_CN_NUMBER = re.compile(
    r"^(?:我)?(?:给|打|评)?(?:你们)?([零〇一二两三四五六七八九十]{1,3})(?:分|星|颗星)?[。!！.]*$"
)
_FIRST_INTEGER = re.compile(r"(?<![\d.])(\d{1,3})(?![\d.]\d)")
_SKIP_WORDS = {"skip", "/skip", "pass", "跳过", "略过", "不答", "不想回答", "下一题"}
_YES = {
    "yes",
    "y",
    "yeah",
    "yep",
    "sure",
    "correct",
    "是",
    "是的",
    "对",
    "对的",
    "有",
    "一致",
    "嗯",
    "好的",
    "没错",
}
_NO = {"no", "n", "nope", "not really", "否", "不是", "不", "没有", "不一致", "不对"}


def normalize(text: str) -> str:
    """NFKC (full-width digits become ASCII), trimmed, lower-case."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def _chinese_number(word: str) -> int | None:
    if word == "十":
        return 10
    if len(word) == 1:
        return _CN_DIGITS.get(word)
    if word.startswith("十") and len(word) == 2:
        unit = _CN_DIGITS.get(word[1])
        return None if unit is None else 10 + unit
    return None


@dataclass(frozen=True, slots=True)
class NumberReading:
    """A number read from text; ``in_range`` tells whether it fits the question."""

    value: int
    in_range: bool


def read_number(text: str, low: int, high: int) -> NumberReading | None:
    """The score a customer typed, or None when the text holds no number."""
    cleaned = normalize(text)
    if not cleaned:
        return None
    value: int | None = None
    match = _CN_NUMBER.match(cleaned.replace(" ", ""))
    if match:
        value = _chinese_number(match.group(1))
    if value is None:
        found = _FIRST_INTEGER.search(cleaned)
        if found:
            value = int(found.group(1))
    if value is None:
        words = re.findall(r"[a-z]+", cleaned)
        if 0 < len(words) <= 4:
            value = next((_EN_NUMBERS[w] for w in words if w in _EN_NUMBERS), None)
    if value is None:
        return None
    return NumberReading(value, low <= value <= high)


def read_yes_no(text: str) -> bool | None:
    cleaned = normalize(text).strip(" .!。！")
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    return None


def read_choice(text: str, labels: Sequence[Sequence[str]]) -> int | None:
    """Index of the option whose label (in any language) or 1-based number was typed."""
    cleaned = normalize(text).strip(" .!。！")
    if not cleaned:
        return None
    if cleaned.isdigit():
        index = int(cleaned) - 1
        return index if 0 <= index < len(labels) else None
    for index, option_labels in enumerate(labels):
        if any(normalize(label) == cleaned for label in option_labels):
            return index
    return None


def is_skip(text: str) -> bool:
    return normalize(text).strip(" .!。！") in _SKIP_WORDS
