"""Properties of ``analyze`` that must hold for any text at all."""

from __future__ import annotations

import dataclasses
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import NEUTRAL_BAND, TOPICS, Analysis, analyze

FRAGMENTS = [
    "not",
    "never",
    "no",
    "very",
    "too",
    "but",
    "although",
    "great",
    "slow",
    "wait",
    "three hours",
    "nobody called",
    "price",
    "rude",
    "!",
    "?",
    ",",
    ".",
    " ",
    "😡",
    "👍",
    "不",
    "没有",
    "很",
    "太",
    "但是",
    "虽然",
    "满意",
    "慢",
    "等了三个小时",
    "服务",
    "一般",
    "贵",
    "，",
    "。",
    "😊",
    "\x00",
    "\u200d",
    "\ufeff",
    "\n",
    "n't",
    "滿意",
    "ⅷ",
    "ﬁ",
]

texts = st.one_of(
    st.text(),
    st.text(alphabet=string.printable),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map(" ".join),
)


def check(result: Analysis) -> None:
    assert -1.0 <= result.score <= 1.0
    if result.label == "negative":
        assert result.score <= -NEUTRAL_BAND
    elif result.label == "positive":
        assert result.score >= NEUTRAL_BAND
    else:
        assert result.label == "neutral"
        assert -NEUTRAL_BAND < result.score < NEUTRAL_BAND
    assert set(result.topics) <= TOPICS.keys()
    assert len(set(result.topics)) == len(result.topics)
    assert all(isinstance(phrase, str) and phrase for phrase in result.evidence)
    assert result.language == "und" or (result.language.isalpha() and result.language.islower())


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from([None, "en", "zh", "ZH-cn", "", "xx-yy", "123"]))
def test_analyze_never_raises_and_label_agrees_with_score(text: str, language: str | None) -> None:
    result = analyze(text, language=language)
    check(result)
    assert analyze(text, language=language) == result  # pure: same input, same answer


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01\x02",
        "😡",
        "👍👍👍",
        "a",
        "太慢了" * 1700,
        "The wait was long but the staff were kind. " * 120,
        "服务很好 but 太贵了, never again 😡",
        "\ud800 lone surrogate",
        "Ｆｕｌｌｗｉｄｔｈ　ｔｅｘｔ，ｎｏｔ　ｇｏｏｄ",
    ],
)
def test_awkward_inputs(text: str) -> None:
    check(analyze(text))


def test_long_answers_are_read_in_full_up_to_the_cap() -> None:
    text = "I brought the car in on Monday morning. " * 130 + "Nobody called me back."
    assert len(text) > 5000
    result = analyze(text)
    assert (result.label, result.topics) == ("negative", ("communication",))


def test_analysis_is_frozen() -> None:
    result = analyze("good")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.label = "negative"  # type: ignore[misc]


def test_non_string_input_does_not_raise() -> None:
    check(analyze(None))  # type: ignore[arg-type]
    check(analyze(42))  # type: ignore[arg-type]
