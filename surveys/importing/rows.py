"""Turning the cells of one data row into an ``EventRecord`` or a ``RowError``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
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


class RowParser:
    """Checks data rows against one header; remembers event ids to find repeats in the file.

    Every row gives exactly one result. Checks run in column order (event_id, event_type,
    occurred_at, customer_id, then the optional columns) and the first problem is reported.
    An event id belongs to the first row that uses it, even when that row has other problems,
    so a repeat is reported on every later row.
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
        """The record for the row starting at ``line``, or why it cannot be imported."""
        field = "event_id"
        try:
            event_id = self._required(field, cells)
            first = self._first_lines.setdefault(event_id, line)
            if first != line:
                raise ValueProblem(f"{show(event_id)} already used on line {first}")
            field = "event_type"
            event_type = parse_event_type(self._required(field, cells))
            field = "occurred_at"
            self._required(field, cells)
            occurred_at = parse_occurred_at(
                self._cell(field, cells), zone=self._zone, now=self._now
            )
            field = "customer_id"
            customer_id = self._required(field, cells)
            field = "customer_name"
            customer_name = self._text(field, cells)
            field = "phone"
            phone = self._phone(cells)
            field = "language"
            language = parse_language(self._text(field, cells))
            field = "branch"
            branch = self._text(field, cells) or None
            field = "staff"
            staff = self._text(field, cells) or None
            field = "vehicle"
            vehicle = self._text(field, cells) or None
        except ValueProblem as problem:
            return RowError(line, f"{self._labels.get(field, field)}: {problem}")
        return EventRecord(
            line=line,
            event_id=event_id,
            event_type=event_type,
            occurred_at=occurred_at,
            customer_id=customer_id,
            customer_name=customer_name,
            phone=phone,
            language=language,
            branch=branch,
            staff=staff,
            vehicle=vehicle,
        )

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
