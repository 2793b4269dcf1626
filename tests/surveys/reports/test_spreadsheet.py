"""What a spreadsheet makes of an export's cells and headers: tables of cases."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import pytest

from surveys.reports import TemplateQuestions
from surveys.reports.export.columns import question_header, unique
from surveys.reports.export.csv_file import csv_cell
from surveys.reports.export.rows import Value
from surveys.reports.export.widths import (
    HEADER_ONE_LINE,
    MAX_WIDTH,
    PADDING,
    Widths,
    value_width,
    wrapped_lines,
)

HYPERLINK = '=HYPERLINK("http://example.invalid","点我")'


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        # A plain phone cannot run anything; written so that Excel shows it as it is.
        ("+8613800138000", '="+8613800138000"'),
        ("+14155550123", '="+14155550123"'),
        # Anything else that starts like a formula is kept as words by an apostrophe.
        (HYPERLINK, "'" + HYPERLINK),
        ("=1+1", "'=1+1"),
        ("+86 138 0013 8000", "'+86 138 0013 8000"),
        ("+86-138-0013-8000", "'+86-138-0013-8000"),
        ("+123", "'+123"),  # too short for a phone number
        ("+8613800138000=1", "'+8613800138000=1"),
        ('+8613800138000"', "'+8613800138000\""),
        ("+1234567890123456", "'+1234567890123456"),  # longer than E.164 allows
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-王小明", "'-王小明"),
        ("-1", "'-1"),
        ("@李伟", "'@李伟"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        # Ordinary values pass as they are.
        ("8613800138000", "8613800138000"),
        ("服务很好", "服务很好"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (5, 5),
        (-3, -3),
        (4.5, 4.5),
        (datetime(2026, 11, 2, 20, 0), "2026-11-02 20:00:00"),
        (date(2026, 11, 2), "2026-11-02"),
    ],
)
def test_csv_cells_never_run_and_phones_read_as_they_are(value: Value, cell: object) -> None:
    assert csv_cell(value) == cell


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


@pytest.mark.parametrize(
    ("value", "width"),
    [
        (None, 0),
        ("浦东店", 6),
        ("+8613800138000", 14),
        (10, 2),
        (4.5, 3),
        (datetime(2026, 11, 2, 20, 0), 19),
        (date(2026, 11, 2), 10),
        ("第一行\nsecond line", 11),
    ],
)
def test_how_wide_a_cell_shows(value: Value, width: int) -> None:
    assert value_width(value) == width


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("", 10, 1),
        ("Customer name", 13, 1),
        ("Customer name", 12, 2),
        ("Overall, how satisfied are you with your service visit?", 16, 4),
        ("提车时，价格、配置和赠品是否与约定一致？", 16, 3),
        ("averyveryverylongword", 10, 3),
    ],
)
def test_how_many_lines_a_header_wraps_onto(text: str, width: int, lines: int) -> None:
    assert wrapped_lines(text, width) == lines


def test_columns_fit_their_content_within_bounds() -> None:
    headers = [
        "Survey id",
        "Customer name",
        "Comment",
        "Overall satisfaction",
        "When you took delivery, were the price, options and extras exactly as agreed?",
    ]
    widths = Widths(headers)
    widths.measure(
        [[1, "王小明", "服务很好", 5, "Yes"], [2, "Alexandra Smith-Jones", "x" * 200, 4, None]]
    )
    fitted = widths.fitted()
    assert fitted[0] == len("Survey id") + PADDING  # the header is the widest
    assert fitted[1] == len("Alexandra Smith-Jones") + PADDING  # the widest content
    assert fitted[2] == MAX_WIDTH  # a long comment stops at the bound
    assert fitted[3] == HEADER_ONE_LINE + PADDING  # a header wider than its numbers wraps
    assert fitted[4] < len(headers[4])  # a long header wraps instead
    assert Widths.header_lines(headers, fitted) == 3
