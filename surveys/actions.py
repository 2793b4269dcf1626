"""What a button means, as plain data. ``bot.callbacks`` turns these into callback_data.

callback_data is only a lookup key: every handler re-checks in the database that
the tapping user owns the delivery and that the question is still open.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AnswerAction:
    """A rating, NPS score, yes (1) / no (0), or a choice (option index)."""

    delivery_id: int
    question: int
    value: int


@dataclass(frozen=True, slots=True)
class SkipAction:
    delivery_id: int
    question: int


@dataclass(frozen=True, slots=True)
class LanguageAction:
    language: str


@dataclass(frozen=True, slots=True)
class ForgetAction:
    confirm: bool


@dataclass(frozen=True, slots=True)
class ResumeAction:
    """Opt back in to surveys after /stop."""


@dataclass(frozen=True, slots=True)
class WizardAction:
    """A choice in the admin's wave wizard: ``step`` is t(emplate), w(indow), b(ranch),
    s(end time) or c(onfirm); ``choice`` indexes the options shown at that step."""

    draft_id: int
    step: str
    choice: int


@dataclass(frozen=True, slots=True)
class WaveControlAction:
    """An admin's button on a wave: v(iew), p(ause), r(esume) or c(ancel)."""

    wave_id: int
    op: str


@dataclass(frozen=True, slots=True)
class ComplaintButton:
    """A manager's button on a complaint card.

    ``op``: c(laim), t (contacted), r(esolve), a (show reassign choices), g (give to
    the manager ``arg``), q (root cause number ``arg``, after the resolution note),
    v (view the card again).
    """

    complaint_id: int
    op: str
    arg: int = 0


@dataclass(frozen=True, slots=True)
class SolvedAnswer:
    """The customer's answer to "Was your problem solved?"."""

    complaint_id: int
    solved: bool


@dataclass(frozen=True, slots=True)
class CallMeAnswer:
    """The customer's answer to "Would you like a manager to contact you?".

    ``delivery_id`` is set when the question clarified a survey whose scores and words
    disagreed; 0 when it followed a message written outside any survey.
    """

    delivery_id: int
    yes: bool


@dataclass(frozen=True, slots=True)
class StatsAction:
    """A button under the /stats chart: the period in days, and b(ranches) or s(taff)."""

    period: str
    compare: str


Action = (
    AnswerAction
    | SkipAction
    | LanguageAction
    | ForgetAction
    | ResumeAction
    | WizardAction
    | WaveControlAction
    | ComplaintButton
    | SolvedAnswer
    | CallMeAnswer
    | StatsAction
)
