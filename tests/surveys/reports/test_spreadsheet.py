"""What a spreadsheet makes of an export's cells and headers: tables of cases."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from surveys.reports import TemplateQuestions
from surveys.reports.export.columns import question_header, unique


def _template(
    template_id: int,
    kinds: Mapping[str, str],
    *,
    csat: str | None = None,
    nps: str | None = None,
    touchpoints: Mapping[str, str] | None = None,
    wordings: Mapping[str, Mapping[str, str]] | None = None,
) -> TemplateQuestions:
    return TemplateQuestions(
        template_id=template_id,
        key=f"t{template_id}",
        questions=tuple(kinds),
        kinds=kinds,
        csat=csat,
        nps=nps,
        touchpoints=touchpoints or {},
        wordings=wordings or {},
    )


ASKED = {"en": "Was it as agreed?", "zh": "是否与约定一致？"}
SALE = _template(
    1,
    {"overall": "rating", "nps": "nps", "agreed": "yesno", "tour": "rating", "note": "text"},
    csat="overall",
    nps="nps",
    touchpoints={"tour": "test_drive"},
    wordings={"overall": {"en": "How was buying?"}, "agreed": ASKED, "tour": {"en": "The drive?"}},
)
SERVICE = _template(
    2,
    {"overall": "rating", "agreed": "yesno", "tour": "rating", "pick": "choice", "odd": "?"},
    csat="overall",
    touchpoints={"tour": "reception"},
    wordings={"overall": {"en": "How was the visit?"}, "agreed": {"en": "As agreed?"}},
)


@pytest.mark.parametrize(
    ("question", "templates", "language", "header"),
    [
        ("overall", [SALE, SERVICE], "en", "Overall satisfaction"),  # its part, whatever words
        ("overall", [SALE], "zh", "总体满意度"),
        ("nps", [SALE], "en", "Likelihood to recommend"),
        ("tour", [SALE], "en", "Test drive"),  # the touchpoint's name
        ("tour", [SALE], "zh", "试乘试驾"),
        ("tour", [SALE, SERVICE], "en", "Rating"),  # two touchpoints: neither name fits
        ("agreed", [SALE], "zh", "是否与约定一致？"),  # the question's own words
        ("agreed", [SALE], "fr", "Was it as agreed?"),
        ("agreed", [SALE, SERVICE], "en", "Yes or no"),  # worded two ways
        ("note", [SALE], "en", "Comment"),  # worded after earlier answers
        ("note", [SALE], "zh", "文字评价"),
        ("pick", [SERVICE], "en", "Choice"),
        ("odd", [SERVICE], "en", "Comment"),  # a type the reports do not know
    ],
)
def test_question_headers(
    question: str, templates: list[TemplateQuestions], language: str, header: str
) -> None:
    assert question_header(question, templates, language) == header


@pytest.mark.parametrize(
    ("headers", "language", "expected"),
    [
        (["Branch", "Staff"], "en", ("Branch", "Staff")),
        (
            ["Comment", "Rating", "Comment", "Comment"],
            "en",
            ("Comment", "Rating", "Comment (2)", "Comment (3)"),
        ),
        (["评分", "评分"], "zh", ("评分", "评分（2）")),
        (["Comment (2)", "Comment", "Comment"], "en", ("Comment (2)", "Comment", "Comment (3)")),
    ],
)
def test_headers_are_made_unique(
    headers: list[str], language: str, expected: tuple[str, ...]
) -> None:
    assert unique(headers, language) == expected
