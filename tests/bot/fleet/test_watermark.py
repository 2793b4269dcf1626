"""The offset long polling may confirm, and how much the next answer would repeat."""

from __future__ import annotations

from bot.intake.watermark import Watermark


def test_the_offset_stops_below_the_oldest_update_in_hand() -> None:
    mark = Watermark()
    assert mark.offset == 0  # nothing seen: ask for everything
    for update_id in (10, 11, 12):
        assert mark.take(update_id)
    assert not mark.take(11)  # in hand already
    mark.finish(11)
    mark.finish(12)
    assert not mark.take(12)  # done, but Telegram repeats it until the offset passes it
    assert (mark.offset, mark.in_hand, mark.unconfirmed) == (10, 1, 3)
    mark.finish(10)
    assert (mark.offset, mark.in_hand, mark.unconfirmed) == (13, 0, 0)


def test_an_update_given_back_keeps_the_offset_below_it() -> None:
    mark = Watermark()
    for update_id in (5, 6):
        mark.take(update_id)
    mark.give_back(5)
    mark.finish(6)
    assert (mark.offset, mark.unconfirmed) == (5, 2)
