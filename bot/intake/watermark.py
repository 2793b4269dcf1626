"""Which offset long polling may confirm: only a run of updates that are all done.

``getUpdates`` with ``offset`` confirms every update below it, so the offset may move past
an update only once it is committed. Updates done above one still in hand come back in the
next batch (Telegram resends all that is unconfirmed) and are recognised and skipped.
"""

from __future__ import annotations


class Watermark:
    def __init__(self) -> None:
        self._in_hand: set[int] = set()
        self._done: set[int] = set()  # done, but maybe not yet confirmed
        self._highest = 0

    def take(self, update_id: int) -> bool:
        """True when ``update_id`` is new to this process and should be handled now."""
        if update_id in self._in_hand or update_id in self._done:
            return False
        self._in_hand.add(update_id)
        self._highest = max(self._highest, update_id)
        return True

    def finish(self, update_id: int) -> None:
        """``update_id`` is done: committed, skipped as unreadable, or set aside."""
        self._in_hand.discard(update_id)
        self._done.add(update_id)

    def give_back(self, update_id: int) -> None:
        """``update_id`` was not handled (stopping): it stays in hand, so the offset never
        passes it and Telegram sends it again."""

    @property
    def offset(self) -> int:
        """The offset to pass: below the first update in hand, else past every one seen."""
        offset = min(self._in_hand) if self._in_hand else self._highest + 1
        self._done = {u for u in self._done if u >= offset}
        return offset if self._highest else 0

    @property
    def in_hand(self) -> int:
        return len(self._in_hand)

    @property
    def unconfirmed(self) -> int:
        """Updates seen that the offset does not yet pass: what the next answer repeats."""
        floor = min(self._in_hand) if self._in_hand else self._highest + 1
        return len(self._in_hand) + sum(1 for u in self._done if u >= floor)
