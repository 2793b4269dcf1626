"""When a wave that ``surveybot wave create`` schedules really starts, and when to ask first.

``--at 03:00`` after three in the morning means tomorrow, and three in the morning is inside
the default quiet hours, so the wave would wait until nine: the admin is told both, and
the wave is created only with ``--yes``. ``--now`` needs no confirmation (the admin asked
for as soon as possible); its real start is printed all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.cli.shared.failures import Mistake
from surveys.timemath import format_local, local_date, to_utc
from surveys.waves.schedule import QuietHours, ScheduleError, parse_time_of_day


@dataclass(frozen=True, slots=True)
class SendPlan:
    """The instant the admin's words name, and the instant sending starts (both UTC)."""

    asked: datetime
    starts: datetime


def _time_of_day(text: str | None) -> bool:
    if text is None:
        return False
    try:
        parse_time_of_day(text)
    except ScheduleError:
        return False
    return True


def check_send_time(
    asked: datetime,
    *,
    at: str | None,
    now: datetime,
    zone: ZoneInfo,
    quiet: QuietHours | None,
    confirmed: bool,
    standing: bool = False,
) -> SendPlan:
    """The plan for a wave asked to send at ``asked`` (``at`` as written, None for --now).

    Raises :class:`Mistake` unless ``confirmed`` when an ``HH:MM`` that has passed today
    moved to tomorrow, or when ``at`` falls inside quiet hours.
    """
    starts = quiet.next_allowed(asked, zone) if quiet is not None else asked
    if confirmed or at is None:
        return SendPlan(asked, starts)
    if not standing and _time_of_day(at):
        today = to_utc(local_date(now, zone), parse_time_of_day(at), zone)
        if today <= now:
            raise Mistake(
                "cli_wave_at_passed",
                at=at,
                now=format_local(now, zone),
                when=format_local(asked, zone),
            )
    if starts != asked and quiet is not None:
        raise Mistake(
            "cli_wave_at_quiet",
            when=format_local(asked, zone),
            quiet=str(quiet),
            until=format_local(starts, zone),
        )
    return SendPlan(asked, starts)
