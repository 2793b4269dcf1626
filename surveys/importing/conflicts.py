"""One customer, two phone numbers in one file: the importer keeps the last, and says so."""

from __future__ import annotations

from surveys.i18n import Text
from surveys.importing.records import EventRecord
from surveys.importing.values import show


class PhoneConflicts:
    """Remembers each customer's phone number in a file, and the customers whose rows differ."""

    def __init__(self) -> None:
        self._phones: dict[str, tuple[str, int]] = {}
        self._count = 0
        self._first: tuple[str, int, int] | None = None
        self._seen: set[str] = set()

    def see(self, record: EventRecord) -> None:
        if record.phone is None:
            return
        known = self._phones.get(record.customer_id)
        if known is not None and known[0] != record.phone and record.customer_id not in self._seen:
            self._seen.add(record.customer_id)
            self._count += 1
            self._first = self._first or (record.customer_id, known[1], record.line)
        self._phones[record.customer_id] = (record.phone, record.line)

    def warning(self) -> Text | None:
        if self._first is None:
            return None
        customer, first, later = self._first
        return Text(
            "import_phone_conflict",
            count=self._count,
            customer=show(customer),
            lines=f"{first}, {later}",
        )
