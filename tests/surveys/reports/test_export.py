"""Exports: CSV with a BOM and Chinese intact, XLSX with the expected columns, phones for admins."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from surveys.reports import DeliveryExport, ReportScope, write_csv, write_xlsx
from surveys.storage import Database
from tests.surveys.reports.conftest import Sample
from tests.surveys.reports.seed import ZONE, Seed, local

#: The question columns' headers: a part's name, a touchpoint's, or the question's words.
SERVICE_QUESTIONS = [
    "Overall satisfaction",
    "Likelihood to recommend",
    "Reception",
    "Waiting time",
    "Price transparency",
    "Quality of work",
    "Staff attitude",
    "What disappointed you most?",
    "Comment",
]
SALE_ONLY = [
    "Product explanation",
    "Test drive",
    "Paperwork",
    "Delivery",
    "When you took delivery, were the price, options and extras exactly as agreed?",
]


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def _csv(sample: Sample, **options: object) -> bytes:
    buffer = io.BytesIO()
    await write_csv(sample.db, sample.scope(), buffer, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


async def test_csv_has_a_bom_and_chinese_intact(sample: Sample) -> None:
    rows = _csv_rows(await _csv(sample, language="zh"))
    assert len(rows) == 8
    first = rows[0]
    assert first["回访编号"] == str(sample.deliveries["d1"])
    assert first["客户姓名"] == "王小明"
    assert (first["门店"], first["员工"], first["文字评价"]) == ("浦东店", "李伟", "服务很好")
    assert first["业务日期"] == "2026-11-02"
    assert first["发送时间"] == "2026-11-02 20:00:00"
    assert (first["总体满意度"], first["推荐意愿"], first["接待"]) == ("5", "10", "5")
    assert "电话" not in first


async def test_csv_columns_in_english(sample: Sample) -> None:
    data = await _csv(sample, language="en")
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[:4] == ["Survey id", "Customer id", "Customer name", "Visit id"]
    answers = header[header.index("Completed at") + 1 : header.index("Text sentiment")]
    # in template order, each question once
    assert answers[:2] == ["Overall satisfaction", "Likelihood to recommend"]
    assert sorted(answers) == sorted(SERVICE_QUESTIONS + SALE_ONLY)
    assert header[-3:] == ["Topics", "Complaint status", "Complaint severity"]
    assert "Phone" not in header


async def test_answers_skips_sentiment_and_complaints(sample: Sample) -> None:
    rows = {row["Survey id"]: row for row in _csv_rows(await _csv(sample, language="en"))}
    d = {name: rows[str(number)] for name, number in sample.deliveries.items()}
    assert (d["d2"]["Text sentiment"], d["d2"]["Topics"]) == (
        "unhappy",
        "Waiting time and delays, Price and charges",
    )
    assert d["d7"]["Overall satisfaction"] == d["d7"]["Comment"] == "(skipped)"
    assert d["d7"]["Waiting time"] == ""  # never asked
    assert (d["d3"]["Complaint status"], d["d3"]["Complaint severity"]) == ("resolved", "high")
    assert d["d4"]["Product explanation"] == "3"
    assert d["d4"]["Reception"] == ""  # not a question of the sale survey
    assert d["d5"]["First answer at"] == ""
    assert (d["d6"]["Send status"], d["d8"]["Send status"]) == ("failed", "uncertain")
    assert d["d8"]["Staff"] == ""


async def test_phone_only_for_admins(sample: Sample) -> None:
    plain = _csv_rows(await _csv(sample, language="en"))
    assert all("Phone" not in row for row in plain)
    admin = _csv_rows(await _csv(sample, language="en", include_phone=True))
    # Excel would read a bare "+86..." as a number: a text formula shows it as it is.
    assert admin[0]["Phone"] == '="+8613800000000"'


async def test_batches_stream_the_same_rows(sample: Sample) -> None:
    small = await DeliveryExport.open(sample.db, sample.scope(), batch_size=3)
    sizes = [len(batch) async for batch in small.batches()]
    assert sizes == [3, 3, 2]
    whole = await DeliveryExport.open(sample.db, sample.scope())
    assert [row async for batch in small.batches() for row in batch] == [
        row async for batch in whole.batches() for row in batch
    ]


async def test_export_follows_the_filters(sample: Sample) -> None:
    buffer = io.BytesIO()
    scope = sample.scope(branch_ids=(sample.jingan,), template="post_sale")
    assert await write_csv(sample.db, scope, buffer, language="en") == 3
    rows = _csv_rows(buffer.getvalue())
    assert {row["Branch"] for row in rows} == {"静安店"}
    assert "Reception" not in rows[0]


async def test_xlsx_opens_with_the_expected_columns(sample: Sample, tmp_path: Path) -> None:
    path = tmp_path / "surveys.xlsx"
    assert await write_xlsx(sample.db, sample.scope(), path, language="zh") == 8
    book = load_workbook(path, read_only=True)
    try:
        sheet = book["surveys"]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    header = values[0]
    assert header[:3] == ["回访编号", "客户编号", "客户姓名"]
    assert "电话" not in header
    assert "总体满意度" in header
    assert "文字评价" in header
    assert len(values) == 9
    first = dict(zip(header, values[1], strict=False))  # empty trailing cells are not stored
    assert (first["门店"], first["员工"], first["文字评价"]) == ("浦东店", "李伟", "服务很好")
    assert first["总体满意度"] == 5
    assert first["业务日期"] == datetime(2026, 11, 2)
    assert first["发送时间"] == datetime(2026, 11, 2, 20, 0)


async def test_xlsx_phone_for_admins(sample: Sample) -> None:
    buffer = io.BytesIO()
    await write_xlsx(sample.db, sample.scope(), buffer, include_phone=True, language="en")
    book = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)
    try:
        rows = list(book["surveys"].iter_rows(values_only=True))
    finally:
        book.close()
    phone = rows[0].index("Phone")
    assert rows[1][phone] == "+8613800000000"


async def test_customer_words_never_become_formulas(db: Database, tmp_path: Path) -> None:
    seed = await Seed.create(db)
    words = '=HYPERLINK("http://example.invalid","点我")'
    await seed.survey(
        local(date(2026, 11, 3)),
        branch_id=None,
        staff="@李伟",
        name="-王\x0b小明",
        answers={"overall": 1, "comment": words},
        texts={"comment": ("negative", None)},
    )
    scope = ReportScope(date(2026, 11, 3), date(2026, 11, 3), ZONE)
    buffer = io.BytesIO()
    await write_csv(db, scope, buffer, language="en")
    row = _csv_rows(buffer.getvalue())[0]
    assert row["Comment"] == "'" + words
    assert row["Staff"] == "'@李伟"
    path = tmp_path / "x.xlsx"
    await write_xlsx(db, scope, path, language="en")
    book = load_workbook(path)
    try:
        sheet = book["surveys"]
        header = [c.value for c in sheet[1]]
        comment = sheet.cell(row=2, column=header.index("Comment") + 1)
        name = sheet.cell(row=2, column=header.index("Customer name") + 1)
        assert (comment.value, comment.data_type) == (words, "s")
        assert name.value == "-王小明"
    finally:
        book.close()


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
async def test_empty_export_has_the_header_only(db: Database, writer: object) -> None:
    scope = ReportScope(date(2026, 11, 3), date(2026, 11, 3), ZONE)
    buffer = io.BytesIO()
    assert await writer(db, scope, buffer) == 0  # type: ignore[operator]
    assert buffer.getvalue()


async def test_xlsx_reads_at_once_frozen_filtered_and_fitted(sample: Sample) -> None:
    buffer = io.BytesIO()
    await write_xlsx(sample.db, sample.scope(), buffer, include_phone=True, language="en")
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    try:
        sheet = book["surveys"]
        header = [c.value for c in sheet[1]]
        letters = {h: get_column_letter(i) for i, h in enumerate(header, start=1)}
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{letters[header[-1]]}9"  # the header, 8 rows
        assert all(cell.font.bold and cell.alignment.wrap_text for cell in sheet[1])

        def width(name: str) -> float:
            return float(sheet.column_dimensions[letters[name]].width)

        assert width("Phone") == len("+8613800000000") + 3
        assert width("Sent at") == len("2026-11-02 20:00:00") + 3
        assert width("Customer name") == len("Customer name") + 3
        assert width("Topics") == len("Waiting time and delays, Price and charges") + 3
        asked = "When you took delivery, were the price, options and extras exactly as agreed?"
        assert width(asked) < len(asked)  # it wraps, and the header row is tall enough
        assert sheet.row_dimensions[1].height == 45
        phone = sheet.cell(row=2, column=header.index("Phone") + 1)
        assert (phone.value, phone.data_type) == ("+8613800000000", "s")
    finally:
        book.close()


async def test_xlsx_widths_count_chinese_twice(sample: Sample) -> None:
    buffer = io.BytesIO()
    await write_xlsx(sample.db, sample.scope(), buffer, language="zh")
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    try:
        sheet = book["surveys"]
        letters = {c.value: get_column_letter(i) for i, c in enumerate(sheet[1], start=1)}
        assert sheet.column_dimensions[letters["问卷"]].width == len("售后服务回访") * 2 + 3
        assert sheet.auto_filter.ref is not None
    finally:
        book.close()


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_question_headers_do_not_follow_the_filters(sample: Sample, language: str) -> None:
    every = await DeliveryExport.open(sample.db, sample.scope(), language=language)
    sales = await DeliveryExport.open(
        sample.db, sample.scope(template="post_sale"), language=language
    )
    named = dict(zip(every.keys, every.headers, strict=True))
    assert len(set(every.headers)) == len(every.headers)
    for key, header in zip(sales.keys, sales.headers, strict=True):
        assert named[key] == header
    assert named["overall"] == ("总体满意度" if language == "zh" else "Overall satisfaction")


async def test_empty_xlsx_filters_its_header(db: Database) -> None:
    scope = ReportScope(date(2026, 11, 3), date(2026, 11, 3), ZONE)
    buffer = io.BytesIO()
    assert await write_xlsx(db, scope, buffer, language="en") == 0
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    try:
        sheet = book["surveys"]
        assert sheet.max_row == 1
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}1"
    finally:
        book.close()
