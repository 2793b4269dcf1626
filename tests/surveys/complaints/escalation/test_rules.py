"""Escalation rules: the shipped rules, keywords, contradictions and rule-file errors, as tables."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from surveys.complaints.escalation import (
    DEFAULT_RULES_FILE,
    SEVERITIES,
    TOPIC_NAMES,
    Contradiction,
    Evidence,
    Keywords,
    RulesError,
    Verdict,
    after_clarification,
    clarify_question,
    default_rules,
    evaluate,
    load_rules,
    parse_evidence_condition,
    parse_rules,
    raise_severity,
)
from surveys.conversation.conditions import ConditionError
from surveys.conversation.definitions import QuestionType, load_templates
from surveys.i18n import say

RULES = default_rules()


def unhappy(
    text: str = "terrible", score: float = -0.9, topics: tuple[str, ...] = (), **scores: Any
) -> Evidence:
    return Evidence(text=text, text_label="negative", text_score=score, topics=topics, **scores)


def happy(text: str = "great, thanks", score: float = 0.9, **scores: Any) -> Evidence:
    return Evidence(text=text, text_label="positive", text_score=score, **scores)


def survey_ids() -> set[str]:
    """Evidence ids the shipped surveys can produce: touchpoints, choice and yes/no questions."""
    ids: set[str] = set()
    for template in load_templates().values():
        for question in template.questions:
            if question.touchpoint:
                ids.add(question.touchpoint)
            if question.type in (QuestionType.CHOICE, QuestionType.YESNO):
                ids.add(question.id)
    return ids


# --- the shipped file ---------------------------------------------------------------------------


def test_shipped_rules_load_with_a_deadline_for_every_severity() -> None:
    assert set(RULES.service_levels) == set(SEVERITIES)
    assert RULES.service_levels["critical"].around_the_clock
    assert not any(RULES.service_levels[s].around_the_clock for s in ("high", "medium", "low"))
    assert RULES.calendar.zone.key == "Asia/Shanghai"
    assert 2026 in RULES.calendar.holiday_years()
    assert default_rules() is RULES
    assert load_rules(DEFAULT_RULES_FILE).rules == RULES.rules


def test_shipped_rules_only_read_what_the_shipped_surveys_ask() -> None:
    ids = survey_ids()
    assert RULES.question_ids() <= ids
    assert load_rules(known=ids).rules == RULES.rules


def test_topic_names_cover_the_text_scorers_topics() -> None:
    from nlp import TOPICS

    assert set(TOPIC_NAMES) == set(TOPICS)


# --- severities ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "raised"),
    [("low", "medium"), ("medium", "high"), ("high", "critical"), ("critical", "critical")],
)
def test_raise_severity(severity: str, raised: str) -> None:
    assert raise_severity(severity) == raised


def test_severities_are_most_severe_first_and_unknown_ones_are_refused() -> None:
    assert SEVERITIES == ("critical", "high", "medium", "low")
    with pytest.raises(ValueError, match="unknown severity 'urgent'"):
        raise_severity("urgent")


# --- evaluation ---------------------------------------------------------------------------------

NO_COMPLAINT: tuple[str, ...] = ()


@pytest.mark.parametrize(
    ("evidence", "severity", "reasons"),
    [
        # every shipped rule
        pytest.param(Evidence(overall=1), "high", ("overall<=1", "overall<=2"), id="overall-1"),
        pytest.param(Evidence(overall=2), "medium", ("overall<=2",), id="overall-2"),
        pytest.param(Evidence(overall=3), None, NO_COMPLAINT, id="overall-3"),
        pytest.param(
            Evidence(yes_no={"as_agreed": False}), "medium", ("not_as_agreed",), id="not-as-agreed"
        ),
        pytest.param(Evidence(yes_no={"as_agreed": True}), None, NO_COMPLAINT, id="as-agreed"),
        pytest.param(
            unhappy(nps=6),
            "medium",
            ("nps<=6+negative_text", "negative_text"),
            id="detractor-with-unhappy-text",
        ),
        pytest.param(unhappy(nps=7), "low", ("negative_text",), id="passive-with-unhappy-text"),
        pytest.param(Evidence(nps=0), None, NO_COMPLAINT, id="detractor-without-text"),
        pytest.param(
            unhappy(topics=("work_quality",)),
            "medium",
            ("negative_text+work_quality", "negative_text"),
            id="unhappy-about-the-work",
        ),
        pytest.param(
            unhappy(topics=("wait_time", "work_quality")),
            "medium",
            ("negative_text+work_quality", "negative_text"),
            id="work-quality-among-topics",
        ),
        pytest.param(
            unhappy(topics=("wait_time",)), "low", ("negative_text",), id="unhappy-about-the-wait"
        ),
        pytest.param(
            unhappy(text="等了三个小时", overall=5, nps=10),
            "low",
            ("negative_text",),
            id="unhappy-text-whatever-the-score",
        ),
        pytest.param(unhappy(), "low", ("negative_text",), id="own-message-without-survey"),
        pytest.param(
            Evidence(ratings={"reception": 5, "waiting_time": 1}),
            "low",
            ("touchpoint_rated_1",),
            id="touchpoint-rated-1",
        ),
        pytest.param(Evidence(ratings={"waiting_time": 2}), None, NO_COMPLAINT, id="rated-2"),
        # happy customers and skipped answers
        pytest.param(
            happy(overall=5, nps=10, ratings={"reception": 5}, yes_no={"as_agreed": True}),
            None,
            NO_COMPLAINT,
            id="happy",
        ),
        pytest.param(happy(overall=3, nps=7), None, NO_COMPLAINT, id="middling-but-kind"),
        pytest.param(
            Evidence(overall=4, text="ok", text_label="neutral", text_score=0.0),
            None,
            NO_COMPLAINT,
            id="neutral-text",
        ),
        pytest.param(Evidence(), None, NO_COMPLAINT, id="everything-skipped"),
        pytest.param(Evidence(nps=10), None, NO_COMPLAINT, id="overall-skipped"),
        pytest.param(
            Evidence(text="刹车有点软", text_label=None, text_score=None),
            "critical",
            ("keyword:刹车",),
            id="keyword-without-sentiment",
        ),
        # the most severe match wins; reasons most severe first, then in file order
        pytest.param(
            Evidence(overall=1, ratings={"delivery": 1}, yes_no={"as_agreed": False}),
            "high",
            ("overall<=1", "overall<=2", "not_as_agreed", "touchpoint_rated_1"),
            id="most-severe-wins",
        ),
        pytest.param(
            unhappy(text="我要打12315投诉，刹车有问题", overall=2, nps=1),
            "critical",
            (
                "keyword:12315",
                "keyword:投诉",
                "keyword:刹车",
                "overall<=2",
                "nps<=6+negative_text",
                "negative_text",
            ),
            id="keywords-beat-everything",
        ),
    ],
)
def test_evaluate_shipped_rules(
    evidence: Evidence, severity: str | None, reasons: tuple[str, ...]
) -> None:
    verdict = evaluate(RULES, evidence)
    assert verdict.severity == severity
    assert verdict.complaint is (severity is not None)
    assert verdict.reasons == reasons
    assert verdict.keywords == tuple(
        r.removeprefix("keyword:") for r in reasons if r.startswith("keyword:")
    )


# --- critical keywords --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # both languages, inside longer text, case and width
        ("The brakes squeal since the service", ("brakes",)),
        ("BRAKES!!", ("brakes",)),
        ("ＢＲＡＫＥＳ fail", ("brakes",)),
        ("I want a refund or I call my lawyer", ("refund", "lawyer")),
        ("Refunded? Never.", ("refund",)),
        ("the airbag light is on", ("airbag",)),
        ("smoke from the engine after the repair", ("smoke",)),
        ("保养后刹车有异响", ("刹车",)),
        ("再不解决我就去12315投诉", ("12315", "投诉")),
        ("打１２３１５", ("12315",)),
        ("发动机舱冒烟了，差点起火", ("冒烟", "起火")),
        ("气囊灯一直亮", ("气囊",)),
        ("我要找媒体曝光你们", ("媒体", "曝光")),
        ("已经请了律师准备起诉", ("律师", "起诉")),
        ("刹车brakes都不行", ("刹车", "brakes")),
        ("车子开着不安全", ("安全",)),
        ("没有退款", ("退款",)),
        # English word boundaries
        ("the brakesman was rude", ()),
        ("the firewall of the app", ()),
        ("my number is 13812315678", ()),
        ("plate 京A12345", ()),
        ("great multimedia system", ()),
        # phrases that contain a keyword but are no alarm
        ("车开着很有安全感", ()),
        ("祝您用车愉快，注意安全", ()),
        ("free safety check, thank you", ()),
        ("多媒体很好用", ()),
        # a denied problem clears any keyword
        ("no safety issue, all good", ()),
        ("there are no safety issues", ()),
        ("It isn't a brake problem, it is the tyres", ()),
        ("without any safety-related concerns", ()),
        ("没有安全问题", ()),
        ("无安全隐患", ()),
        ("刹车没问题，就是等太久", ()),
        ("安全方面没有任何问题", ()),
        # ... but a plain negation is itself the complaint
        ("the car has no brakes", ("brakes",)),
        ("still no refund after two weeks", ("refund",)),
        ("the car doesn't brake properly", ("brake",)),
        ("没有刹车的感觉", ("刹车",)),
        # each occurrence and clause alone
        ("no safety issue, but the brakes squeal", ("brakes",)),
        ("No, safety issues everywhere", ("safety",)),
        ("no brake problem. the brakes squeal", ("brakes",)),
        # declining an action clears it; declining a danger does not
        ("I don't need a refund, just an apology", ()),
        ("no need for a lawyer, just call me", ()),
        ("不是投诉，只是建议", ()),
        ("我不想投诉，但希望改进", ()),
        ("不需要退款", ()),
        ("they didn't want to refund me", ("refund",)),
        ("他们不想退款", ("退款",)),
        ("他们也不想退款", ("退款",)),
        ("我也不想投诉，只是提个醒", ()),
        ("这并不是投诉", ()),
        ("I don't want the brakes to fail again", ("brakes",)),
    ],
)
def test_critical_keywords(text: str, found: tuple[str, ...]) -> None:
    assert RULES.keywords.find(text) == found
    verdict = evaluate(RULES, Evidence(overall=5, text=text))
    assert verdict.keywords == found
    assert (verdict.severity == "critical") is bool(found)


def test_a_trailing_star_matches_any_ending_and_plain_words_only_themselves() -> None:
    assert Keywords(["brake*"]).find("the brakesman") == ("brake",)
    assert Keywords(["brake"]).find("the brakesman") == ()
    assert Keywords(["legal action"]).find("I will take LEGAL   action") == ("legal action",)


# --- contradictions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        pytest.param(
            unhappy("等了三个小时", topics=("wait_time",), nps=9),
            Contradiction("high_score_unhappy_text", "9/10", "wait_time"),
            id="nps-9-unhappy",
        ),
        pytest.param(
            unhappy(overall=5),
            Contradiction("high_score_unhappy_text", "5/5", None),
            id="overall-5-unhappy-no-topic",
        ),
        pytest.param(
            unhappy(overall=4, nps=10, topics=("price", "wait_time")),
            Contradiction("high_score_unhappy_text", "4/5", "price"),
            id="overall-shown-first",
        ),
        pytest.param(
            happy(overall=2),
            Contradiction("low_score_happy_text", "2/5", None),
            id="overall-2-happy",
        ),
        pytest.param(
            happy(nps=4, overall=3),
            Contradiction("low_score_happy_text", "4/10", None),
            id="nps-4-happy",
        ),
        pytest.param(unhappy(score=-0.3, nps=9), None, id="mildly-unhappy-is-not-clear"),
        pytest.param(
            Evidence(nps=9, text="hmm", text_label="negative"), None, id="no-score-not-clear"
        ),
        pytest.param(happy(score=0.3, overall=1), None, id="mildly-happy-is-not-clear"),
        pytest.param(unhappy(overall=5, nps=2), None, id="scores-disagree-too"),
        pytest.param(unhappy(overall=3), None, id="middling-score"),
        pytest.param(unhappy(nps=8), None, id="nps-8-is-not-high"),
        pytest.param(happy(nps=5), None, id="nps-5-is-not-low"),
        pytest.param(happy(overall=5, nps=10), None, id="happy-and-high"),
        pytest.param(unhappy(overall=1), None, id="unhappy-and-low"),
        pytest.param(
            unhappy("the brakes squeal", nps=10), None, id="critical-is-never-held-for-a-question"
        ),
    ],
)
def test_contradictions(evidence: Evidence, expected: Contradiction | None) -> None:
    assert evaluate(RULES, evidence).contradiction == expected


def test_a_contradiction_without_a_complaint_still_asks() -> None:
    verdict = evaluate(RULES, happy(nps=3))
    assert verdict == Verdict(
        False, None, contradiction=Contradiction("low_score_happy_text", "3/10")
    )


@pytest.mark.parametrize(
    ("contradiction", "language", "question"),
    [
        (
            Contradiction("high_score_unhappy_text", "9/10", "wait_time"),
            "en",
            "You gave us 9/10 but mentioned the wait. Would you like a manager to contact you?",
        ),
        (
            Contradiction("high_score_unhappy_text", "9/10", "wait_time"),
            "zh",
            "您给了我们 9 分（满分 10 分），但提到了等待时间。需要门店负责人联系您吗？",
        ),
        (
            Contradiction("high_score_unhappy_text", "5/5", None),
            "en",
            "You gave us 5/5, but your comment sounds unhappy. "
            "Would you like a manager to contact you?",
        ),
        (
            Contradiction("high_score_unhappy_text", "5/5", "no_such_topic"),
            "zh",
            "您给了我们 5 分（满分 5 分），但留言里似乎有不满意的地方。需要门店负责人联系您吗？",
        ),
        (
            Contradiction("low_score_happy_text", "2/5", "price"),
            "en",
            "You gave us 2/5, but your comment sounds happy. "
            "Would you like a manager to contact you?",
        ),
        (
            Contradiction("low_score_happy_text", "3/10", None),
            "zh-CN",
            "您给了我们 3 分（满分 10 分），但您的留言听起来挺满意。需要门店负责人联系您吗？",
        ),
    ],
)
def test_clarify_question(contradiction: Contradiction, language: str, question: str) -> None:
    assert clarify_question(contradiction, language) == question


@pytest.mark.parametrize("topic", sorted(TOPIC_NAMES))
def test_every_topic_is_named_in_both_languages(topic: str) -> None:
    contradiction = Contradiction("high_score_unhappy_text", "10/10", topic)
    name = TOPIC_NAMES[topic]
    assert f"mentioned {say(name, 'en')}." in clarify_question(contradiction, "en")
    assert f"提到了{say(name, 'zh')}。" in clarify_question(contradiction, "zh")
    assert say(name, "zh") != say(name, "en")


def test_after_clarification() -> None:
    asked = evaluate(RULES, happy(nps=3))
    assert after_clarification(asked, wants_contact=True) == Verdict(
        True, "low", ("asked_for_contact",)
    )
    assert after_clarification(asked, wants_contact=False) == Verdict(False, None)
    medium = evaluate(RULES, happy(overall=2))
    assert medium.severity == "medium"
    assert medium.contradiction is not None
    confirmed = after_clarification(medium, wants_contact=True)
    assert (confirmed.severity, confirmed.reasons) == (
        "medium",
        ("overall<=2", "asked_for_contact"),
    )
    declined = after_clarification(medium, wants_contact=False)
    assert (declined.complaint, declined.severity, declined.reasons) == (
        False,
        None,
        ("overall<=2",),
    )


# --- the condition language over evidence -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence", "holds"),
    [
        ("text_negative", unhappy(), True),
        ("text_negative", happy(), False),
        ("text_positive", happy(), True),
        ("not text_positive", Evidence(), True),
        ("topic(price)", unhappy(topics=("wait_time", "price")), True),
        ("topic(price)", unhappy(topics=("wait_time",)), False),
        ("any_rating <= 2", Evidence(ratings={"a": 5, "b": 2}), True),
        ("any_rating <= 2", Evidence(ratings={"a": 5, "b": 3}), False),
        ("any_rating <= 2", Evidence(), False),
        ("any_rating == 5", Evidence(ratings={"a": 5, "b": 1}), True),
        ("as_agreed == no", Evidence(yes_no={"as_agreed": False}), True),
        ("as_agreed == yes", Evidence(yes_no={"as_agreed": False}), False),
        ("as_agreed == no", Evidence(), False),
        ("main_problem == price", Evidence(choices={"main_problem": "price"}), True),
        ("answered(main_problem)", Evidence(choices={"main_problem": "price"}), True),
        ("skipped(overall)", Evidence(nps=3), True),
        ("overall <= 2 or nps <= 6", Evidence(nps=6), True),
        ("waiting_time <= 2", Evidence(ratings={"waiting_time": 2}), True),
        (
            "nps <= 6 and (topic(price) or any_rating <= 2) and not text_positive",
            unhappy(topics=("price",), nps=4),
            True,
        ),
        ("text_negative and text_positive", unhappy(), False),
    ],
)
def test_evidence_conditions(text: str, evidence: Evidence, holds: bool) -> None:
    rules = parse_rules(_data(rules=[{"reason": "r", "when": text, "severity": "low"}]), "t.yaml")
    assert evaluate(rules, evidence).complaint is holds


def test_evidence_predicates_need_evidence() -> None:
    with pytest.raises(TypeError, match="evaluate"):
        parse_evidence_condition("text_negative").evaluate({"overall": 1})


@pytest.mark.parametrize(
    ("text", "problem"),
    [("topic(", "ends too early"), ("any_rating <= bad", "number"), ("text_negative nps", "nps")],
)
def test_evidence_conditions_that_do_not_parse(text: str, problem: str) -> None:
    with pytest.raises(ConditionError, match=problem):
        parse_evidence_condition(text)


# --- evidence -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"overall": 6}, "overall must be a whole number from 1 to 5"),
        ({"overall": 0}, "overall"),
        ({"overall": True}, "overall"),
        ({"nps": 11}, "nps must be a whole number from 0 to 10"),
        ({"ratings": {"reception": 0}}, "rating 'reception'"),
        ({"choices": {"main_problem": 3}}, "option ids"),
        ({"yes_no": {"as_agreed": "no"}}, "True or False"),
        ({"ratings": {"x": 3}, "choices": {"x": "a"}}, "'x' appears twice"),
        ({"ratings": {"overall": 3}}, "cannot be an answer id"),
        ({"choices": {"topic": "price"}}, "cannot be an answer id"),
        ({"text_label": "angry"}, "text_label"),
        ({"text_score": 1.5}, "text_score"),
        ({"text_score": float("nan")}, "text_score"),
    ],
)
def test_evidence_refuses_what_cannot_be_an_answer(kwargs: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Evidence(**kwargs)


def test_evidence_is_immutable() -> None:
    ratings = {"reception": 4}
    evidence = Evidence(ratings=ratings, topics=["price"])  # type: ignore[arg-type]
    ratings["reception"] = 1
    assert evidence.ratings == {"reception": 4}
    assert evidence.topics == ("price",)
    with pytest.raises(TypeError):
        evidence.ratings["reception"] = 1  # type: ignore[index]


# --- rule files ---------------------------------------------------------------------------------


def _data(**changes: Any) -> dict[str, Any]:
    """The shipped rule file as data, with sections replaced."""
    data = yaml.safe_load(DEFAULT_RULES_FILE.read_text(encoding="utf-8"))
    data.update(changes)
    return dict(data)


def _mutate(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    data = copy.deepcopy(_data())
    change(data)
    return data


def _rule(number: int, **fields: Any) -> Callable[[dict[str, Any]], object]:
    def change(data: dict[str, Any]) -> None:
        rule = data["rules"][number - 1]
        for key, value in fields.items():
            if value is None:
                del rule[key]
            else:
                rule[key] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_rule(2, severity="urgent"), r"rule 2: 'severity': unknown severity 'urgent'"),
        (_rule(3, when=None), r"rule 3: missing 'when'"),
        (_rule(1, reason=None), r"rule 1: missing 'reason'"),
        (_rule(1, severty="low"), r"rule 1: unknown key\(s\) \['severty'\]"),
        (_rule(2, when="overall <="), r"rule 2: 'when': condition ends too early"),
        (_rule(2, when="overall << 2"), r"rule 2: 'when': "),
        (_rule(2, when=3), r"rule 2: 'when' must be a condition"),
        (_rule(4, when="text_negative == yes"), r"rule 4: 'when': text_negative stands alone"),
        (_rule(4, when="topic == price"), r"rule 4: 'when': write topic\(ID\)"),
        (_rule(4, when="answered(any_rating)"), r"rule 4: 'when': write any_rating with"),
        (_rule(5, when="topic(pricing)"), r"rule 5: 'when': unknown topic 'pricing'"),
        (_rule(1, when="overall <= 7"), r"rule 1: 'when': overall is a number from 1 to 5"),
        (_rule(1, when="nps <= 11"), r"rule 1: 'when': nps is a number from 0 to 10"),
        (_rule(1, when="overall == bad"), r"rule 1: 'when': overall is a number"),
        (_rule(7, when="any_rating <= 0"), r"rule 7: 'when': any_rating compares with a rating"),
        (_rule(2, reason="overall<=1"), r"rule 2: reason 'overall<=1' is used by an earlier rule"),
        (_rule(2, reason="two words"), r"rule 2: 'reason' must be a short code"),
        (lambda d: d["rules"].insert(2, "overall <= 2"), r"rule 3: must be a mapping"),
        (lambda d: d.update(rules={"a": 1}), r"'rules' must be a list"),
        (lambda d: d.pop("deadlines"), r"missing section 'deadlines'"),
        (lambda d: d.update(escalate={}), r"unknown section\(s\) \['escalate'\]"),
        (lambda d: d["deadlines"].pop("low"), r"deadlines: missing 'low'"),
        (
            lambda d: d["deadlines"]["high"].update(acknowledge="4 hours"),
            r"deadlines.high.acknowledge: '4 hours' is not a duration",
        ),
        (
            lambda d: d["deadlines"]["high"].update(acknowledge=4),
            r"deadlines.high.acknowledge must be a duration",
        ),
        (
            lambda d: d["deadlines"]["low"].update(clock="always"),
            r"deadlines.low.clock must be business_hours or around_the_clock",
        ),
        (
            lambda d: d["deadlines"]["medium"].update(resolve="4h"),
            r"deadlines.medium: 'resolve' is shorter than 'acknowledge'",
        ),
        (
            lambda d: d["business_hours"].update(closes=1080),
            r'business_hours.closes must be a time in quotes, e.g. "18:00"',
        ),
        (
            lambda d: d["business_hours"].update(opens="25:00"),
            r"business_hours.opens: '25:00' is not a time of day",
        ),
        (
            lambda d: d["business_hours"].update(opens="19:00"),
            r"business_hours: opening hours must close after they open",
        ),
        (
            lambda d: d["business_hours"].update(days=["mon", "funday"]),
            r"business_hours.days: 'funday' is not a day of the week",
        ),
        (lambda d: d["business_hours"].pop("opens"), r"business_hours: missing 'opens'"),
        (
            lambda d: d["business_hours"]["holidays"].append("2026-13-01"),
            r"business_hours.holidays: '2026-13-01' is not a date",
        ),
        (
            lambda d: d["business_hours"]["holidays"].append("2026-12-31..2026-12-24"),
            r"business_hours.holidays: '2026-12-31..2026-12-24' must run forward",
        ),
        (
            lambda d: d["business_hours"]["extra_working_days"].append("2026-10-02"),
            r"business_hours: 2026-10-02: a date cannot be both a holiday and a working day",
        ),
        (
            lambda d: d["critical_keywords"]["danger"]["zh"].append("刹*"),
            r"critical_keywords.danger: '刹\*': a trailing \* is for English words only",
        ),
        (
            lambda d: d["critical_keywords"]["action"]["en"].append("Brakes"),
            r"critical_keywords: 'Brakes' is listed twice",
        ),
        (
            lambda d: d["critical_keywords"]["danger"].update(fr=["frein"]),
            r"critical_keywords.danger: unknown key\(s\) \['fr'\]",
        ),
        (
            lambda d: d.update(critical_keywords={"danger": {}, "action": {}}),
            r"critical_keywords lists no keyword",
        ),
        (
            lambda d: d["contradiction"].update(unhappy_text_score=0.2),
            r"contradiction.unhappy_text_score must be below 0 and at least -1",
        ),
        (
            lambda d: d["contradiction"].update(happy_text_score="high"),
            r"contradiction.happy_text_score must be a number",
        ),
    ],
)
def test_rule_file_errors_name_the_file_the_rule_and_the_problem(
    change: Callable[[dict[str, Any]], object], message: str
) -> None:
    with pytest.raises(RulesError, match=r"^custom\.yaml: " + message):
        parse_rules(_mutate(change), "custom.yaml")


def test_rule_errors_carry_their_parts() -> None:
    with pytest.raises(RulesError) as caught:
        parse_rules(_mutate(_rule(2, severity="urgent")), "custom.yaml")
    assert (caught.value.source, caught.value.rule) == ("custom.yaml", 2)
    assert caught.value.problem.startswith("'severity'")


def test_known_ids_catch_conditions_that_could_never_hold() -> None:
    data = _mutate(_rule(3, when="as_agred == no"))
    assert parse_rules(data, "custom.yaml").question_ids() == {"as_agred"}
    with pytest.raises(RulesError, match=r"rule 3: 'when': 'as_agred' is not a touchpoint"):
        parse_rules(data, "custom.yaml", known=survey_ids())


def test_a_deployment_file_replaces_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    data = _data(
        rules=[{"reason": "detractor", "when": "nps <= 6", "severity": "high"}],
        critical_keywords={"danger": {"en": ["recall"]}},
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rules = load_rules(path)
    assert rules.source == "rules.yaml"
    assert evaluate(rules, Evidence(nps=5)) == Verdict(True, "high", ("detractor",))
    assert evaluate(rules, Evidence(overall=1, text="刹车")).complaint is False
    assert evaluate(rules, Evidence(text="a recall letter")).severity == "critical"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("rules: [", r"^broken\.yaml: not valid YAML"),
        ("- just a list", r"^broken\.yaml: the file must hold a mapping"),
        (b"\xff\xfe", r"^broken\.yaml: cannot read the file"),
    ],
)
def test_unreadable_rule_files(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = tmp_path / "broken.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load_rules(path)


def test_a_missing_rule_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"^absent\.yaml: cannot read the file"):
        load_rules(tmp_path / "absent.yaml")
