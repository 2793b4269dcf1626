"""Which question of which template version plays which part in the metrics.

The roles come from the template definitions kept in ``survey_templates``
(``role: csat``, ``role: nps``, ``touchpoint: ...``), so a renamed question or a
new template needs no change here. The SQL conditions are built per template
version, because one question id may mean different things in two templates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, false, null, or_, select

from surveys.conversation.definitions import QuestionType, Template, TemplateError, parse_template
from surveys.storage.tables import Answer, Delivery, SurveyTemplate
from surveys.storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class TemplateQuestions:
    """The questions of one stored template version, as the reports see them."""

    template_id: int
    key: str
    questions: tuple[str, ...]
    kinds: Mapping[str, str]
    csat: str | None = None
    csat_scale: int = 5
    nps: str | None = None
    touchpoints: Mapping[str, str] = field(default_factory=dict)
    scales: Mapping[str, int] = field(default_factory=dict)
    #: question id -> option id -> language -> label, for choice questions
    options: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    #: language -> the template's title
    titles: Mapping[str, str] = field(default_factory=dict)
    #: question id -> language -> its words, for questions worded one way only (not
    #: after earlier answers)
    wordings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def title(self, language: str) -> str:
        """The template's own title in ``language`` (its key only if it has none)."""
        return self.titles.get(language) or next(iter(self.titles.values()), self.key)

    @classmethod
    def of(cls, template_id: int, template: Template) -> TemplateQuestions:
        csat = template.question_with_role("csat")
        nps = template.question_with_role("nps")
        return cls(
            template_id=template_id,
            key=template.key,
            questions=tuple(q.id for q in template.questions),
            kinds={q.id: q.type.value for q in template.questions},
            csat=csat.id if csat else None,
            csat_scale=csat.scale if csat else 5,
            nps=nps.id if nps else None,
            touchpoints={q.id: q.touchpoint for q in template.questions if q.touchpoint},
            scales={q.id: q.max_value for q in template.questions if q.type is QuestionType.RATING},
            options={
                q.id: {o.id: dict(o.label.by_language) for o in q.options}
                for q in template.questions
                if q.options
            },
            titles=dict(template.title.by_language),
            wordings={
                q.id: dict(q.variants[0].text.by_language)
                for q in template.questions
                if len(q.variants) == 1
            },
        )

    @classmethod
    def read(cls, template_id: int, key: str, definition: Any) -> TemplateQuestions:
        """From a stored definition; one that no longer validates is read leniently
        (ids, types, roles, touchpoints), so an old template never breaks a report."""
        try:
            return cls.of(template_id, parse_template(definition, f"template {key} #{template_id}"))
        except (TemplateError, TypeError, AttributeError, KeyError):
            pass
        items = definition.get("questions") if isinstance(definition, Mapping) else None
        found = [q for q in items or () if isinstance(q, Mapping) and isinstance(q.get("id"), str)]

        def scale(q: Mapping[str, Any]) -> int:
            value = q.get("scale", 5)
            return value if isinstance(value, int) and value > 1 else 5

        csat = next((q for q in found if q.get("role") == "csat"), None)
        nps = next((q for q in found if q.get("role") == "nps"), None)
        return cls(
            template_id=template_id,
            key=key,
            questions=tuple(q["id"] for q in found),
            kinds={q["id"]: str(q.get("type")) for q in found},
            csat=csat["id"] if csat else None,
            csat_scale=scale(csat) if csat else 5,
            nps=nps["id"] if nps else None,
            touchpoints={
                q["id"]: q["touchpoint"] for q in found if isinstance(q.get("touchpoint"), str)
            },
            scales={q["id"]: scale(q) for q in found if q.get("type") == "rating"},
            titles=_titles(definition),
            wordings={q["id"]: words for q in found if (words := _texts(q.get("text")))},
        )

    def wording(self, question_id: str, language: str) -> str | None:
        """The words of a question worded one way only, in ``language`` if it has them."""
        words = self.wordings.get(question_id)
        if not words:
            return None
        return words.get(language) or next(iter(words.values()))


def _texts(value: Any) -> dict[str, str]:
    """A ``{language: text}`` mapping's texts (nothing for a list of variants)."""
    if not isinstance(value, Mapping):
        return {}
    return {str(language): text for language, text in value.items() if isinstance(text, str)}


def _titles(definition: Any) -> dict[str, str]:
    return _texts(definition.get("title") if isinstance(definition, Mapping) else None)


