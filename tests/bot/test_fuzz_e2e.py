"""Fuzzed inbound updates against the real bot: nothing a person sends crashes it.

Hypothesis draws short runs of what people can send (typed text, commands with odd
arguments, forged and real button taps, shared contacts, uploaded files with odd names
and contents) from an admin, a manager, a customer in the middle of a survey and a
stranger, and plays them through either chat framework against the sandbox, on each
database. After each run: no ERROR was logged (both frameworks log an unhandled handler
exception rather than raise it), every tap was answered, and the bot still answers
someone else. The bot keeps running across examples, so state builds up as in a chat.
``SURVEYBOT_FUZZ_EXAMPLES`` sets how many runs are drawn (50 by default).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from tests.support.harness import HEADER, BotHarness
from tests.support.live import LiveBot

ADMIN, MANAGER, CUSTOMER, STRANGER, PROBE = 7101, 7102, 7103, 7104, 7105
PEOPLE = (ADMIN, MANAGER, CUSTOMER, STRANGER)
# 50 runs take 10-30 s per framework and database here; raise it for a deeper search.
EXAMPLES = int(os.environ.get("SURVEYBOT_FUZZ_EXAMPLES", "50"))

COMMANDS = (
    "start", "stop", "language", "forget", "status", "help", "whoami", "queue", "complaint",
    "staff", "wave", "waves", "newwave", "export", "stats", "nonsense",
)  # fmt: skip
ODD_NUMBERS = ("²", "①", "٣", "０", "#", "#1", "-1", "0", "1e3", "99999999999999999999999")
WORDS = ("add", "remove", "list", "manager", "admin", "Pudong", "'un closed", "\x00")
# Telegram's own text never holds a lone surrogate (the sandbox speaks UTF-8 JSON)
TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=120)
NUMBER = st.one_of(
    st.sampled_from(ODD_NUMBERS),
    st.integers(-(10**25), 10**25).map(str),
    st.integers(0, 50).map(str),
)
ARGUMENT = st.one_of(
    NUMBER,
    TEXT,
    st.lists(st.one_of(NUMBER, st.sampled_from(WORDS), TEXT), min_size=1, max_size=5).map(" ".join),
)
# The shapes the codec knows (bot/chat/callbacks.py), each place filled with a fitting
# token or an odd number: N a number, B a bit, then the codec's letters for each place.
CALLBACK_SHAPES = (
    "a:N:N:N", "s:N:N", "l:L", "f:B", "r", "w:N:S:N", "k:N:O:N", "y:N:B", "m:N:B",
    "t:P:C", "v:N:W", "zz", "a:N",
)  # fmt: skip
PLACES = {
    "N": NUMBER,
    "B": st.sampled_from(["0", "1", "2", "²"]),
    "L": st.sampled_from(["zh", "en", "fr"]),
    "S": st.sampled_from("twbscx"),
    "O": st.sampled_from("ctragqvx"),
    "P": st.sampled_from(["7", "30", "90", "1"]),
    "C": st.sampled_from("bsx"),
    "W": st.sampled_from("vprcx"),
}


@st.composite
def _shaped(draw: st.DrawFn) -> str:
    kind, *places = draw(st.sampled_from(CALLBACK_SHAPES)).split(":")
    return ":".join(["1", kind, *(draw(PLACES[place]) for place in places)])


CALLBACK = st.one_of(_shaped(), TEXT).filter(lambda data: 0 < len(data.encode()) <= 64)
FILE_NAME = st.one_of(
    st.sampled_from(["events.csv", "events.xlsx", "..", ".", "", "x" * 300 + ".csv", "a\x00.csv"]),
    TEXT.map(lambda name: name + ".csv"),
)
FILE_BODY = st.one_of(
    st.binary(max_size=600),
    st.lists(TEXT, max_size=6).map(lambda rows: "\n".join([HEADER, *rows]).encode()),
    st.just(b"PK\x03\x04" + b"\x00" * 40),  # the start of a zip (xlsx) and nothing else
)


@dataclass(frozen=True)
class Typed:
    user: int
    text: str


@dataclass(frozen=True)
class Command:
    user: int
    name: str
    argument: str | None


@dataclass(frozen=True)
class Tap:
    """A tap on a real button of the bot's (``button`` picks one) or, with ``data``, a
    forged callback under the bot's latest message in the chat."""

    user: int
    button: int
    data: str | None


@dataclass(frozen=True)
class Contact:
    user: int
    phone: str
    own: bool


@dataclass(frozen=True)
class Upload:
    user: int
    name: str
    body: bytes


