"""Tables of negation, degree, contrast, sarcasm and empty answers, in English and Chinese."""

from __future__ import annotations

import pytest

from nlp import analyze
from nlp._text import normalize

NEGATION = [
    ("good", "positive"),
    ("not good", "negative"),
    ("bad", "negative"),
    ("not bad", "positive"),
    ("not very good", "negative"),
    ("not great", "negative"),
    ("not happy with the repair", "negative"),
    ("The service wasn't slow at all.", "positive"),
    ("not too expensive", "positive"),
    ("They didn't fix it.", "negative"),
    ("Nobody called me back.", "negative"),
    ("No problems at all.", "positive"),
    ("Nothing wrong with the car now.", "positive"),
    ("I never felt rushed or pressured.", "positive"),
    ("I don't think I will come back.", "negative"),
    ("They never failed to impress me.", "positive"),
    ("I have never been so disappointed.", "negative"),
    ("Don't waste your money here.", "negative"),
    ("I've never been treated so badly.", "negative"),
    ("I have never had such rude staff.", "negative"),
    ("Never had any problems with them.", "positive"),
    ("I would not hesitate to come again.", "positive"),
    ("Not good enough.", "negative"),
    ("There were not enough seats in the lounge.", "negative"),
    ("I cannot fault them.", "positive"),
    ("I can't thank you enough!", "positive"),
    ("They promised to call back but never did.", "negative"),
    ("They did not fix the problem.", "negative"),
    ("They fixed the problem.", "positive"),
    ("好", "positive"),
    ("不好", "negative"),
    ("满意", "positive"),
    ("不满意", "negative"),
    ("没有不满意", "positive"),
    ("不太好", "negative"),
    ("不太满意", "negative"),
    ("不是很满意", "negative"),
    ("不差", "positive"),
    ("不贵", "positive"),
    ("并不慢", "positive"),
    ("一点也不好", "negative"),
    ("没修好", "negative"),
    ("没人理我们", "negative"),
    ("接待的人不专业", "negative"),
    ("没有任何问题", "positive"),
    ("从没见过这么差的服务", "negative"),
    ("不会再来了", "negative"),
    ("味道不如以前好", "negative"),
    ("I dont like it", "negative"),
    ("didnt fix the problem", "negative"),
    ("wont come back", "negative"),
    ("It would have been great if someone had called.", "negative"),
    ("It would've been a disaster without them.", "positive"),
    ("Rarely a good experience.", "negative"),
    ("None of the staff were helpful.", "negative"),
    ("The car won't start since the service.", "negative"),
    ("I never received the invoice.", "negative"),
    ("We have not received any complaints about the car.", "positive"),
    ("Highly unrecommended.", "negative"),
    ("There was hardly any coffee left.", "negative"),
    ("No coffee in the lounge.", "negative"),
    ("The waiting area lacked seats.", "negative"),
    ("There was no salt at the tables.", "negative"),
    ("No extra cost.", "positive"),
    ("No, everything was fine.", "positive"),
    ("故障少", "positive"),
    ("问题很少，很省心", "positive"),
    ("问题不少", "negative"),
    ("分量少", "negative"),
]

DEGREE_COMPLEMENT = [
    ("好到不行", "positive"),
    ("服务好到爆", "positive"),
    ("差到不行", "negative"),
    ("慢到爆", "negative"),
]

IRONIC_THANKS = [
    ("Thank you for wasting my afternoon.", "negative"),
    ("Thanks for ruining my trip - again!", "negative"),
    ("谢谢你们浪费我一下午", "negative"),
    ("Thanks, the car runs great now.", "positive"),
    ("谢谢，服务很好", "positive"),
]

CONTRAST = [
    ("The car is great but the service was awful.", "negative"),
    ("Although the wait was long, the repair was perfect.", "positive"),
    ("Good price, but the car still makes the same noise.", "negative"),
    ("The staff were nice but the repair took way too long.", "negative"),
    (
        "The service was slow. But honestly the staff were wonderful and fixed everything.",
        "positive",
    ),
    ("车不错，就是服务太差了", "negative"),
    ("虽然等了一会儿，但是修得很好", "positive"),
    ("价格还可以，可是等的时间太长", "negative"),
    ("销售挺热情的，但是交车拖了一个月", "negative"),
    ("服务很好，但是太贵了", "negative"),
    ("服务很好 but 太贵了", "negative"),
]

SARCASM = [
    ("Great, another two-hour wait.", "negative"),
    ("Oh wonderful, waiting again.", "negative"),
    ("真快啊，才等了三个小时", "negative"),
    ("好，又让我等了两个小时", "negative"),
    ("Great, no wait at all.", "positive"),
    ("真快，半小时就修好了", "positive"),
]

EMPTY = [
    "no",
    "No.",
    "nothing",
    "Nothing, thanks.",
    "No, thank you.",
    "n/a",
    "没有",
    "无",
    "没有，谢谢",
    "暂时没有",
]


