"""Properties: whatever the rows hold, reading gives records or row errors and never raises."""

from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from surveys.importing import (
    MAX_TEXT_LENGTH,
    EventRecord,
    ImportFileError,
    RowError,
    open_events,
)
from surveys.importing.columns import FIELDS, read_header
from surveys.importing.rows import RowParser

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
OPTIONS: dict[str, Any] = {"timezone": SHANGHAI, "default_region": "CN", "now": NOW}
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values near the valid ones are more interesting than random text alone.
plausible = st.sampled_from(
    [
        "",
        " ",
        "E1",
        "sale",
        "service",
        "售后",
        "zh",
        "en",
        "2026-11-29 10:15",
        "2026/2/30 10:15",
        "2026-11-29T10:15:00+08:00",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01 00:00",
        "13800138000",
        "+86 138 0013 8000",
        "1.38001E+10",
        "张伟",
        '"',
        "\r\n",
    ]
)
# Any text a file can hold: no lone surrogates (not encodable), no NUL (marks binary files).
file_text = st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")
cell_text = st.one_of(
    plausible,
    st.text(alphabet=file_text, max_size=30),
    st.text(alphabet=file_text, max_size=300),
)


def _written(moment: datetime, pattern: str) -> str:
    return moment.strftime(pattern)


# Rows that are often valid, so that records (not only errors) come out, with repeated ids.
moments = st.builds(
    _written,
    st.datetimes(min_value=datetime(1960, 1, 1), max_value=datetime(2030, 1, 1)),
    st.sampled_from(["%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S+08:00"]),
)


def mostly(valid: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A valid value three times in four, any text otherwise."""
    return st.one_of(valid, valid, valid, cell_text)


near_valid_row = st.tuples(
    mostly(st.sampled_from(["E1", "E2", "E3", "E4"])),
    mostly(st.sampled_from(["sale", "service", "售后", "Sale"])),
    mostly(moments),
    mostly(st.sampled_from(["C1", "C2", " C3 "])),
    cell_text,
    mostly(st.sampled_from(["", "13800138000", "+44 7911 123456", "12345"])),
    st.sampled_from(["", "zh", "en", "中文", "fr"]),
    cell_text,
    cell_text,
    cell_text,
).map(list)
short_text = st.text(alphabet=file_text, max_size=40)
valid_row = st.tuples(
    st.sampled_from(["E1", "E2", "E3", "E4", "E5", "E6"]),
    st.sampled_from(["sale", "service", "售后", "Sale"]),
    st.builds(
        _written,
        st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2026, 11, 29)),
        st.sampled_from(["%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%SZ"]),
    ),
    st.sampled_from(["C1", "C2", " C3 "]),
    short_text,
    st.sampled_from(["", "13800138000", "+44 7911 123456", "0086 139 0013 9000"]),
    st.sampled_from(["", "zh", "en", "中文"]),
    short_text,
    short_text,
    short_text,
).map(list)
csv_rows = st.lists(
    st.one_of(valid_row, near_valid_row, st.lists(cell_text, max_size=12)), max_size=25
)


def _is_blank(row: list[str]) -> bool:
    return all(not cell or cell.isspace() for cell in row)


def _check(results: list[EventRecord | RowError], first_line: int) -> None:
    lines = [result.line for result in results]
    assert lines == sorted(set(lines))
    assert all(line >= first_line for line in lines)
    for result in results:
        if isinstance(result, RowError):
            assert result.reason
            assert result.reason.split(":")[0].split(" ")[0] in {*FIELDS, "row"}
            continue
        assert result.occurred_at.tzinfo is UTC
        assert result.occurred_at <= NOW + timedelta(days=1)
        assert result.event_type in ("sale", "service")
        assert result.language in ("zh", "en", None)
        assert result.phone is None or result.phone.startswith("+")
        texts = [result.event_id, result.customer_id, result.customer_name]
        texts += [text for text in (result.branch, result.staff, result.vehicle) if text]
        for text in texts:
            assert len(text) <= MAX_TEXT_LENGTH
            assert text == text.strip()
            assert not any(unicodedata.category(char) == "Cc" for char in text)
        assert result.event_id
        assert result.customer_id


@PROFILE
@given(rows=csv_rows, delimiter=st.sampled_from([",", ";", "\t"]))
def test_random_csv_rows_give_one_result_per_non_blank_row(
    rows: list[list[str]], delimiter: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(FIELDS)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        with open_events(path, **OPTIONS) as events:
            assert events.delimiter == delimiter
            results = list(events)
    # Reading back with skipinitialspace may turn a cell of spaces into "", never the reverse.
    expected = sum(not _is_blank([cell.lstrip(" ") for cell in row]) for row in rows)
    assert len(results) == expected
    _check(results, first_line=2)
    event("some records" if any(isinstance(r, EventRecord) for r in results) else "no records")


@PROFILE
@given(content=st.binary(max_size=400), encoding=st.sampled_from([None, "utf-8", "gb18030"]))
def test_random_bytes_give_a_file_error_or_results(content: bytes, encoding: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.csv"
        path.write_bytes(b"event_id,event_type,occurred_at,customer_id\n" + content)
        results = _read_or_refuse(path, encoding)
    if results is not None:
        _check(results, first_line=2)


@PROFILE
@given(content=st.binary(max_size=200))
def test_random_bytes_without_header(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.csv"
        path.write_bytes(content)
        results = _read_or_refuse(path)
    if results is not None:
        _check(results, first_line=2)


def _read_or_refuse(path: Path, encoding: str | None = None) -> list[EventRecord | RowError] | None:
    """All results, or None when the whole file is refused (with a reason)."""
    try:
        with open_events(path, encoding=encoding, **OPTIONS) as events:
            return list(events)
    except ImportFileError as exc:
        if not str(exc):
            raise AssertionError("a refused file must say why") from exc
        return None


xlsx_cells = st.one_of(
    st.none(),
    plausible,
    # openpyxl refuses control characters in cells, and stores "=..." as a formula.
    st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"]), max_size=20).filter(
        lambda text: not text.startswith("=")
    ),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
    st.dates(min_value=date(1900, 3, 1)),
    st.times(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(xlsx_cells, max_size=11), max_size=8))
def test_random_xlsx_cells_give_one_result_per_non_empty_row(rows: list[list[Any]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(FIELDS))
    for row in rows:
        sheet.append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "events.xlsx"
        book.save(path)
        with open_events(path, **OPTIONS) as events:
            results = list(events)
    expected = sum(
        any(cell is not None and not (isinstance(cell, str) and _blank_text(cell)) for cell in row)
        for row in rows
    )
    assert len(results) == expected
    _check(results, first_line=2)


def _blank_text(text: str) -> bool:
    return not text or text.isspace()


any_cell = st.one_of(
    xlsx_cells,
    st.text(),
    st.floats(),
    st.builds(time),
    st.datetimes(timezones=st.just(UTC)),
)


@settings(max_examples=500, deadline=None)
@given(cells=st.lists(any_cell, max_size=12), line=st.integers(min_value=2, max_value=10**6))
def test_row_parser_never_raises(cells: list[object], line: int) -> None:
    parser = RowParser(read_header(FIELDS), zone=SHANGHAI, default_region="CN", now=NOW)
    result = parser.parse(line, cells)
    assert result.line == line
    _check([result], first_line=2)
