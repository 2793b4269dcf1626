"""Column names of an import file: canonical fields, their aliases, and reading a header row."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

REQUIRED_FIELDS = ("event_id", "event_type", "occurred_at", "customer_id")
OPTIONAL_FIELDS = ("customer_name", "phone", "language", "branch", "staff", "vehicle")
FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS

# Header names as dealership systems and spreadsheets write them. Matching ignores case,
# full-width forms, spaces, "_", "-", "." and "*" (a common "required" marker), so "Event ID",
# "event-id" and "EVENT_ID" are all event_id.
_ALIASES: Mapping[str, tuple[str, ...]] = {
    "event_id": (
        "event_id",
        "event_no",
        "event_number",
        "事件编号",
        "事件id",
        "单号",
        "工单号",
        "订单号",
        "单据号",
    ),
    "event_type": ("event_type", "type", "类型", "业务类型", "事件类型"),
    "occurred_at": (
        "occurred_at",
        "date",
        "time",
        "datetime",
        "timestamp",
        "时间",
        "日期",
        "发生时间",
        "业务时间",
        "日期时间",
        "到店时间",
        "到店日期",
        "进店时间",
        "进厂时间",
        "服务日期",
        "服务时间",
        "购车日期",
        "交车日期",
    ),
    "customer_id": ("customer_id", "customer_no", "客户编号", "客户id", "客户代码"),
    "customer_name": ("customer_name", "name", "客户姓名", "客户名称", "客户名", "姓名"),
    "phone": (
        "phone",
        "phone_number",
        "mobile",
        "tel",
        "telephone",
        "手机号",
        "手机号码",
        "手机",
        "电话",
        "电话号码",
        "联系电话",
    ),
    "language": ("language", "lang", "语言"),
    "branch": ("branch", "store", "dealer", "门店", "网点", "分店"),
    "staff": ("staff", "advisor", "顾问", "销售顾问", "服务顾问", "员工"),
    "vehicle": ("vehicle", "car", "model", "车型", "车辆"),
}

_IGNORED_IN_NAMES = re.compile(r"[\s_\-.*\ufeff]+")


def header_key(name: str) -> str:
    """The form in which header names are compared."""
    return _IGNORED_IN_NAMES.sub("", unicodedata.normalize("NFKC", name).casefold())


_FIELD_BY_KEY: Mapping[str, str] = {
    header_key(alias): field for field, aliases in _ALIASES.items() for alias in aliases
}


def aliases() -> Mapping[str, tuple[str, ...]]:
    """Each field and the header names that give it (for ``surveybot import --help``)."""
    return _ALIASES


def _reason_keys() -> frozenset[str]:
    """The errors file's reason column, in every language: read back, it is not data."""
    from surveys.i18n import SUPPORTED, say

    return frozenset(header_key(say("import_reason_column", language)) for language in SUPPORTED)


@dataclass(frozen=True, slots=True)
class Header:
    """Where each known field sits in a row, and what else the header row held."""

    positions: Mapping[str, int]  # field -> index of its cell
    labels: Mapping[str, str]  # field -> column name as written in the file
    unknown: tuple[str, ...]  # names that match no field, in file order
    repeated: tuple[tuple[str, str], ...]  # (ignored column, field it would have given)
    width: int  # number of cells up to the last named column

    @property
    def needed(self) -> int:
        """Cells a row must have to give every column the header names a field for."""
        return max(self.positions.values(), default=-1) + 1

    @property
    def missing(self) -> tuple[str, ...]:
        """Required fields that no column provides."""
        return tuple(field for field in REQUIRED_FIELDS if field not in self.positions)


def _cell_name(cell: object) -> str:
    """A header cell's text: trimmed, without a byte-order mark."""
    return "" if cell is None else str(cell).strip().lstrip("\ufeff").strip()


def repeats_header(header: Header, cells: Sequence[object]) -> bool:
    """True when ``cells`` name the same fields in the same places as ``header``: a header
    row repeated inside the file, as when two exports are pasted one after the other."""
    for field, index in header.positions.items():
        cell = cells[index] if index < len(cells) else None
        if _FIELD_BY_KEY.get(header_key(_cell_name(cell))) != field:
            return False
    return True


def read_header(cells: Sequence[object]) -> Header:
    """Match each header cell to a field; the first column for a field wins."""
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    unknown: list[str] = []
    repeated: list[tuple[str, str]] = []
    width = 0
    reason_keys = _reason_keys()
    for index, cell in enumerate(cells):
        name = _cell_name(cell)
        if not name:
            continue
        width = index + 1
        key = header_key(name)
        if key in reason_keys:
            continue
        field = _FIELD_BY_KEY.get(key)
        if field is None:
            unknown.append(name)
        elif field in positions:
            repeated.append((name, field))
        else:
            positions[field] = index
            labels[field] = name
    return Header(positions, labels, tuple(unknown), tuple(repeated), width)
