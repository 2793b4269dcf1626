"""Reading XLSX import files: typed cells, row numbers, the first sheet, damaged workbooks."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from surveys.importing import EventFile, EventRecord, ImportFileError, RowError, open_events

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
HEADER = [
    "event_id",
    "event_type",
    "occurred_at",
    "customer_id",
    "customer_name",
    "phone",
    "language",
    "branch",
    "staff",
    "vehicle",
]

Result = EventRecord | RowError


def write_xlsx(path: Path, rows: list[list[Any]], *, title: str = "Events") -> Path:
    """A workbook whose first sheet holds ``rows`` from row 1; [] leaves a row empty."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
    book.save(path)
    return path


def open_file(path: Path, **overrides: Any) -> EventFile:
    options: dict[str, Any] = {"timezone": SHANGHAI, "default_region": "CN", "now": NOW}
    options.update(overrides)
    return open_events(path, **options)


def read_all(path: Path) -> list[Result]:
    with open_file(path) as events:
        return list(events)


def records(results: list[Result]) -> list[EventRecord]:
    found = [result for result in results if isinstance(result, EventRecord)]
    assert len(found) == len(results), results
    return found


def test_typed_cells(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "events.xlsx",
        [
            HEADER,
            ["E1", "sale", datetime(2026, 11, 29, 10, 15), "C1", "张伟", 13800138000, "zh"],
            ["E2", "service", "2026/11/29 10:15", 10023, "Li", 13900139000.0, None, "Pudong"],
            [1001, "售后", datetime(2026, 11, 29, 23, 59, 59), 10024.0, None, "+44 7911 123456"],
        ],
    )
    with open_file(path) as events:
        assert (events.format, events.encoding, events.delimiter) == ("xlsx", None, None)
        first, second, third = records(list(events))
    assert first.line == 2
    assert first.occurred_at == datetime(2026, 11, 29, 2, 15, tzinfo=UTC)
    assert first.phone == "+8613800138000"
    assert first.customer_name == "张伟"
    assert second.customer_id == "10023"
    assert second.phone == "+8613900139000"
    assert second.occurred_at == datetime(2026, 11, 29, 2, 15, tzinfo=UTC)
    assert (second.language, second.branch) == (None, "Pudong")
    assert (third.event_id, third.customer_id, third.event_type) == ("1001", "10024", "service")
    assert third.occurred_at == datetime(2026, 11, 29, 15, 59, 59, tzinfo=UTC)
    assert third.customer_name == ""


def test_row_numbers_count_empty_rows(tmp_path: Path) -> None:
    good = ["E1", "sale", "2026-11-29 10:15", "C1"]
    path = write_xlsx(
        tmp_path / "events.xlsx",
        [
            [],
            HEADER,
            good,
            [],
            [],
            ["E2", "sale", "not a date", "C2"],
            [None, "", "  "],
            ["E1", "sale", "2026-11-29 10:15", "C3"],
        ],
    )
    with open_file(path) as events:
        assert events.header_line == 2
        results = list(events)
    assert results[0].line == 3
    assert results[1:] == [
        RowError(6, "occurred_at: 'not a date' is not a date and time (expected YYYY-MM-DD HH:MM)"),
        RowError(8, "event_id: 'E1' already used on line 3"),
    ]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (
            datetime(2030, 1, 1, 9, 0),
            "occurred_at: '2030-01-01 09:00:00' is more than 1 day in the future",
        ),
        (46000.25, "occurred_at: '46000.25' is not a date and time (expected YYYY-MM-DD HH:MM)"),
        (True, "occurred_at: 'TRUE' is not a date and time (expected YYYY-MM-DD HH:MM)"),
    ],
)
def test_typed_cell_errors(tmp_path: Path, value: Any, reason: str) -> None:
    path = write_xlsx(tmp_path / "events.xlsx", [HEADER, ["E1", "sale", value, "C1"]])
    assert read_all(path) == [RowError(2, reason)]


