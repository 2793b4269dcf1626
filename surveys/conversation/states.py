"""Where the conversation of a delivery is, as kept in ``deliveries.survey_state``."""

from __future__ import annotations

from enum import StrEnum


class SurveyState(StrEnum):
    """Where the conversation of a delivery is."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    EXPIRED = "expired"
    STOPPED = "stopped"


OPEN_SURVEY_STATES = (SurveyState.NOT_STARTED.value, SurveyState.IN_PROGRESS.value)