@dataclass(frozen=True, slots=True)
class QuestionMap:
    """Roles and touchpoints of template versions, keyed by ``survey_templates.id``.

    ``complete`` says the map holds every version the database has (as :meth:`load`
    makes it); then a question id that plays the same part in every template that
    has it is matched by the id alone, which keeps the report queries simple.
    """

    templates: Mapping[int, TemplateQuestions]
    complete: bool = False

    @classmethod
    async def load(
        cls, uow: UnitOfWork, *, csat_question: str | None = None, nps_question: str | None = None
    ) -> QuestionMap:
        """Read every stored template version; the optional ids override the roles."""
        rows = await uow.session.execute(
            select(SurveyTemplate.id, SurveyTemplate.key, SurveyTemplate.definition)
        )
        found = cls(
            {
                row_id: TemplateQuestions.read(row_id, key, definition)
                for row_id, key, definition in rows.all()
            },
            complete=True,
        )
        return found.with_roles(csat=csat_question, nps=nps_question)

    @classmethod
    def from_templates(
        cls, templates: Mapping[int, Template], *, complete: bool = False
    ) -> QuestionMap:
        return cls({tid: TemplateQuestions.of(tid, t) for tid, t in templates.items()}, complete)

    def with_roles(self, *, csat: str | None = None, nps: str | None = None) -> QuestionMap:
        """The same map with the CSAT and/or NPS question named explicitly for every template."""
        if csat is None and nps is None:
            return self
        changed: dict[int, TemplateQuestions] = {}
        for tid, t in self.templates.items():
            changed[tid] = replace(
                t,
                csat=t.csat if csat is None else csat,
                csat_scale=t.csat_scale if csat is None else t.scales.get(csat, 5),
                nps=t.nps if nps is None else nps,
            )
        return QuestionMap(changed, self.complete)

    def template_ids(self, key: str | None = None, touchpoint: str | None = None) -> list[int]:
        """Template versions with that key and/or asking about that touchpoint."""
        return sorted(
            tid
            for tid, t in self.templates.items()
            if (key is None or t.key == key)
            and (touchpoint is None or touchpoint in t.touchpoints.values())
        )

    def question_columns(self, template_ids: Iterable[int]) -> list[str]:
        """Question ids of these template versions, in template order, each once."""
        columns: list[str] = []
        for tid in sorted(template_ids):
            template = self.templates.get(tid)
            for qid in template.questions if template else ():
                if qid not in columns:
                    columns.append(qid)
        return columns

    def ids(self, *, csat: bool = False, nps: bool = False, text: bool = False) -> list[str]:
        """Question ids that play the named parts in some template (for sargable prefilters)."""
        found: set[str] = set()
        for t in self.templates.values():
            if csat and t.csat is not None:
                found.add(t.csat)
            if nps and t.nps is not None:
                found.add(t.nps)
            if text:
                found.update(q for q, kind in t.kinds.items() if kind == QuestionType.TEXT.value)
        return sorted(found)

    def touchpoint_ids(self, touchpoint: str | None = None) -> list[str]:
        return sorted(
            {
                qid
                for t in self.templates.values()
                for qid, name in t.touchpoints.items()
                if touchpoint is None or name == touchpoint
            }
        )

    # ------------------------------------------------------------ SQL pieces

    def _by_question(self, pick: dict[int, str | None]) -> dict[str, list[int]]:
        grouped: dict[str, list[int]] = defaultdict(list)
        for tid, qid in pick.items():
            if qid is not None:
                grouped[qid].append(tid)
        return grouped

    def _matches(self, qid: str, template_ids: list[int]) -> ColumnElement[bool]:
        """An answer to question ``qid`` of one of these template versions."""
        if self.complete:
            having = {tid for tid, t in self.templates.items() if qid in t.questions}
            if having <= set(template_ids):
                return Answer.question_id == qid
        return and_(Answer.question_id == qid, Delivery.template_id.in_(sorted(template_ids)))

    def is_csat(self) -> ColumnElement[bool]:
        """The answer is to the CSAT question of its delivery's template."""
        pick = {tid: t.csat for tid, t in self.templates.items()}
        return _any(self._matches(q, ids) for q, ids in self._by_question(pick).items())

    def csat_satisfied(self) -> ColumnElement[bool]:
        """A CSAT answer in the top two boxes of its scale (4-5 of 5)."""
        grouped: dict[tuple[str, int], list[int]] = defaultdict(list)
        for tid, t in self.templates.items():
            if t.csat is not None:
                grouped[(t.csat, t.csat_scale)].append(tid)
        return _any(
            and_(self._matches(qid, ids), Answer.value_int >= scale - 1)
            for (qid, scale), ids in grouped.items()
        )

    def is_nps(self) -> ColumnElement[bool]:
        pick = {tid: t.nps for tid, t in self.templates.items()}
        return _any(self._matches(q, ids) for q, ids in self._by_question(pick).items())

    def is_touchpoint(self, touchpoint: str | None = None) -> ColumnElement[bool]:
        """The answer is to a touchpoint question (that touchpoint only, when given)."""
        grouped: dict[str, list[int]] = defaultdict(list)
        for tid, t in self.templates.items():
            for qid, name in t.touchpoints.items():
                if touchpoint is None or name == touchpoint:
                    grouped[qid].append(tid)
        return _any(self._matches(q, ids) for q, ids in grouped.items())

    def touchpoint_of(self) -> ColumnElement[str | None]:
        """The touchpoint an answer is about (NULL for other questions)."""
        grouped: dict[tuple[str, str], list[int]] = defaultdict(list)
        for tid, t in self.templates.items():
            for qid, name in t.touchpoints.items():
                grouped[(qid, name)].append(tid)
        if not grouped:
            return cast(null(), String)
        return case(
            *((self._matches(qid, ids), name) for (qid, name), ids in sorted(grouped.items())),
            else_=None,
        )


def _any(conditions: Iterable[ColumnElement[bool]]) -> ColumnElement[bool]:
    listed = list(conditions)
    if not listed:
        return false()
    return listed[0] if len(listed) == 1 else or_(*listed)
