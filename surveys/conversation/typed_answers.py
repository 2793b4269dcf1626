"""Reading answers that customers type instead of tapping.

"4", "给4分", "５分", "五星", "4/5", "8 out of 10", "four stars", "5, it was great",
"yes", "是的", "跳过": customers answer in their own words. A number counts only when it
is the answer: in "等了3个小时" or "the car came back with 3 scratches" it is part of a
complaint, and the words are the customer's comment. These parsers are pure and
table-tested.
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
_NUMBER = (
    r"(\d{1,3}|[零〇一二两三四五六七八九十]{1,3}|"
    + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True))
    + r")(?![a-z])"
)
_OUT_OF = r"(?:\s*(?:/|out\s+of|of|满分|分满分)\s*(\d{1,3}))?"
_CN_LEAD = r"(?:我|就)?(?:给|打|评)?(?:你们|了|个)?"
_EN_LEAD = (
    r"(?:(?:i\s*(?:would|'d|will|'ll)?\s*(?:give|rate|say)\s*(?:it|you|them|this)?\s*(?:a|an)?"
    r"|my\s+(?:score|rating)\s+is|score|rating|give|rate)\s*:?\s*)?"
)
_UNIT = r"(?:\s*(?:分|星|颗星|points?|pts?|stars?))?"
_ANSWER = re.compile(rf"^(?:{_CN_LEAD}|{_EN_LEAD}){_NUMBER}{_UNIT}{_OUT_OF}{_UNIT}")
_END = re.compile(r"^[\s.!。！~～]*$")
_COMMENT_AFTER = re.compile(r"^\s*[,;:，；：。.!！、\-–—]+\s*(\S.*)$", re.DOTALL)
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
    """A score read from text; ``in_range`` tells whether it fits the question, and
    ``comment`` holds the words typed after it ("5, it was great")."""

    value: int
    in_range: bool
    comment: str | None = None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    if word in _EN_NUMBERS:
        return _EN_NUMBERS[word]
    return _chinese_number(word)


def read_number(text: str, low: int, high: int) -> NumberReading | None:
    """The score a customer typed, or None when the text is not a score (it may still
    hold numbers: "waited 2 hours" is a comment, not a 2)."""
    cleaned = normalize(text)
    match = _ANSWER.match(cleaned)
    if not match:
        return None
    value = _number(match.group(1))
    if value is None:
        return None
    rest = cleaned[match.end() :]
    if re.match(r"^[.,]\d", rest):
        return None  # "4.5", "4,5": not a whole score
    comment: str | None = None
    if not _END.match(rest):
        after = _COMMENT_AFTER.match(rest)
        if after is None:
            return None  # "3个小时", "3 scratches": the number belongs to the words
        original = unicodedata.normalize("NFKC", text).strip()
        words = after.group(1)
        if len(original) == len(cleaned):  # keep the customer's own capitals
            words = original[len(original) - len(words) :]
        comment = words.strip() or None
    scale = match.group(2)
    if scale is not None and int(scale) != high:
        return NumberReading(value, False, comment)
    return NumberReading(value, low <= value <= high, comment)


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
