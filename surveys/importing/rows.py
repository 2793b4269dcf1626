"""Turning the cells of one data row into an ``EventRecord`` or a ``RowError``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from surveys.customers.phones import InvalidPhone, normalize_phone
from surveys.importing.columns import Header
from surveys.importing.records import EventRecord, RowError
from surveys.importing.values import (
    ValueProblem,
    cell_text,
    checked_text,
    parse_event_type,
    parse_language,
    parse_occurred_at,
    show,
)

T = TypeVar("T")


class RowParser:
    """Checks data rows against one header; remembers event ids to find repeats in the file.

    Every row gives exactly one result. Every column is checked and every problem reported,
    in column order (event_id, event_type, occurred_at, customer_id, then the optional
    columns), so that one round of fixing is enough. An event id belongs to the first row
    that uses it, even when that row has other problems, so a repeat is reported on every
    later row.
    """

    def __init__(
        self, header: Header, *, zone: ZoneInfo, default_region: str, now: datetime
    ) -> None:
        self._positions = header.positions
        self._labels = {
            field: field if label.casefold() == field else f"{field} ({label})"
            for field, label in header.labels.items()
        }
        self._zone = zone
        self._region = default_region
        self._now = now
        self._first_lines: dict[str, int] = {}

    def parse(self, line: int, cells: Sequence[object]) -> EventRecord | RowError:
        """The record for the row starting at ``line``, or every reason it cannot be imported."""
        problems: list[str] = []

        def check(field: str, read: Callable[[], T]) -> T | None:
            try:
                return read()
            except ValueProblem as problem:
                problems.append(f"{self._labels.get(field, field)}: {problem}")
                return None

        event_id = check("event_id", lambda: self._event_id(line, cells))
        event_type = check(
            "event_type", lambda: parse_event_type(self._required("event_type", cells))
        )
        occurred_at = check("occurred_at", lambda: self._occurred_at(cells))
        customer_id = check("customer_id", lambda: self._required("customer_id", cells))
        customer_name = check("customer_name", lambda: self._text("customer_name", cells))
        phone = check("phone", lambda: self._phone(cells))
        language = check("language", lambda: parse_language(self._text("language", cells)))
        branch = check("branch", lambda: self._text("branch", cells))
        staff = check("staff", lambda: self._text("staff", cells))
        vehicle = check("vehicle", lambda: self._text("vehicle", cells))
        if problems:
            return RowError(line, "; ".join(problems), tuple(cells))
        assert event_id is not None
        assert event_type is not None
        assert occurred_at is not None
        assert customer_id is not None
        assert customer_name is not None
        return EventRecord(
            line=line,
            event_id=event_id,
            event_type=event_type,
            occurred_at=occurred_at,
            customer_id=customer_id,
            customer_name=customer_name,
            phone=phone,
            language=language,
            branch=branch or None,
            staff=staff or None,
            vehicle=vehicle or None,
        )

    def _event_id(self, line: int, cells: Sequence[object]) -> str:
        event_id = self._required("event_id", cells)
        first = self._first_lines.setdefault(event_id, line)
        if first != line:
            raise ValueProblem(f"{show(event_id)} already used on line {first}")
        return event_id

    def _occurred_at(self, cells: Sequence[object]) -> datetime:
        self._required("occurred_at", cells)
        return parse_occurred_at(self._cell("occurred_at", cells), zone=self._zone, now=self._now)

    def _cell(self, field: str, cells: Sequence[object]) -> object:
        position = self._positions.get(field)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def _text(self, field: str, cells: Sequence[object]) -> str:
        return checked_text(cell_text(self._cell(field, cells)))

    def _required(self, field: str, cells: Sequence[object]) -> str:
        text = self._text(field, cells)
        if not text:
            raise ValueProblem("required but empty")
        return text

    def _phone(self, cells: Sequence[object]) -> str | None:
        text = self._text("phone", cells)
        if not text:
            return None
        if "e+" in text.casefold():
            raise ValueProblem(
                f"{show(text)} was written in scientific notation; format the column as text"
            )
        try:
            return normalize_phone(text, self._region)
        except InvalidPhone as exc:
            raise ValueProblem(f"{show(text)} is not a valid phone number ({exc.reason})") from None