FACTS = [
    "I picked up the car on Tuesday",
    "Came in for an oil change",
    "The appointment was at 9",
    "My wife brought the car in",
    "I had the brakes done",
    "Bought a used SUV last month",
    "Drove home after the service",
    "They changed the tyres",
    "I paid by card",
    "We talked to Mr Li about financing",
    "Just a routine service",
    "Second visit this year",
    "Came back for the recall",
    "Dropped off the keys in the box",
    "The car is a 2019 model",
    "I left the car overnight",
    "They called me on Friday",
    "Picked it up after lunch",
    "We test drove two models",
    "I dropped the car off at the lobby.",
    "The invoice was sent by email",
    "I came with my son",
    "It was my first time at this dealer",
    "They rotated the tires and checked the fluids",
    "I booked through the website",
    "The battery was replaced",
    "Went in for the annual inspection",
    "I traded in my old car",
    "The salesman showed us the hybrid",
    "Took the bus home",
    "上周二提的车",
    "来做保养",
    "我老婆开过来的",
    "刷卡付的",
    "今年第二次来",
    "换了四个轮胎",
    "预约的是九点",
    "坐公交回去的",
    "跟李经理聊了贷款",
    "车放了一晚上",
    "电池换了",
    "做了年检",
    "旧车置换的",
    "销售带我们看了混动版",
    "发票发到邮箱了",
]
"""Plain statements of fact, as customers add them to an answer: neither praise nor complaint."""
FACTS_REQUIRED_SHARE = 0.9

GENERAL_ENGLISH = [
    ("The advisor was a jerk.", "negative"),
    ("Absolute torture from start to finish.", "negative"),
    ("The car is to die for.", "positive"),
    ("The coffee in the lounge was out of this world.", "positive"),
    ("I'd give them 10 out of 10.", "positive"),
    ("2 out of 5", "negative"),
    ("I stopped by for an oil change.", "neutral"),
    ("I dropped the car off at the lobby.", "neutral"),
    ("The service leaves a lot to be desired.", "negative"),
    ("Steer clear of this dealer.", "negative"),
    ("The waiting room could use some upgrading.", "negative"),
    ("We are sending it back.", "negative"),
]


@pytest.mark.parametrize(("text", "label"), NEGATION)
def test_negation_and_its_scope(text: str, label: str) -> None:
    assert analyze(text).label == label


@pytest.mark.parametrize(("text", "label"), CONTRAST)
def test_contrast_weighs_what_follows_but(text: str, label: str) -> None:
    assert analyze(text).label == label


@pytest.mark.parametrize(("text", "label"), SARCASM)
def test_praise_followed_by_a_long_wait_is_sarcasm(text: str, label: str) -> None:
    assert analyze(text).label == label


@pytest.mark.parametrize(("text", "label"), DEGREE_COMPLEMENT)
def test_to_the_extreme_strengthens_the_word_before_it(text: str, label: str) -> None:
    assert analyze(text).label == label


@pytest.mark.parametrize(("text", "label"), IRONIC_THANKS)
def test_thanks_for_a_complaint_is_the_complaint(text: str, label: str) -> None:
    assert analyze(text).label == label


@pytest.mark.parametrize(("text", "label"), GENERAL_ENGLISH)
def test_general_english_words_idioms_and_ratings(text: str, label: str) -> None:
    assert analyze(text).label == label


@pytest.mark.parametrize("text", EMPTY)
def test_empty_answers_are_neutral_and_carry_no_evidence(text: str) -> None:
    result = analyze(text)
    assert (result.label, result.score, result.evidence, result.topics) == ("neutral", 0.0, (), ())


@pytest.mark.parametrize(
    ("stronger", "weaker"),
    [
        ("very good", "good"),
        ("good", "a bit good"),
        ("extremely slow", "slow"),
        ("slow", "slightly slow"),
        ("非常满意", "满意"),
        ("太慢了", "慢"),
        ("慢", "有点慢"),
    ],
)
def test_intensifiers_and_diminishers_scale_the_score(stronger: str, weaker: str) -> None:
    assert abs(analyze(stronger).score) > abs(analyze(weaker).score) > 0
    assert (analyze(stronger).score > 0) == (analyze(weaker).score > 0)


@pytest.mark.parametrize(
    ("text", "first_topic"),
    [
        ("The salesman was friendly but I waited three hours.", "wait_time"),
        ("Fair price, but nobody called me back.", "communication"),
        ("销售很热情，但是等了三个小时", "wait_time"),
        ("修得很好，就是太贵了", "price"),
    ],
)
def test_the_complaint_topic_comes_first(text: str, first_topic: str) -> None:
    assert analyze(text).topics[0] == first_topic


def test_evidence_quotes_the_complaint() -> None:
    result = analyze("The coffee was nice but the advisor was rude and the bill was way too high.")
    assert result.label == "negative"
    assert "rude" in " ".join(result.evidence)


def test_traditional_chinese_reads_like_simplified() -> None:
    assert analyze("服務態度很差").label == analyze("服务态度很差").label == "negative"
    assert analyze("非常滿意").label == "positive"


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("I dont like it", "i do not like it"),
        ("Wont come back, cant recommend", "will not come back, can not recommend"),
        ("isnt, wasnt, didnt", "is not, was not, did not"),
        ("I would've liked a call", "i would have liked a call"),
        ("cantonese wonton", "cantonese wonton"),
    ],
)
def test_contractions_typed_without_apostrophe_are_expanded(typed: str, read_as: str) -> None:
    assert normalize(typed) == read_as


def test_plain_statements_of_fact_are_neutral() -> None:
    """A fact read as a complaint would send a manager to a content customer."""
    misses = [
        f"{text!r}: {analyze(text).label}" for text in FACTS if analyze(text).label != "neutral"
    ]
    share = 1 - len(misses) / len(FACTS)
    assert share >= FACTS_REQUIRED_SHARE, "\n".join(misses)
