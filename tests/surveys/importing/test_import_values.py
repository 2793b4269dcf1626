"""Single cell values: the time of an event (formats, offsets, DST), event type, language, text."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from surveys.importing import to_utc
from surveys.importing.values import (
    ValueProblem,
    cell_text,
    checked_text,
    clean_text,
    parse_event_type,
    parse_language,
    parse_occurred_at,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Local wall-clock time in the business zone (Shanghai is UTC+8 all year).
        ("2026-11-29 10:15", utc(2026, 11, 29, 2, 15)),
        ("2026-11-29 10:15:30", utc(2026, 11, 29, 2, 15, 30)),
        ("2026/11/29 10:15", utc(2026, 11, 29, 2, 15)),
        ("2026/11/29 10:15:30", utc(2026, 11, 29, 2, 15, 30)),
        ("2026/1/5 9:05", utc(2026, 1, 5, 1, 5)),  # as Excel writes dates in CSV
        ("2026-11-29  10:15", utc(2026, 11, 29, 2, 15)),
        ("2026-11-29 10:15:30.250", datetime(2026, 11, 29, 2, 15, 30, 250000, tzinfo=UTC)),
        ("  2026-11-29 10:15 ", utc(2026, 11, 29, 2, 15)),
        ("２０２６-１１-２９ １０:１５", utc(2026, 11, 29, 2, 15)),  # full-width digits
        ("2026-11-29 00:00", utc(2026, 11, 28, 16, 0)),  # the day before in UTC
        # ISO 8601 with an offset: the offset wins over the business zone.
        ("2026-11-29T10:15:00+08:00", utc(2026, 11, 29, 2, 15)),
        ("2026-11-29T10:15:00Z", utc(2026, 11, 29, 10, 15)),
        ("2026-11-29T10:15:00z", utc(2026, 11, 29, 10, 15)),
        ("2026-11-29T10:15:00-05:00", utc(2026, 11, 29, 15, 15)),
        ("2026-11-29T10:15+0530", utc(2026, 11, 29, 4, 45)),
        ("2026-11-29T10:15:00+08", utc(2026, 11, 29, 2, 15)),
        ("2026-11-29 10:15:00 +08:00", utc(2026, 11, 29, 2, 15)),
        ("2026-11-29T10:15:00.123456Z", datetime(2026, 11, 29, 10, 15, 0, 123456, tzinfo=UTC)),
        # ISO 8601 without an offset is business time, like the other local forms.
        ("2026-11-29T10:15:00", utc(2026, 11, 29, 2, 15)),
        # Cells that hold a datetime (XLSX): naive means business time.
        (datetime(2026, 11, 29, 10, 15), utc(2026, 11, 29, 2, 15)),
        (datetime(2026, 11, 29, 10, 15, tzinfo=UTC), utc(2026, 11, 29, 10, 15)),
        # Up to one day after now is accepted (clocks and zones differ).
        ("2026-12-01 12:00", NOW + timedelta(days=1)),
    ],
)
def test_occurred_at_accepted(value: object, expected: datetime) -> None:
    result = parse_occurred_at(value, zone=SHANGHAI, now=NOW)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-13-01 10:00", "'2026-13-01 10:00' is not a valid date"),
        ("2026-02-30 10:00", "'2026-02-30 10:00' is not a valid date"),
        ("2026-11-29 24:00", "'2026-11-29 24:00' is not a valid time of day"),
        ("2026-11-29 10:61", "'2026-11-29 10:61' is not a valid time of day"),
        ("2026-11-29", "'2026-11-29' has no time (expected YYYY-MM-DD HH:MM)"),
        ("2026/11/29", "'2026/11/29' has no time (expected YYYY-MM-DD HH:MM)"),
        ("yesterday", "'yesterday' is not a date and time (expected YYYY-MM-DD HH:MM)"),
        (
            "29.11.2026 10:15",
            "'29.11.2026 10:15' is not a date and time (expected YYYY-MM-DD HH:MM)",
        ),
        (
            "2026-11/29 10:15",
            "'2026-11/29 10:15' is not a date and time (expected YYYY-MM-DD HH:MM)",
        ),
        ("2026-11-29T10:15:00+25:00", "'2026-11-29T10:15:00+25:00' has an invalid UTC offset"),
        ("2026-12-01 12:01", "'2026-12-01 12:01' is more than 1 day in the future"),
        ("2062-11-29 10:15", "'2062-11-29 10:15' is more than 1 day in the future"),
        ("1926-11-29 10:15", "'1926-11-29 10:15' is before 1970"),
        ("0001-01-01 00:00", "'0001-01-01 00:00' is out of range"),
        ("9999-12-31T23:00:00-05:00", "'9999-12-31T23:00:00-05:00' is out of range"),
        (46000.5, "'46000.5' is not a date and time (expected YYYY-MM-DD HH:MM)"),
        (date(2026, 11, 29), "'2026-11-29' has no time (expected YYYY-MM-DD HH:MM)"),
        (time(10, 15), "'10:15:00' has no date (expected YYYY-MM-DD HH:MM)"),
        (datetime(2030, 1, 1), "'2030-01-01 00:00:00' is more than 1 day in the future"),
        (datetime(1, 1, 1), "'0001-01-01 00:00:00' is out of range"),
    ],
)
def test_occurred_at_refused(value: object, reason: str) -> None:
    with pytest.raises(ValueProblem) as raised:
        parse_occurred_at(value, zone=SHANGHAI, now=NOW)
    assert str(raised.value) == reason


# America/New_York in 2026: clocks go forward on 8 March at 02:00 (02:00-02:59 does not
# exist) and back on 1 November at 02:00 (01:00-01:59 happens twice).
@pytest.mark.parametrize(
    ("wall", "expected", "why"),
    [
        (datetime(2026, 3, 8, 1, 59), utc(2026, 3, 8, 6, 59), "before the gap, EST"),
        (datetime(2026, 3, 8, 2, 30), utc(2026, 3, 8, 7, 30), "in the gap: moved forward"),
        (datetime(2026, 3, 8, 3, 0), utc(2026, 3, 8, 7, 0), "after the gap, EDT"),
        (datetime(2026, 11, 1, 0, 59), utc(2026, 11, 1, 4, 59), "before the repeat, EDT"),
        (datetime(2026, 11, 1, 1, 30), utc(2026, 11, 1, 5, 30), "repeated: first occurrence"),
        (datetime(2026, 11, 1, 2, 0), utc(2026, 11, 1, 7, 0), "after the repeat, EST"),
    ],
)
def test_dst_policy(wall: datetime, expected: datetime, why: str) -> None:
    assert to_utc(wall, NEW_YORK) == expected, why
    text = wall.strftime("%Y-%m-%d %H:%M")
    now = utc(2027, 1, 1)
    assert parse_occurred_at(text, zone=NEW_YORK, now=now) == expected, why
    assert parse_occurred_at(wall, zone=NEW_YORK, now=now) == expected, why


def test_time_in_dst_gap_reads_as_the_time_an_hour_later() -> None:
    # 02:30 does not exist on 8 March 2026 in New York; it is read as 03:30 EDT.
    moment = to_utc(datetime(2026, 3, 8, 2, 30), NEW_YORK)
    assert moment.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2026, 3, 8, 3, 30)


def test_repeated_time_reads_as_its_first_occurrence() -> None:
    moment = to_utc(datetime(2026, 11, 1, 1, 30), NEW_YORK)
    assert moment.astimezone(NEW_YORK).utcoffset() == timedelta(hours=-4)  # still EDT


def test_wall_clock_fold_is_ignored() -> None:
    # The policy holds even when a caller hands in fold=1.
    assert to_utc(datetime(2026, 11, 1, 1, 30, fold=1), NEW_YORK) == utc(2026, 11, 1, 5, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sale", "sale"),
        ("Sale", "sale"),
        (" SALES ", "sale"),
        ("销售", "sale"),
        ("新车销售", "sale"),
        ("service", "service"),
        ("Service", "service"),
        ("售后", "service"),
        ("售后服务", "service"),
    ],
)
def test_event_type(text: str, expected: str) -> None:
    assert parse_event_type(text) == expected


@pytest.mark.parametrize(
    "text",
    # A kind of visit is not guessed to be a service: the row is refused and can be fixed.
    ["rental", "销", "sale/service", "s", "repair", "maintenance", "维修", "保养"],
)
def test_event_type_refused(text: str) -> None:
    with pytest.raises(ValueProblem, match=r"is not sale or service$"):
        parse_event_type(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("zh", "zh"),
        ("ZH", "zh"),
        ("zh-CN", "zh"),
        ("zh_Hans", "zh"),
        ("中文", "zh"),
        ("Chinese", "zh"),
        ("en", "en"),
        ("en-GB", "en"),
        ("English", "en"),
        ("英文", "en"),
        ("英语", "en"),
    ],
)
def test_language(text: str, expected: str | None) -> None:
    assert parse_language(text) == expected


@pytest.mark.parametrize("text", ["fr", "english please", "zh-", "日本語"])
def test_language_refused(text: str) -> None:
    with pytest.raises(ValueProblem, match=r"is not zh or en$"):
        parse_language(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Zhang San ", "Zhang San"),
        ("张三", "张三"),
        ("Zhang\tSan", "Zhang San"),
        ("Zhang\r\nSan", "Zhang San"),
        ("Zhang   San", "Zhang San"),
        ("Zhang\x00San\x07", "ZhangSan"),
        ("\u202eevil\u202c", "evil"),  # direction override
        ("Zhang\u200bSan", "ZhangSan"),  # zero-width space
        ("\ufeffE1", "E1"),
        ("张\u3000三", "张 三"),  # ideographic space
        ("a\xa0b", "a b"),
        ("\x85", ""),
        ("", ""),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_checked_text_length_cap() -> None:
    assert checked_text("x" * 200) == "x" * 200
    assert checked_text(" " + "x" * 200 + " ") == "x" * 200  # counted after trimming
    with pytest.raises(ValueProblem, match=r"^longer than 200 characters \(201\)$"):
        checked_text("x" * 201)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("text", "text"),
        (13800138000, "13800138000"),
        (13800138000.0, "13800138000"),
        (1.5, "1.5"),
        (float("nan"), "nan"),
        (True, "TRUE"),
        (datetime(2026, 11, 29, 10, 15), "2026-11-29 10:15:00"),
    ],
)
def test_cell_text(value: object, expected: str) -> None:
    assert cell_text(value) == expected
