"""One person's share of the bot: a burst, then a steady rate; beyond it dropped, told once."""

from __future__ import annotations

from surveys.flood import FloodGate, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_the_rate_then_dropped_and_told_once() -> None:
    clock = Clock()
    gate = FloodGate(per_minute=60, burst=3, now=clock)
    verdicts = [gate.admit(1) for _ in range(6)]
    assert verdicts == [Verdict.HANDLE] * 3 + [Verdict.TELL, Verdict.DROP, Verdict.DROP]
    assert gate.admit(2) is Verdict.HANDLE  # another person is not held back
    clock.now += 1.0  # one more a second
    assert gate.admit(1) is Verdict.HANDLE
    assert gate.admit(1) is Verdict.DROP  # still the same flood: told once
    clock.now += 3.0  # calm again: the bucket is full
    assert [gate.admit(1) for _ in range(4)] == [Verdict.HANDLE] * 3 + [Verdict.TELL]
    assert gate.dropped == 5


def test_the_oldest_people_are_forgotten_beyond_the_bound() -> None:
    gate = FloodGate(per_minute=60, burst=1, now=Clock(), tracked=2)
    for user in (1, 2, 3):
        assert gate.admit(user) is Verdict.HANDLE
    assert gate.admit(1) is Verdict.HANDLE  # forgotten, so a fresh bucket
    assert gate.admit(3) is Verdict.TELL
