"""Phrase patterns that a word lexicon cannot express: waiting times, lateness, ratings.

Each pattern is matched on normalised text (see ``nlp._text.normalize``) and yields a hit
that replaces the words it covers. Values use the lexicon scale (about -3 .. +3).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Final

_EN_NUMBER: Final = (
    r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|a few|few|many|a couple of|couple of|couple|multiple)"
)
_EN_ABOUT: Final = r"(?:(?:over|almost|nearly|about|around|more than|at least|well over)\s+)?"
_EN_LONG: Final = r"(?:hours?|hrs?|days?|weeks?|months?)"
_EN_ALL_DAY: Final = r"(?:all day|the whole day|all morning|all afternoon|half a day|half the day)"
_EN_WORDS: Final = r"(?:\s+[a-z']+){0,3}?"

_ZH_NUMBER: Final = r"(?:[0-9]+|[一二两三四五六七八九十百几半]+)"
_ZH_ABOUT: Final = r"(?:整整|足足|将近|快|差不多|近|大概|约|至少|起码)?"
_ZH_LONG: Final = (
    rf"(?:{_ZH_NUMBER}(?:个)?多?半?(?:小时|钟头|钟|天|周|星期|礼拜|个月|月)"
    r"|一上午|一下午|一整天|一晚上|大半天|半天)"
)
_ZH_HOURS: Final = r"(?:[0-9]+|[一二两三四五六七八九十几]+)(?:个)?多?半?(?:小时|钟头)"
_ZH_LONG_MINUTES: Final = (
    r"(?:[4-9][0-9]|[1-9][0-9]{2}|[四五六七八九]十[一二三四五六七八九]?)多?分钟"
)
_ZH_COST: Final = r"(?:价格|价钱|价位|收费|费用|报价|工时费|油耗)"
_ZH_GAP: Final = r"(?:(?!不|没)[^，。！？,.!?]){0,3}?"
_ZH_MINUTES: Final = (
    r"(?:[2-9][0-9]|[1-9][0-9]{2}|[二三四五六七八九]十[一二三四五六七八九]?|几十)多?分钟"
)
_ZH_CLOCK: Final = r"(?:[0-9]{1,2}|[一二两三四五六七八九十]{1,3})[点:：](?:[0-9]{1,2}|半|多)?"


@dataclass(frozen=True, slots=True)
class Pattern:
    """A regular expression, the hit it yields, and substrings one of which it needs."""

    regex: re.Pattern[str]
    value: float
    topic: str | None = None
    hints: tuple[str, ...] = ()
    accept: Callable[[re.Match[str]], bool] | None = None
    rating: bool = False


@dataclass(frozen=True, slots=True)
class PatternHit:
    start: int
    end: int
    value: float
    topic: str | None


def _minutes_at_least(limit: int) -> Callable[[re.Match[str]], bool]:
    def accept(match: re.Match[str]) -> bool:
        digits = re.search(r"\d+", match.group(0))
        return digits is None or int(digits.group(0)) >= limit

    return accept


def _p(
    pattern: str,
    value: float,
    topic: str | None = None,
    *,
    hints: str = "",
    accept: Callable[[re.Match[str]], bool] | None = None,
    rating: bool = False,
) -> Pattern:
    return Pattern(re.compile(pattern), value, topic, tuple(hints.split()), accept, rating)


_PRAISE_VERB: Final = re.compile(r"\b(?:thank|recommend|say|praise|get|fault)\b")
"""Verbs that turn "not ... enough" into praise: "can't thank them enough"."""
_WAIT: Final = "wait_time"
_WAIT_VERBS: Final = "wait took sat stood spent queued"

PATTERNS: Final = (
    # English: waiting and lateness
    _p(
        rf"\b(?:wait(?:ed|ing)?|took|sat|stood|spent|queued|been waiting)\b{_EN_WORDS}\s+"
        rf"(?:{_EN_ABOUT}{_EN_NUMBER}(?:\s+and\s+a\s+half)?[\s-]+{_EN_LONG}|{_EN_ALL_DAY})\b",
        -1.6,
        _WAIT,
        hints=_WAIT_VERBS,
    ),
    _p(
        rf"\b(?:takes?|taking)\b{_EN_WORDS}\s+{_EN_ABOUT}{_EN_NUMBER}[\s-]+(?:days?|weeks?|months?)\b",
        -1.3,
        _WAIT,
        hints="tak",
    ),
    _p(
        rf"\b{_EN_NUMBER}(?:\s+and\s+a\s+half)?[\s-]+{_EN_LONG}[\s-]+(?:wait|delay|late)\b",
        -1.8,
        _WAIT,
        hints="wait delay late",
    ),
    _p(
        rf"\b(?:wait(?:ed|ing)?|took|sat|spent|been waiting)\b{_EN_WORDS}\s+{_EN_ABOUT}"
        r"(?:\d{2,3}|twenty|thirty|forty|forty-five|fifty|sixty|ninety)\s+(?:minutes?|mins?)\b",
        -1.2,
        _WAIT,
        hints="min",
        accept=_minutes_at_least(20),
    ),
    _p(
        rf"\b(?:it|that|this|which|they|he|she) took\s+{_EN_ABOUT}"
        r"(?:two|three|four|five|six|seven|eight|\d+)\b",
        -1.0,
        _WAIT,
        hints="took",
    ),
    _p(r"\b(?:not|never)\b(?:\s+[a-z']+){0,3}?\s+until\b", -1.3, _WAIT, hints="until"),
    _p(
        r"\b(?:not|never)\b(?:\s+[a-z']+){1,4}?\s+again\b",
        -1.8,
        hints="again",
        accept=lambda match: "hesitat" not in match.group(0),  # "not hesitate to come again"
    ),
    _p(
        r"\b(?:not|never|hardly|barely)(?:\s+[a-z]+){0,2}?\s+enough\b",
        -1.3,
        hints="enough",
        accept=lambda match: not _PRAISE_VERB.search(match.group(0)),  # "can't thank enough"
    ),
    _p(
        r"\b(?:but|and)\s+(?:(?:they|he|she|it|nobody)\s+)?never\s+(?:did|does|came|happened)\b"
        r"(?!\s+[a-z])",
        -1.5,
        hints="never",
    ),
    _p(r"\bwait(?:ed|ing)?\b(?:\s+[a-z']+){0,3}?\s+again\b", -1.3, _WAIT, hints="again"),
    _p(
        r"\b(?:still|yet to)\s+(?:be\s+)?(?:waiting|not|no|hear|received?|get)\b",
        -1.4,
        hints="still yet",
    ),
    # English: ratings written as numbers
    _p(r"\b(?:10|[0-9](?:\.5)?)\s*(?:/|out of)\s*10\b", 0.0, hints="/ out of", rating=True),
    _p(r"\b[0-5](?:\.5)?\s*(?:/|out of)\s*5\b", 0.0, hints="/ out of", rating=True),
    # Chinese: waiting and lateness
    _p(rf"等了?{_ZH_ABOUT}{_ZH_LONG}", -1.6, _WAIT, hints="等"),
    _p(
        rf"{_ZH_LONG}(?:之后|以后|后)?(?:才|还没|都没|还不|仍然没|也没)",
        -1.6,
        _WAIT,
        hints="才 没 还不",
    ),
    _p(
        rf"(?:拖了|用了|花了|做了|修了|耗了|搞了|耽误了|晚了|迟了|超了|排了|晚|迟){_ZH_ABOUT}{_ZH_LONG}",
        -1.4,
        _WAIT,
        hints="了 晚 迟",
    ),
    _p(rf"等了?{_ZH_ABOUT}{_ZH_MINUTES}", -1.2, _WAIT, hints="等"),
    _p(rf"{_ZH_CLOCK}(?:多|左右)?(?:才|还没)", -1.2, _WAIT, hints="才 还没"),
    _p(r"又(?:要|得|让我|让|叫我|是)?(?:等|排队|白跑)", -1.3, _WAIT, hints="又"),
    _p(
        rf"{_ZH_HOURS}(?:才|后才|送达|送到|到达|才到|的?送餐时间|的?配送时间)",
        -1.5,
        _WAIT,
        hints="小时 钟头",
    ),
    _p(rf"{_ZH_LONG_MINUTES}(?:才|后才|送达|送到|到达)", -1.3, _WAIT, hints="分钟"),
    _p(
        r"(?:延时|延迟|晚了|晚|超时|迟了|迟到)了?[0-9一二两三四五六七八九十几半]+多?分钟",
        -1.2,
        _WAIT,
        hints="分钟",
    ),
    # Chinese: things still not done, complaints repeated, requests
    _p(
        r"(?:(?:到现在|至今)(?:还|都|也)?|现在(?:还|都|也))(?:没|没有|未)",
        -1.5,
        hints="现在 至今",
    ),
    _p(r"(?:一直|始终|迟迟)(?:没|没有|不|未)", -1.2, hints="一直 始终 迟迟"),
    _p(r"一点[^，。！？,.!?]{1,4}(?:都|也)(?:没有|没)", -1.2, hints="一点"),
    _p(
        r"(?:说了|备注了|交代了|强调了|提醒了|要求了|告诉过|说过|讲了)[^，。！？,.!?]{0,10}?"
        r"(?:还是|还|却|也没|都没)",
        -1.3,
        hints="说 备注 交代 强调 提醒 要求 告诉 讲了",
    ),
    _p(r"再(?:多|快|大|便宜|好|热情|早|耐心|认真|仔细)(?:一)?点", -0.8, hints="再"),
    # Chinese: price and fuel consumption judged as high or low
    _p(rf"{_ZH_COST}(?:不|没有?)(?:太|算|是很)?(?:高|贵)", 0.8, hints="高 贵"),
    _p(rf"{_ZH_COST}{_ZH_GAP}(?:偏高|高|贵)", -1.2, hints="高 贵"),
    _p(rf"{_ZH_COST}{_ZH_GAP}(?:低|便宜|实惠|公道|合理)", 1.0, hints="低 便宜 实惠 公道 合理"),
    # Chinese: star ratings
    _p(r"(?:[12一二两])颗?星(?!半)", -1.6, hints="星"),
    _p(r"(?:[45四五])颗?星", 1.4, hints="星"),
    # Chinese: durations that are not complaints; they only keep "五分"/"十分" from misreading
    _p(r"[0-9一二两三四五六七八九十几半]+多?分钟", 0.0, hints="分钟"),
)

_RATING: Final = re.compile(r"(\d+(?:\.\d+)?)\s*(?:/|out of)\s*(\d+)")


def find(text: str) -> Iterator[PatternHit]:
    """All pattern hits in ``text``, left to right, without overlaps."""
    hits: list[PatternHit] = []
    for pattern in PATTERNS:
        if pattern.hints and not any(hint in text for hint in pattern.hints):
            continue
        for match in pattern.regex.finditer(text):
            if pattern.accept is not None and not pattern.accept(match):
                continue
            value = _rating_value(match.group(0)) if pattern.rating else pattern.value
            hits.append(PatternHit(match.start(), match.end(), value, pattern.topic))
    hits.sort(key=lambda hit: (hit.start, -hit.end))
    last_end = -1
    for hit in hits:
        if hit.start >= last_end:
            last_end = hit.end
            yield hit


def _rating_value(text: str) -> float:
    """5/5 -> +2, 3/5 -> 0, 1/5 -> -2 (scores out of 5 or 10)."""
    match = _RATING.search(text)
    if match is None:
        return 0.0
    share = float(match.group(1)) / float(match.group(2))
    return round(max(-1.0, min(1.0, (share - 0.6) * 2.5)) * 2.0, 2)
