"""Question roles come from the stored template versions, per version."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from surveys.conversation.definitions import load_templates
from surveys.reports import QuestionMap, ReportScope, summary
from surveys.storage import Database, UnitOfWork
from surveys.storage.tables import SurveyTemplate
from tests.surveys.reports.seed import CREATED, ZONE, Seed, local


def _service_definition() -> dict[str, Any]:
    return copy.deepcopy(dict(load_templates()["post_service"].raw))


async def _store(db: Database, key: str, definition: dict[str, Any]) -> int:
    async with UnitOfWork(db) as uow:
        row = SurveyTemplate(key=key, checksum=key, definition=definition, created_at=CREATED)
        uow.session.add(row)
        await uow.session.flush()
        return row.id


async def test_one_question_id_can_mean_different_things(db: Database) -> None:
    seed = await Seed.create(db)
    other = _service_definition()
    other["key"] = "custom"
    for question in other["questions"]:
        question.pop("role", None)  # 'overall' is a plain rating here ...
    other["questions"][2]["role"] = "csat"  # ... and 'reception' is the CSAT question
    custom_id = await _store(db, "custom", other)
    seed.template_ids["custom"] = custom_id
    seed.wave_ids["custom"] = seed.wave_ids["post_service"]
    day = date(2026, 11, 3)
    await seed.survey(local(day), branch_id=None, staff=None, answers={"overall": 5, "nps": 10})
    await seed.survey(
        local(day, 11),
        branch_id=None,
        staff=None,
        template="custom",
        customer="X1",
        answers={"overall": 1, "reception": 2, "nps": 0},
    )
    async with UnitOfWork(db, readonly=True) as uow:
        questions = await QuestionMap.load(uow)
        s = await summary(uow, ReportScope(day, day, ZONE), now=CREATED, questions=questions)
    assert questions.templates[custom_id].csat == "reception"
    assert questions.templates[custom_id].nps is None
    # CSAT: 5 (post_service 'overall') and 2 (custom 'reception'); NPS only from post_service
    assert (s.scores.csat, s.scores.csat_responses) == (0.5, 2)
    assert (s.scores.nps, s.scores.nps_responses) == (100.0, 1)


async def test_a_definition_that_no_longer_validates_is_read_leniently(db: Database) -> None:
    broken = _service_definition()
    broken["questions"][0]["weight"] = 2  # a key today's validator refuses
    broken["thanks"] = 42
    template_id = await _store(db, "old", broken)
    async with UnitOfWork(db, readonly=True) as uow:
        questions = await QuestionMap.load(uow)
    found = questions.templates[template_id]
    assert (found.csat, found.nps, found.csat_scale) == ("overall", "nps", 5)
    assert found.touchpoints["reception"] == "reception"
    assert found.questions[:2] == ("overall", "nps")