Act = Typed | Command | Tap | Contact | Upload
WHO = st.sampled_from(PEOPLE)
ACTS = st.one_of(
    st.builds(Typed, WHO, TEXT),
    st.builds(Command, WHO, st.sampled_from(COMMANDS), st.none() | ARGUMENT),
    st.builds(Tap, WHO, st.integers(0, 10_000), st.none()),
    st.builds(Tap, WHO, st.just(0), CALLBACK),
    st.builds(
        Contact,
        WHO,
        st.one_of(TEXT, st.from_regex(r"\+?(86)?1[3-9][0-9]{9}", fullmatch=True)),
        st.booleans(),
    ),
    st.builds(Upload, st.sampled_from((ADMIN, ADMIN, STRANGER)), FILE_NAME, FILE_BODY),
)


async def _setup(harness: BotHarness) -> None:
    """Staff, a customer who is in the middle of a survey, and a message in every chat."""
    async with UnitOfWork(harness.services.db) as uow:
        now = harness.clock.now()
        await add_staff(uow, user_id=MANAGER, role=Role.MANAGER, branch="Pudong", level=1, now=now)
    await harness.customer("C-1", CUSTOMER)
    await harness.wave_now()
    await harness.next_message(CUSTOMER, 1)
    for user in (ADMIN, MANAGER, STRANGER, PROBE):
        harness.sandbox.add_user(user, f"User {user}", language_code="en")
        harness.sandbox.send_text(user, "/help")
        await harness.next_message(user, 0)


async def _play(harness: BotHarness, acts: list[Act]) -> list[str]:
    """Send every act; returns the callback query ids of the taps."""
    sandbox, queries = harness.sandbox, []
    for act in acts:
        if isinstance(act, Typed):
            sandbox.send_text(act.user, act.text)
        elif isinstance(act, Command):
            sandbox.send_text(
                act.user, f"/{act.name} {act.argument}" if act.argument else f"/{act.name}"
            )
        elif isinstance(act, Contact):
            sandbox.share_contact(act.user, act.phone, contact_user_id="own" if act.own else None)
        elif isinstance(act, Upload):
            sandbox.send_document(act.user, act.name, act.body)
        else:
            messages = [m for m in sandbox.messages(act.user) if not m.deleted]
            buttons = [(m, d) for m in messages for d in m.callback_data()]
            if act.data is not None or not buttons:
                message, data = messages[-1], act.data or "1:zz"
            else:
                message, data = buttons[act.button % len(buttons)]
            queries.append(sandbox.tap(act.user, message.message_id, data, forge=True))
    return queries


async def _check(harness: BotHarness, queries: list[str]) -> None:
    """Every tap answered, and the bot still answers a person who took no part."""
    for query in queries:
        await harness.sandbox.wait_for_answer(query, timeout=15)
    await harness.settle()
    seen = len(harness.sandbox.messages(PROBE))
    harness.sandbox.send_text(PROBE, "/help")
    await harness.next_message(PROBE, seen, timeout=15)


@pytest.fixture
def live(database_url: str, framework: str, tmp_path: Path) -> Iterator[LiveBot]:
    folder = tmp_path / "imports"
    folder.mkdir()
    bot = LiveBot(
        database_url,
        folder,
        framework=framework,
        admins=str(ADMIN),
        language="en",
        flood_per_minute=6000,  # fuzzing the handlers, not the flood gate
    )
    try:
        bot.call(_setup)
        yield bot
    finally:
        bot.close()
    assert bot.errors.lines() == []


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(acts=st.lists(ACTS, min_size=1, max_size=8))
@example(  # what the attack run found, always tried first
    acts=[
        Command(ADMIN, "complaint", "\u00b2"),
        Command(ADMIN, "complaint", "99999999999999999999999"),
        Command(ADMIN, "staff", "add 7 manager BranchA \u00b2"),
        Command(ADMIN, "staff", "add 7 manager " + "B" * 300),
        Tap(CUSTOMER, 0, "1:a:\u00b2:0:0"),
        Tap(CUSTOMER, 0, "1:a:2147483648:0:0"),
        Upload(ADMIN, "x" * 300 + ".csv", b"a,b\n"),
        Typed(CUSTOMER, "rude\x00 staff"),
    ]
)
def test_fuzzed_updates_never_crash_the_bot(live: LiveBot, acts: list[Act]) -> None:
    before = len(live.errors.records)
    queries = live.call(lambda harness: _play(harness, acts))
    live.call(lambda harness: _check(harness, queries))
    assert live.errors.lines()[before:] == []
