"""Survey templates: the shipped ones are valid, and broken ones are reported precisely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from surveys.conversation.definitions import (
    QuestionType,
    TemplateError,
    load_template_file,
    load_templates,
    parse_template,
)


def test_shipped_templates_load() -> None:
    templates = load_templates()
    assert set(templates) >= {"post_sale", "post_service"}
    for template in templates.values():
        assert template.question_with_role("csat") is not None
        assert template.question_with_role("nps") is not None
        types = {q.type for q in template.questions}
        assert {QuestionType.RATING, QuestionType.NPS, QuestionType.TEXT} <= types


@pytest.mark.parametrize("key", ["post_sale", "post_service"])
@pytest.mark.parametrize(
    ("answers", "wording"),
    [
        ({"overall": 1, "nps": 2}, "What went wrong?"),
        ({"overall": 5, "nps": 3}, "What went wrong?"),
        ({"overall": 3, "nps": 9}, "What would have made"),
        ({"overall": 5, "nps": 10}, "Anything we could do even better?"),
        ({"overall": None, "nps": None}, "Anything we could do even better?"),
    ],
)
def test_comment_wording_follows_the_scores(
    key: str, answers: dict[str, Any], wording: str
) -> None:
    template = load_templates()[key]
    assert wording in template.question("comment").text("en", answers)


def test_low_scores_ask_for_the_main_problem_and_high_scores_do_not() -> None:
    template = load_templates()["post_service"]
    unhappy = template.next_question({"overall": 2, "nps": 8}, after="staff_attitude")
    happy = template.next_question({"overall": 5, "nps": 10}, after="staff_attitude")
    assert unhappy is not None
    assert unhappy.id == "main_problem"
    assert happy is not None
    assert happy.id == "comment"
    assert template.next_question({}, after="comment") is None


def test_chinese_texts_exist_for_every_question() -> None:
    for template in load_templates().values():
        for question in template.questions:
            zh = question.text("zh", {})
            assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), question.id


def _valid() -> dict[str, Any]:
    return {
        "key": "sample",
        "title": {"zh": "标题", "en": "Title"},
        "intro": {"zh": "你好", "en": "Hello"},
        "thanks": {"zh": "谢谢", "en": "Thanks"},
        "questions": [
            {
                "id": "overall",
                "type": "rating",
                "role": "csat",
                "text": {"zh": "满意吗", "en": "OK?"},
            },
            {"id": "comment", "type": "text", "text": {"zh": "说说", "en": "Tell us"}},
        ],
    }


def _broken(path: list[Any], value: Any) -> dict[str, Any]:
    data = _valid()
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "question", "problem"),
    [
        (["questions", 0, "type"], "stars", "overall", "unknown type 'stars'"),
        (["questions", 0, "text"], "plain string", "overall", "must give every language"),
        (["questions", 0, "text"], {"zh": "满意吗"}, "overall", "no 'en' text"),
        (["questions", 1, "when"], "overall <=", "comment", "'when': condition ends too early"),
        (["questions", 1, "when"], "later <= 2", "comment", "not an earlier question"),
        (["questions", 0, "when"], "comment == yes", "overall", "not an earlier question"),
        (["questions", 1, "id"], "overall", "overall", "duplicate question id"),
        (["questions", 0, "scale"], 50, "overall", "'scale' must be"),
        (["questions", 0, "role"], "boss", "overall", "unknown role"),
        (["questions", 1, "role"], "csat", "comment", "role csat needs a rating"),
        (["questions", 0, "colour"], "red", "overall", "unknown key(s) ['colour']"),
        (["questions", 0, "text"], _DELETE, "overall", "missing 'text'"),
        (["questions", 1, "type"], "choice", "comment", "needs 'options'"),
    ],
)
def test_question_errors_name_the_question(
    path: list[Any], value: Any, question: str, problem: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template(_broken(path, value), "sample.yaml")
    assert caught.value.question == question
    assert problem in str(caught.value)
    assert str(caught.value).startswith(f"sample.yaml: question {question!r}: ")


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (["key"], "Bad Key", "'key' must be"),
        (["questions"], [], "non-empty list"),
        (["thanks"], _DELETE, "missing 'thanks'"),
        (["thanks"], [{"when": "overall <= 2", "zh": "a", "en": "b"}], "fallback"),
        (["surprise"], 1, r"unknown key\(s\)"),
    ],
)
def test_template_errors(path: list[Any], value: Any, problem: str) -> None:
    with pytest.raises(TemplateError, match=problem):
        parse_template(_broken(path, value), "sample.yaml")


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    bad_yaml = tmp_path / "broken.yaml"
    bad_yaml.write_text("key: [unclosed", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"^broken\.yaml: not valid YAML"):
        load_template_file(bad_yaml)
    misnamed = tmp_path / "other.yaml"
    misnamed.write_text(yaml.safe_dump(_valid(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(TemplateError, match="named for 'other'"):
        load_template_file(misnamed)


def test_checksum_changes_with_content() -> None:
    first = parse_template(_valid(), "a.yaml")
    changed = _valid()
    changed["intro"]["en"] = "Hi"
    assert parse_template(changed, "a.yaml").checksum != first.checksum
    assert parse_template(_valid(), "a.yaml").checksum == first.checksum