def test_number_phone_that_is_not_valid(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "events.xlsx", [HEADER, ["E1", "sale", "2026-11-29 10:15", "C1", None, 12345]]
    )
    assert read_all(path) == [
        RowError(2, "phone: '12345' is not a valid phone number (local number without area code)")
    ]


def test_chinese_headers_title_row_and_extra_columns(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "events.xlsx",
        [
            ["2026年11月售后回访名单"],
            ["工单号", "业务类型", "日期", "客户编号", "姓名", "手机", "备注", "车型"],
            [
                "W-1",
                "服务",
                datetime(2026, 11, 28, 16, 0),
                "K1",
                "王芳",
                13800138000,
                "急",
                "凯美瑞",
            ],
            ["W-2", "售后", datetime(2026, 11, 28, 17, 0), "K2", "刘洋", None, None, None, "x"],
        ],
    )
    with open_file(path) as events:
        assert events.header_line == 2
        found = records(list(events))
        assert tuple(map(str, events.warnings)) == (
            "skipped 1 row above the header (line 1)",
            "ignored unknown column: '备注'",
            "1 row has more cells than the header (first on line 4); the extra cells were ignored",
        )
    assert [record.event_type for record in found] == ["service", "service"]
    assert found[0].vehicle == "凯美瑞"
    assert found[1].phone is None


def test_only_the_first_sheet_is_read(tmp_path: Path) -> None:
    path = tmp_path / "events.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.append(HEADER)
    first.append(["E1", "sale", "2026-11-29 10:15", "C1"])
    second = book.create_sheet("Other")
    second.append(HEADER)
    second.append(["E9", "sale", "2026-11-29 10:15", "C9"])
    book.active = 1  # the workbook opens on the second sheet
    book.save(path)
    assert [record.event_id for record in records(read_all(path))] == ["E1"]


def test_format_comes_from_content_not_name(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "export.csv", [HEADER, ["E1", "sale", "2026-11-29 10:15", "C1"]])
    with open_file(path) as events:
        assert events.format == "xlsx"
        assert len(records(list(events))) == 1


def test_many_rows_stream(tmp_path: Path) -> None:
    rows: list[list[Any]] = [HEADER]
    rows += [[f"E{i}", "sale", datetime(2026, 11, 1, 9, 0), f"C{i}"] for i in range(2_000)]
    path = write_xlsx(tmp_path / "events.xlsx", rows)
    found = records(read_all(path))
    assert [record.line for record in found] == list(range(2, 2_002))


def test_damaged_workbooks(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [HEADER, ["E1", "sale", "2026-11-29 10:15", "C1"]])
    data = good.read_bytes()

    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    not_a_workbook = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    for path in (truncated, not_a_workbook):
        with pytest.raises(ImportFileError, match=r"^the file is not a valid XLSX workbook$"):
            open_file(path)


def test_workbook_without_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "events.xlsx", [["E1", "sale", datetime(2026, 11, 29), "C1"]])
    with pytest.raises(ImportFileError, match=r"^no usable header: missing required column"):
        open_file(path)
    empty = write_xlsx(tmp_path / "empty.xlsx", [])
    with pytest.raises(ImportFileError, match=r"^no usable header: the file has no rows$"):
        open_file(empty)


def test_a_workbook_whose_strings_unpack_to_too_much_is_refused_before_reading(
    tmp_path: Path,
) -> None:
    """A few hundred KB that unpack to 100 MB of shared strings: refused from the zip's own
    directory, without openpyxl ever loading the strings."""
    small = write_xlsx(tmp_path / "small.xlsx", [HEADER, ["E1", "sale"]])
    bomb = tmp_path / "bomb.xlsx"
    huge = b"<sst><si><t>" + b"a" * (100 * 1024 * 1024) + b"</t></si></sst>"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item.filename, source.read(item))
        out.writestr("xl/sharedStrings.xml", huge)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ImportFileError, match=r"unpacks to 100 MB, more than the 64 MB"):
        open_events(bomb, timezone=SHANGHAI, default_region="CN", now=NOW)
