"""Typed scores in both languages: a number counts only when it is the answer; numbers
inside a complaint are the customer's words, kept, scored and followed by the question
again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveys.conversation.answers import Comment, Given, given_from_text
from surveys.conversation.definitions import load_templates
from surveys.conversation.typed_answers import read_number
from surveys.ports import InlineKeyboard
from surveys.storage import UnitOfWork
from surveys.storage.tables import Answer, Complaint
from tests.support.world import World

ANSWERS = [
    # (typed, low, high, value, comment)
    ("4", 1, 5, 4, None),
    ("４", 1, 5, 4, None),
    ("给4分", 1, 5, 4, None),
    ("我给你们五星", 1, 5, 5, None),
    ("五星", 1, 5, 5, None),
    ("4分。", 1, 5, 4, None),
    ("4/5", 1, 5, 4, None),
    ("8 out of 10", 0, 10, 8, None),
    ("8/10", 0, 10, 8, None),
    ("four stars", 1, 5, 4, None),
    ("Four", 1, 5, 4, None),
    ("I would give it a 4", 1, 5, 4, None),
    ("score: 3", 1, 5, 3, None),
    ("十分", 0, 10, 10, None),
    ("5, it was great", 1, 5, 5, "it was great"),
    ("4分，服务很好", 1, 5, 4, "服务很好"),
    ("2 - Waited 3 hours", 1, 5, 2, "Waited 3 hours"),
]
NOT_ANSWERS = [
    "等了3个小时",
    "等了三个小时，太慢了",
    "3个小时都没人理",
    "十分不满意",
    "the car came back with 3 scratches",
    "waited 2 hours, terrible",
    "2 hours late",
    "three days late and nobody called",
    "one more thing",
    "4.5",
    "4 but the wait",
]


@pytest.mark.parametrize(("typed", "low", "high", "value", "comment"), ANSWERS)
def test_numbers_that_are_answers(
    typed: str, low: int, high: int, value: int, comment: str | None
) -> None:
    reading = read_number(typed, low, high)
    assert reading is not None, typed
    assert (reading.value, reading.in_range, reading.comment) == (value, True, comment)


@pytest.mark.parametrize("typed", NOT_ANSWERS)
def test_numbers_inside_complaints_are_not_scores(typed: str) -> None:
    assert read_number(typed, 1, 5) is None


@pytest.mark.parametrize(
    ("typed", "low", "high"), [("7", 1, 5), ("8/10", 1, 5), ("4 out of 10", 1, 5), ("11", 0, 10)]
)
def test_numbers_out_of_the_question_range(typed: str, low: int, high: int) -> None:
    reading = read_number(typed, low, high)
    assert reading is not None
    assert not reading.in_range


OVERALL = load_templates()["post_service"].question("overall")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("4", Given(value_int=4)),
        ("5, it was great", Given(value_int=5, text="it was great")),
        ("waited 2 hours, terrible", Comment("waited 2 hours, terrible")),
        ("等了3个小时", Comment("等了3个小时")),
        ("给2分，等了3个小时", Given(value_int=2, text="等了3个小时")),
    ],
)
def test_mixed_text_becomes_a_score_a_comment_or_both(typed: str, expected: object) -> None:
    assert given_from_text(OVERALL, typed, "en", 2000) == expected


@pytest.mark.parametrize(("typed", "key"), [("7", "from 1 to 5"), ("🤷", "from 1 to 5")])
def test_no_score_and_no_words_gets_the_helpful_line(typed: str, key: str) -> None:
    said = given_from_text(OVERALL, typed, "en", 2000)
    assert isinstance(said, str)
    assert key in said


@pytest.mark.parametrize(
    ("language", "typed", "asks"),
    [
        ("en", "the car came back with 3 scratches", "What score would you give, from 1 to 5"),
        ("zh", "等了3个小时", "从 1 到 5"),
    ],
)
async def test_a_comment_is_kept_scored_and_the_score_asked_once(
    world: World, language: str, typed: str, asks: str
) -> None:
    customer_id = await world.customer("C-1", telegram_user_id=501, language=language)
    delivery_id = await world.delivery(customer_id, language=language)
    first = await world.engine.on_text(world.inbound(501), typed)
    assert asks in first.messages[0].text
    assert isinstance(first.messages[0].markup, InlineKeyboard)  # the buttons again
    again = await world.engine.on_text(world.inbound(501), "nobody said sorry")
    assert "What score" not in again.messages[0].text
    assert "您会打几分" not in again.messages[0].text
    async with UnitOfWork(world.db, readonly=True) as uow:
        rows = (
            (await uow.session.execute(select(Answer).where(Answer.delivery_id == delivery_id)))
            .scalars()
            .all()
        )
    assert [r.question_id for r in rows] == ["overall~comment"]
    assert rows[0].value_text == f"{typed}\nnobody said sorry"
    assert rows[0].sentiment_label == "negative"


async def test_the_comment_reaches_the_escalation_rules(world: World) -> None:
    """A 4 with a comment about three scratches: the words open the complaint."""
    customer_id = await world.customer("C-1", telegram_user_id=501)
    delivery_id = await world.delivery(customer_id)
    await world.engine.on_text(
        world.inbound(501), "the car came back with 3 scratches, terrible, never again"
    )
    await world.engine.on_text(world.inbound(501), "1")
    for _ in range(8):  # NPS, five touchpoints, what went wrong, the comment question
        reply = await world.engine.on_text(world.inbound(501), "skip")
    assert any("Thank you" in m.text for m in reply.messages)
    async with UnitOfWork(world.db, readonly=True) as uow:
        complaint = (
            await uow.session.execute(select(Complaint).where(Complaint.delivery_id == delivery_id))
        ).scalar_one()
    assert complaint.text is not None
    assert "3 scratches" in complaint.text
