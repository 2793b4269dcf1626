"""Reading CSV import files: rows and reasons, line numbers, encodings, delimiters, headers."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from surveys.importing import (
    EventFile,
    EventRecord,
    ImportFileError,
    RowError,
    open_events,
    read_events,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
HEADER = (
    "event_id,event_type,occurred_at,customer_id,customer_name,phone,language,branch,staff,vehicle"
)
GOOD = "E1,sale,2026-11-29 10:15,C1,Zhang San,13800138000,zh,Pudong,Li Lei,Model Y"

Result = EventRecord | RowError


def write(
    folder: Path, content: str | bytes, name: str = "events.csv", encoding: str = "utf-8"
) -> Path:
    path = folder / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def open_file(path: Path, **overrides: Any) -> EventFile:
    options: dict[str, Any] = {"timezone": SHANGHAI, "default_region": "CN", "now": NOW}
    options.update(overrides)
    return open_events(path, **options)


def read_all(path: Path, **overrides: Any) -> list[Result]:
    with open_file(path, **overrides) as events:
        return list(events)


def only(results: list[Result]) -> Result:
    assert len(results) == 1, results
    return results[0]


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# -- rows ---------------------------------------------------------------------------------------


def test_a_good_row_gives_a_full_record(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n{GOOD}\n")
    assert read_all(path) == [
        EventRecord(
            line=2,
            event_id="E1",
            event_type="sale",
            occurred_at=utc(2026, 11, 29, 2, 15),
            customer_id="C1",
            customer_name="Zhang San",
            phone="+8613800138000",
            language="zh",
            branch="Pudong",
            staff="Li Lei",
            vehicle="Model Y",
        )
    ]


def test_optional_values_may_be_empty_or_missing(tmp_path: Path) -> None:
    path = write(
        tmp_path, f"{HEADER}\nE1,service,2026-11-29 10:15,C1,,,,,,\nE2,sale,2026-11-29 10:15,C2\n"
    )
    results = read_all(path)
    for result, line in zip(results, (2, 3), strict=True):
        assert isinstance(result, EventRecord)
        assert result.line == line
        assert (result.customer_name, result.phone, result.language) == ("", None, None)
        assert (result.branch, result.staff, result.vehicle) == (None, None, None)


def test_only_required_columns_in_the_header(tmp_path: Path) -> None:
    path = write(
        tmp_path, "event_id,event_type,occurred_at,customer_id\nE1,sale,2026-11-29 10:15,C1\n"
    )
    result = only(read_all(path))
    assert isinstance(result, EventRecord)
    assert result.customer_name == ""
    assert result.phone is None


def test_text_is_trimmed_and_cleaned(tmp_path: Path) -> None:
    row = (
        'E1 , sale ,2026-11-29 10:15, C1 ,"  Zhang\tSan\x07 ", 138 0013 8000 , zh ,'
        '"Pu\r\ndong",\x01\x1b,  '
    )
    result = only(read_all(write(tmp_path, f"{HEADER}\n{row}\n")))
    assert isinstance(result, EventRecord)
    assert (result.event_id, result.customer_id) == ("E1", "C1")
    assert result.customer_name == "Zhang San"
    assert result.branch == "Pu dong"
    assert result.staff is None  # only a control character
    assert result.vehicle is None


LONG = "x" * 201


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",sale,2026-11-29 10:15,C1", "event_id: required but empty"),
        ("  ,sale,2026-11-29 10:15,C1", "event_id: required but empty"),
        (f"{LONG},sale,2026-11-29 10:15,C1", "event_id: longer than 200 characters (201)"),
        ("E1,,2026-11-29 10:15,C1", "event_type: required but empty"),
        ("E1,rental,2026-11-29 10:15,C1", "event_type: 'rental' is not sale or service"),
        ("E1,sale,,C1", "occurred_at: required but empty"),
        ("E1,sale", "occurred_at: required but empty; customer_id: required but empty"),
        ("E1,sale,2026-13-01 10:00,C1", "occurred_at: '2026-13-01 10:00' is not a valid date"),
        (
            "E1,sale,2026-11-29 25:00,C1",
            "occurred_at: '2026-11-29 25:00' is not a valid time of day",
        ),
        (
            "E1,sale,2026-11-29,C1",
            "occurred_at: '2026-11-29' has no time (expected YYYY-MM-DD HH:MM)",
        ),
        (
            "E1,sale,29/11/2026 10:15,C1",
            "occurred_at: '29/11/2026 10:15' is not a date and time (expected YYYY-MM-DD HH:MM)",
        ),
        (
            "E1,sale,2026-11-29T10:15+24:00,C1",
            "occurred_at: '2026-11-29T10:15+24:00' has an invalid UTC offset",
        ),
        (
            "E1,sale,2026-12-05 10:15,C1",
            "occurred_at: '2026-12-05 10:15' is more than 1 day in the future",
        ),
        ("E1,sale,1926-11-29 10:15,C1", "occurred_at: '1926-11-29 10:15' is before 1970"),
        ("E1,sale,0001-01-01 00:00,C1", "occurred_at: '0001-01-01 00:00' is out of range"),
        ("E1,sale,2026-11-29 10:15,", "customer_id: required but empty"),
        ("E1,sale,2026-11-29 10:15", "customer_id: required but empty"),
        (f"E1,sale,2026-11-29 10:15,{LONG}", "customer_id: longer than 200 characters (201)"),
        (f"E1,sale,2026-11-29 10:15,C1,{LONG}", "customer_name: longer than 200 characters (201)"),
        (
            "E1,sale,2026-11-29 10:15,C1,,12345",
            "phone: '12345' is not a valid phone number (local number without area code)",
        ),
        (
            "E1,sale,2026-11-29 10:15,C1,,call me",
            "phone: 'call me' is not a valid phone number "
            "(contains characters other than digits, spaces, dashes and brackets)",
        ),
        (
            "E1,sale,2026-11-29 10:15,C1,,+999 1234",
            "phone: '+999 1234' is not a valid phone number (unknown country code)",
        ),
        (
            "E1,sale,2026-11-29 10:15,C1,,1.38001E+10",
            "phone: '1.38001E+10' was written in scientific notation; format the column as text",
        ),
        (f"E1,sale,2026-11-29 10:15,C1,,{'1' * 201}", "phone: longer than 200 characters (201)"),
        ("E1,sale,2026-11-29 10:15,C1,,,fr", "language: 'fr' is not zh or en"),
        (f"E1,sale,2026-11-29 10:15,C1,,,,{LONG}", "branch: longer than 200 characters (201)"),
        (f"E1,sale,2026-11-29 10:15,C1,,,,,{LONG}", "staff: longer than 200 characters (201)"),
        (f"E1,sale,2026-11-29 10:15,C1,,,,,,{LONG}", "vehicle: longer than 200 characters (201)"),
        # Every problem is reported, in column order, so that one round of fixing is enough.
        (
            ",rental,never,",
            "event_id: required but empty; event_type: 'rental' is not sale or service; "
            "occurred_at: 'never' is not a date and time (expected YYYY-MM-DD HH:MM); "
            "customer_id: required but empty",
        ),
        (
            "E1,rental,2026-11-29 10:15,C1,,12345",
            "event_type: 'rental' is not sale or service; "
            "phone: '12345' is not a valid phone number (local number without area code)",
        ),
        # Long values are shortened in reasons.
        (
            f"E1,sale,2026-11-29 10:15,C1,,,{'z' * 60}",
            f"language: '{'z' * 39}…' is not zh or en",
        ),
    ],
)
def test_every_reason(tmp_path: Path, row: str, reason: str) -> None:
    path = write(tmp_path, f"{HEADER}\n{row}\n")
    assert read_all(path) == [RowError(2, reason)]


def test_reasons_name_the_column_as_the_file_does(tmp_path: Path) -> None:
    path = write(tmp_path, "单号,类型,时间,客户编号\nE1,sale,明天,C1\nE2,sale,2026-11-29 10:15,\n")
    assert read_all(path) == [
        RowError(
            2, "occurred_at (时间): '明天' is not a date and time (expected YYYY-MM-DD HH:MM)"
        ),
        RowError(3, "customer_id (客户编号): required but empty"),
    ]


def test_a_bad_row_never_stops_the_file(tmp_path: Path) -> None:
    rows = [
        GOOD,
        "E2,rental,2026-11-29 10:15,C2",
        GOOD.replace("E1", "E3"),
        "E4",
        GOOD.replace("E1", "E5"),
    ]
    results = read_all(write(tmp_path, "\n".join([HEADER, *rows]) + "\n"))
    assert [type(result).__name__ for result in results] == [
        "EventRecord",
        "RowError",
        "EventRecord",
        "RowError",
        "EventRecord",
    ]
    assert [result.line for result in results] == [2, 3, 4, 5, 6]


def test_duplicate_event_id_names_the_first_line(tmp_path: Path) -> None:
    rows = [
        "E1,sale,2026-11-29 10:15,C1",
        "E2,sale,2026-11-29 10:15,C2",
        "E1,service,2026-11-29 11:15,C1",
        "E2,sale,2026-11-29 10:15,C2",
        "E1,sale,2026-11-29 10:15,C3",
        "e1,sale,2026-11-29 10:15,C3",  # ids are compared exactly
    ]
    results = read_all(write(tmp_path, "\n".join([HEADER, *rows]) + "\n"))
    assert [result.line for result in results if isinstance(result, EventRecord)] == [2, 3, 7]
    assert [result for result in results if isinstance(result, RowError)] == [
        RowError(4, "event_id: 'E1' already used on line 2"),
        RowError(5, "event_id: 'E2' already used on line 3"),
        RowError(6, "event_id: 'E1' already used on line 2"),
    ]


def test_a_failed_row_still_claims_its_event_id(tmp_path: Path) -> None:
    rows = ["E1,sale,not a date,C1", "E1,sale,2026-11-29 10:15,C1"]
    results = read_all(write(tmp_path, "\n".join([HEADER, *rows]) + "\n"))
    assert results[1] == RowError(3, "event_id: 'E1' already used on line 2")


# -- line numbers -------------------------------------------------------------------------------


def test_line_numbers_are_physical_lines_where_the_row_starts(tmp_path: Path) -> None:
    text = (
        f"{HEADER}\n"  # 1
        'E1,sale,2026-11-29 10:15,C1,"Zhang\nSan"\n'  # 2-3
        "E2,sale,2026-11-29 10:15,C2\n"  # 4
        "\n"  # 5
        'E3,sale,2026-11-29 10:15,C3,"a, b",,,"line one\r\nline two\r\nline three"\n'  # 6-8
        "E4,sale,bad,C4\n"  # 9
        '"E5",sale,2026-11-29 10:15,C5,"quoted ""nick"" name"\n'  # 10
        "E6,sale,2026-11-29 10:15,C6\n"  # 11
    )
    results = read_all(write(tmp_path, text))
    assert [result.line for result in results] == [2, 4, 6, 9, 10, 11]
    first, _, third, fourth, fifth, _ = results
    assert isinstance(first, EventRecord)
    assert first.customer_name == "Zhang San"
    assert isinstance(third, EventRecord)
    assert third.customer_name == "a, b"
    assert third.branch == "line one line two line three"
    assert isinstance(fourth, RowError)
    assert isinstance(fifth, EventRecord)
    assert fifth.customer_name == 'quoted "nick" name'


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(tmp_path: Path, newline: str) -> None:
    text = newline.join([HEADER, GOOD, "", "E2,sale,x,C2", ""])
    results = read_all(write(tmp_path, text))
    assert [result.line for result in results] == [2, 4]


def test_blank_and_empty_rows_are_skipped(tmp_path: Path) -> None:
    text = f"\n\n{HEADER}\n\n   \n,,,,\n \t ,  ,\n{GOOD}\n\n"
    with open_file(write(tmp_path, text)) as events:
        results = list(events)
        assert events.header_line == 3
        assert events.warnings == ()
    assert [result.line for result in results] == [8]


def test_unclosed_quote_is_one_error_and_the_file_goes_on(tmp_path: Path) -> None:
    huge = "x" * 140_000
    text = f'{HEADER}\nE1,sale,2026-11-29 10:15,C1,"{huge}"\n{GOOD.replace("E1", "E2")}\n'
    results = read_all(write(tmp_path, text))
    assert results[0] == RowError(
        2, "row: a field is longer than 131072 characters (is a quote left open?)"
    )
    assert isinstance(results[1], EventRecord)
    assert results[1].line == 3


def test_row_with_too_many_cells_is_parsed_and_counted_once(tmp_path: Path) -> None:
    rows = [GOOD + ",extra", GOOD.replace("E1", "E2") + ",,", GOOD.replace("E1", "E3") + ",a,b"]
    with open_file(write(tmp_path, "\n".join([HEADER, *rows]) + "\n")) as events:
        before = events.warnings
        results = list(events)
        assert before == ()
        assert all(isinstance(result, EventRecord) for result in results)
        assert tuple(map(str, events.warnings)) == (
            "2 rows have more cells than the header (first on line 2); "
            "the extra cells were ignored",
        )


def test_a_header_repeated_inside_the_file_is_skipped_and_told(tmp_path: Path) -> None:
    second = GOOD.replace("E1", "E2")
    chinese = "事件编号,事件类型,发生时间,客户编号,客户姓名,手机号,语言,门店,员工,车型"
    text = "\n".join([HEADER, GOOD, HEADER.upper(), second, chinese, GOOD.replace("E1", "E3")])
    with open_file(write(tmp_path, text + "\n")) as events:
        results = list(events)
        assert [r.line for r in results if isinstance(r, EventRecord)] == [2, 4, 6]
        assert not any(isinstance(r, RowError) for r in results)
        assert tuple(map(str, events.warnings)) == (
            "2 rows repeat the header (first on line 3); they were skipped",
        )


# -- encodings ----------------------------------------------------------------------------------

CHINESE_ROW = "E1,销售,2026-11-29 10:15,C1,张伟,13800138000,中文,北京朝阳店,王芳,卡罗拉"


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_encoding_is_detected(tmp_path: Path, encoding: str, detected: str) -> None:
    path = write(tmp_path, f"{HEADER}\n{CHINESE_ROW}\n", encoding=encoding)
    with open_file(path) as events:
        assert events.encoding == detected
        assert events.format == "csv"
        result = only(list(events))
    assert isinstance(result, EventRecord)
    assert (result.event_id, result.customer_name, result.branch) == ("E1", "张伟", "北京朝阳店")
    assert (result.event_type, result.language) == ("sale", "zh")


def test_bom_is_not_part_of_the_first_column_name(tmp_path: Path) -> None:
    path = write(tmp_path, f"\ufeff{HEADER}\n{GOOD}\n")
    for encoding in (None, "utf-8", "UTF8"):
        with open_file(path, encoding=encoding) as events:
            assert events.encoding == "utf-8-sig"
            assert "event_id" in events.columns
            assert isinstance(only(list(events)), EventRecord)


def test_gb18030_file_with_chinese_headers_and_names(tmp_path: Path) -> None:
    text = (
        "工单号,业务类型,发生时间,客户编号,客户姓名,手机号,语言,门店,服务顾问,车型\n"
        "S-001,销售,2026/11/28 09:30,K001,张伟,138 0013 8000,中文,北京朝阳店,王芳,卡罗拉\n"
        "S-002,售后,2026/11/28 10:00,K002,李娜,+852 9123 4567,英文,上海浦东店,刘洋,凯美瑞\n"
        "S-003,服务,2026/11/28 11:00,K003,欧阳娜娜,,,,,\n"
        "S-004,售后,2026/11/28 12:00,K004,王小明,13900139000,English,,,\n"
    )
    with open_file(write(tmp_path, text, encoding="gb18030")) as events:
        assert events.encoding == "gb18030"
        assert events.columns["event_id"] == "工单号"
        assert events.columns["staff"] == "服务顾问"
        results = list(events)
    records = [result for result in results if isinstance(result, EventRecord)]
    assert len(records) == 4
    assert [record.event_type for record in records] == ["sale", "service", "service", "service"]
    assert [record.customer_name for record in records] == ["张伟", "李娜", "欧阳娜娜", "王小明"]
    assert [record.language for record in records] == ["zh", "en", None, "en"]
    assert records[1].phone == "+85291234567"
    assert records[0].occurred_at == utc(2026, 11, 28, 1, 30)
    assert (records[1].branch, records[1].staff, records[1].vehicle) == (
        "上海浦东店",
        "刘洋",
        "凯美瑞",
    )


def test_chinese_text_far_down_an_ascii_file_decides_the_encoding(tmp_path: Path) -> None:
    rows = [f"E{i},sale,2026-11-29 10:15,C{i},Customer {i}" for i in range(30_000)]
    rows.append("E-last,sale,2026-11-29 10:15,C-last,张伟")
    path = write(tmp_path, "\n".join([HEADER, *rows]) + "\n", encoding="gb18030")
    assert path.stat().st_size > 1 << 20  # past the first chunk
    with open_file(path) as events:
        assert events.encoding == "gb18030"
        *_, last = events
    assert isinstance(last, EventRecord)
    assert last.customer_name == "张伟"


def test_explicit_encoding_overrides_detection(tmp_path: Path) -> None:
    # Latin-1 decodes any bytes, so the override is obeyed even though it garbles the text.
    path = write(tmp_path, f"{HEADER}\n{CHINESE_ROW}\n", encoding="gb18030")
    with open_file(path, encoding="gb18030") as events:
        assert events.encoding == "gb18030"
    with open_file(path, encoding="latin-1") as events:
        assert events.encoding == "latin-1"
        result = only(list(events))
    assert isinstance(result, RowError)  # mojibake: the event type is no longer 销售
    assert result.reason.startswith("event_type: ")


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        (f"{HEADER}\n{CHINESE_ROW}\n".encode("gb18030"), "utf-8", "the file is not UTF-8 text"),
        (b"event_id\n\xff\xff", None, "the file is not UTF-8 or GB18030 text"),
        (b"abc", "klingon", "unknown text encoding 'klingon'"),
        (b"abc", "base64", "unknown text encoding 'base64'"),
    ],
)
def test_undecodable_files(
    tmp_path: Path, content: bytes, encoding: str | None, message: str
) -> None:
    with pytest.raises(ImportFileError, match=f"^{message}"):
        open_file(write(tmp_path, content), encoding=encoding)


def test_decoding_error_says_where(tmp_path: Path) -> None:
    content = f"{HEADER}\n{GOOD}\n".encode() + b"\xff\n"
    with pytest.raises(ImportFileError) as raised:
        open_file(write(tmp_path, content), encoding="utf-8")
    assert (
        str(raised.value)
        == f"the file is not UTF-8 text (invalid utf-8 at byte {len(content) - 2})"
    )


# -- delimiters ---------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_detected_from_the_header(tmp_path: Path, delimiter: str) -> None:
    header = HEADER.replace(",", delimiter)
    row = delimiter.join(
        ["E1", "sale", "2026-11-29 10:15", "C1", '"Zhang; San, Jr."', "138-0013-8000", "en"]
    )
    with open_file(write(tmp_path, f"{header}\n{row}\n")) as events:
        assert events.delimiter == delimiter
        result = only(list(events))
    assert isinstance(result, EventRecord)
    assert result.customer_name == "Zhang; San, Jr."
    assert result.language == "en"


def test_semicolon_file_with_commas_in_values(tmp_path: Path) -> None:
    # Excel in many European locales writes ";" and leaves commas unquoted.
    text = (
        "event_id;event_type;occurred_at;customer_id;customer_name\n"
        "E1;sale;2026-11-29 10:15;C1;Smith, John\n"
    )
    result = only(read_all(write(tmp_path, text)))
    assert isinstance(result, EventRecord)
    assert result.customer_name == "Smith, John"


def test_delimiters_inside_quoted_header_names_do_not_count(tmp_path: Path) -> None:
    text = '"a,b,c,d";event_id;event_type;occurred_at;customer_id\nx;E1;sale;2026-11-29 10:15;C1\n'
    with open_file(write(tmp_path, text)) as events:
        assert events.delimiter == ";"
        assert isinstance(only(list(events)), EventRecord)


# -- headers ------------------------------------------------------------------------------------


def test_header_names_are_case_insensitive_trimmed_and_in_any_order(tmp_path: Path) -> None:
    header = " Customer ID ,PHONE,Occurred_At,  event-type,EVENT_ID ,Customer Name"
    row = "C1,13800138000,2026-11-29 10:15,service,E1,Zhang San"
    with open_file(write(tmp_path, f"{header}\n{row}\n")) as events:
        assert events.columns == {
            "customer_id": "Customer ID",
            "phone": "PHONE",
            "occurred_at": "Occurred_At",
            "event_type": "event-type",
            "event_id": "EVENT_ID",
            "customer_name": "Customer Name",
        }
        result = only(list(events))
    assert isinstance(result, EventRecord)
    assert (result.event_id, result.event_type, result.customer_id) == ("E1", "service", "C1")
    assert result.phone == "+8613800138000"


@pytest.mark.parametrize(
    ("names", "field"),
    [
        (["事件编号", "单号", "工单号", "订单号"], "event_id"),
        (["类型", "业务类型"], "event_type"),
        (["时间", "日期", "发生时间"], "occurred_at"),
        (["客户编号", "客户ID", "客户id"], "customer_id"),
        (["客户姓名", "姓名", "客户名称"], "customer_name"),
        (["手机号", "手机号码", "电话", "手机", "联系电话", "Mobile"], "phone"),
        (["语言", "Lang"], "language"),
        (["门店", "网点", "分店", "Store"], "branch"),
        (["顾问", "销售顾问", "服务顾问"], "staff"),
        (["车型", "车辆", "Car"], "vehicle"),
        (["*客户编号", "客户编号 ", "Ｃｕｓｔｏｍｅｒ＿ＩＤ"], "customer_id"),
    ],
)
def test_header_aliases(tmp_path: Path, names: list[str], field: str) -> None:
    base = {
        "event_id": "E1",
        "event_type": "sale",
        "occurred_at": "2026-11-29 10:15",
        "customer_id": "C1",
    }
    for name in names:
        cells = dict(base)
        value = cells.pop(field, "zh" if field == "language" else "13800138000")
        header = ",".join([*cells, name])
        row = ",".join([*cells.values(), value])
        with open_file(write(tmp_path, f"{header}\n{row}\n")) as events:
            assert events.columns[field] == name.strip(), name
            assert isinstance(only(list(events)), EventRecord), name


def test_unknown_and_repeated_columns_are_reported_once(tmp_path: Path) -> None:
    header = "event_id,event_type,occurred_at,customer_id,手机,备注,电话,VIN"
    rows = [
        "E1,sale,2026-11-29 10:15,C1,13800138000,note,010-65529988,LVS123",
        "E2,sale,2026-11-29 10:15,C2,13900139000,note,,",
    ]
    with open_file(write(tmp_path, "\n".join([header, *rows]) + "\n")) as events:
        assert tuple(map(str, events.warnings)) == (
            "ignored unknown columns: '备注', 'VIN'",
            "ignored column '电话': phone already comes from column '手机'",
        )
        results = list(events)
        assert len(events.warnings) == 2
    assert [result.phone for result in results if isinstance(result, EventRecord)] == [
        "+8613800138000",
        "+8613900139000",
    ]


def test_title_rows_above_the_header_are_skipped(tmp_path: Path) -> None:
    text = f"2026年11月 销售明细\n导出时间: 2026-11-30\n\n{HEADER}\n{GOOD}\n"
    with open_file(write(tmp_path, text)) as events:
        assert events.header_line == 4
        assert tuple(map(str, events.warnings)) == ("skipped 2 rows above the header (lines 1, 2)",)
        result = only(list(events))
    assert result.line == 5


# -- whole-file problems ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "events.csv", "events.csv is empty"),
        (bytes(range(256)) * 4, "events.csv", "the file holds binary data, not CSV or XLSX"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv", "the file holds binary data"),
        (b"\x81\xff\x80\xfe" * 10, "events.csv", "the file is not UTF-8 or GB18030 text"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "events.xls",
            "old binary Excel (.xls) files are not supported",
        ),
        (b"event_id,event_type\n", "events.xlsx", "the file is not a valid XLSX workbook"),
        (b"PK\x03\x04garbage", "events.xlsx", "the file is not a valid XLSX workbook"),
        (b"\n\n  \n", "events.csv", "no usable header: the file has no rows"),
        ("\ufeff".encode(), "events.csv", "no usable header: the file has no rows"),
        (
            b"E1,sale,2026-11-29 10:15,C1\n",
            "events.csv",
            "no usable header: missing required columns event_id, event_type, occurred_at, "
            "customer_id (the first row has 'E1', 'sale', '2026-11-29 10:15', 'C1')",
        ),
        (
            b"event_id,type,customer,phone\nE1,sale,C1,13800138000\n",
            "events.csv",
            "no usable header: missing required columns occurred_at, customer_id "
            "(the first row has 'event_id', 'type', 'customer', 'phone')",
        ),
    ],
)
def test_file_that_cannot_be_imported(
    tmp_path: Path, content: bytes, name: str, message: str
) -> None:
    path = write(tmp_path, content, name=name)
    with pytest.raises(ImportFileError, match=f"^{re.escape(message)}"):
        open_file(path)
    with pytest.raises(ImportFileError, match=f"^{re.escape(message)}"):
        read_events(path, timezone=SHANGHAI, default_region="CN", now=NOW)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"^cannot read nothing\.csv: No such file"):
        open_file(tmp_path / "nothing.csv")
    with pytest.raises(ImportFileError, match=r"^cannot read "):
        open_file(tmp_path)


def test_header_search_gives_up_after_ten_rows(tmp_path: Path) -> None:
    text = "\n".join(f"title {i}" for i in range(10)) + f"\n{HEADER}\n{GOOD}\n"
    with pytest.raises(ImportFileError, match=r"^no usable header"):
        open_file(write(tmp_path, text))
    text = "\n".join(f"title {i}" for i in range(9)) + f"\n{HEADER}\n{GOOD}\n"
    with open_file(write(tmp_path, text)) as events:
        assert events.header_line == 10


# -- the EventFile ------------------------------------------------------------------------------


def test_rows_can_be_read_once(tmp_path: Path) -> None:
    with open_file(write(tmp_path, f"{HEADER}\n{GOOD}\n")) as events:
        assert len(list(events)) == 1
        with pytest.raises(RuntimeError, match="only once"):
            iter(events)


def test_closing_early_releases_the_file(tmp_path: Path) -> None:
    rows = [GOOD.replace("E1", f"E{i}") for i in range(100)]
    path = write(tmp_path, "\n".join([HEADER, *rows]) + "\n")
    events = open_file(path)
    iterator = iter(events)
    assert next(iterator).line == 2
    events.close()
    events.close()
    assert list(iterator) == []
    with pytest.raises(RuntimeError):
        iter(events)
    never_iterated = open_file(path)
    never_iterated.close()


def test_read_events_is_a_plain_iterator(tmp_path: Path) -> None:
    rows = [GOOD.replace("E1", f"E{i}") for i in range(5)]
    path = write(tmp_path, "\n".join([HEADER, *rows]) + "\n")
    iterator = read_events(path, timezone=SHANGHAI, default_region="CN", now=NOW)
    assert next(iterator).line == 2
    assert [result.line for result in iterator] == [3, 4, 5, 6]
    abandoned = read_events(str(path), timezone=SHANGHAI, default_region="CN", now=NOW)
    next(abandoned)
    del abandoned  # the file is closed with the generator (a ResourceWarning would fail here)


def test_now_must_be_aware_and_region_known(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n{GOOD}\n")
    with pytest.raises(ValueError, match="timezone-aware"):
        open_file(path, now=datetime(2026, 11, 30))
    with pytest.raises(ValueError, match="unknown phone region"):
        open_file(path, default_region="China")


def test_default_region_applies_to_national_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\nE1,sale,2026-11-29 10:15,C1,,(415) 555-2671\n")
    result = only(read_all(path, default_region="US"))
    assert isinstance(result, EventRecord)
    assert result.phone == "+14155552671"


def test_business_time_zone_applies_to_local_times(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\nE1,sale,2026-11-01 01:30,C1\nE2,sale,2026-03-08 02:30,C2\n")
    results = read_all(path, timezone=ZoneInfo("America/New_York"))
    assert [result.occurred_at for result in results if isinstance(result, EventRecord)] == [
        utc(2026, 11, 1, 5, 30),  # repeated hour: the first (EDT)
        utc(2026, 3, 8, 7, 30),  # skipped hour: moved forward (03:30 EDT)
    ]


def test_a_quote_left_open_names_its_line_and_loses_no_row_after_it(tmp_path: Path) -> None:
    """One stray quote must not swallow the rest of the file into one bad row."""
    rows = [GOOD.replace("E1", f"E{n}") for n in range(1, 1001)]
    rows[9] = rows[9].replace(",C", ',"C', 1)  # line 11 opens a quote and never closes it
    results = read_all(write(tmp_path, "\n".join([HEADER, *rows]) + "\n"))
    errors = [r for r in results if isinstance(r, RowError)]
    assert errors == [RowError(11, "row: a quote opened on line 11 is not closed within 20 lines")]
    good = [r for r in results if isinstance(r, EventRecord)]
    assert len(good) == 999
    assert [r.line for r in good][9:11] == [12, 13]


def test_a_long_multi_line_field_within_the_bound_is_one_row(tmp_path: Path) -> None:
    notes = "\n".join(f"line {n}" for n in range(15))
    text = f'{HEADER}\nE1,sale,2026-11-29 10:15,C1,"{notes}"\n{GOOD.replace("E1", "E2")}\n'
    results = read_all(write(tmp_path, text))
    assert [type(r) for r in results] == [EventRecord, EventRecord]
    assert [r.line for r in results] == [2, 17]
