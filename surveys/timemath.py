"""Local business time <-> UTC, with a written policy for daylight-saving changes.

Policy (DESIGN.md invariant 7):

* A local time that does not exist (clocks jump forward, e.g. 02:30 on a
  spring-forward night) moves forward to the first valid minute after the gap.
* A local time that happens twice (clocks fall back) means its first
  occurrence, so a wave scheduled for it is sent once.
* "Yesterday", day windows and quiet hours are computed on local dates.

Instants are aware datetimes and are stored in UTC; local times are naive
wall-clock times read in the business's zone. :mod:`surveys.waves.schedule` builds
windows, send times, standing waves and quiet hours on top of these functions.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def _exists(local: datetime) -> bool:
    """A naive local time exists when it survives a round trip through UTC."""
    assert local.tzinfo is not None
    back = local.astimezone(UTC).astimezone(local.tzinfo)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of local ``day`` ``at`` in ``zone``, by the policy above."""
    local = datetime.combine(day, at.replace(tzinfo=None), tzinfo=zone).replace(fold=0)
    if _exists(local):
        return local.astimezone(UTC)
    probe = local.replace(second=0, microsecond=0)
    for _ in range(24 * 60):
        probe = (probe.replace(tzinfo=None) + timedelta(minutes=1)).replace(tzinfo=zone)
        if _exists(probe):
            return probe.astimezone(UTC)
    raise ValueError(f"no valid local time after {local}")  # pragma: no cover


def day_bounds(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC [start, end) covering local dates ``first`` .. ``last``, both inclusive."""
    if last < first:
        raise ValueError("the window ends before it starts")
    return to_utc(first, time(0), zone), to_utc(last + timedelta(days=1), time(0), zone)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def as_utc(instant: datetime) -> datetime:
    """``instant`` in UTC; a naive datetime is refused (its zone would be a guess)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{instant.isoformat()} has no time zone; pass an aware datetime")
    return instant.astimezone(UTC)


def to_local(instant: datetime, zone: ZoneInfo) -> datetime:
    """The wall-clock reading of ``instant`` in ``zone`` (aware; ``fold=1`` on a repeat).

    For display and local dates only: compare instants in UTC, because Python
    treats a local time inside a repeat as unequal to every datetime in another zone.
    """
    return as_utc(instant).astimezone(zone)


def exists(day: date, at: time, zone: ZoneInfo) -> bool:
    """Whether local ``day`` ``at`` happens at all (False inside a spring-forward gap)."""
    return _exists(datetime.combine(day, at.replace(tzinfo=None), tzinfo=zone))


def repeats(day: date, at: time, zone: ZoneInfo) -> bool:
    """Whether local ``day`` ``at`` happens twice (inside a fall-back repeat)."""
    local = datetime.combine(day, at.replace(tzinfo=None), tzinfo=zone)
    first = local.replace(fold=0)
    return _exists(first) and first.utcoffset() != local.replace(fold=1).utcoffset()


def format_local(instant: datetime, zone: ZoneInfo) -> str:
    """``instant`` as the business reads it, e.g. ``2024-03-10 03:00 EDT``."""
    local = to_local(instant, zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
