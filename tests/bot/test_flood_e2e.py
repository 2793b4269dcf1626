"""One chat flooding the bot does not slow the others' replies."""

from __future__ import annotations

import time

from bot.sandbox import ChatMessage
from tests.support.harness import BotHarness, question_buttons

FLOOD = 1500


async def _answer(harness: BotHarness, customer: int, question: ChatMessage, seen: int) -> float:
    """Tap the question's first button; seconds until the next question arrives."""
    answer = next(iter(question_buttons(question).values()))
    tapped = time.monotonic()
    harness.sandbox.tap(customer, question.message_id, answer)
    await harness.next_message(customer, seen, timeout=10)
    return time.monotonic() - tapped


async def test_a_flooding_chat_does_not_delay_another_customers_reply(
    harness: BotHarness,
) -> None:
    flooder, customer = await harness.linked_customers(2)
    await harness.wave_now()
    opening = await harness.next_message(customer, 0)
    calm = await _answer(harness, customer, opening, 1)  # the reply time without a flood
    second = harness.sandbox.messages(customer)[1]
    for n in range(FLOOD):
        harness.sandbox.send_text(flooder, f"hello {n}")
    # Telegram hands a bot its updates in order: the other customer taps once the flood is
    # fetched, while the bot is still working through it.
    await harness.sandbox.wait_for(
        lambda: harness.sandbox.pending_updates() == 0 or None, 30.0, "the flood fetched"
    )
    flooded = await _answer(harness, customer, second, 2)
    assert flooded - calm < 1.0
    await harness.settle()
    told = [m for m in harness.sandbox.messages(flooder) if "faster than" in (m.text or "")]
    assert len(told) == 1
    assert len(harness.sandbox.messages(flooder)) < 40  # the burst answered, the rest dropped
