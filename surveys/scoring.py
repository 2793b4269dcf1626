"""The seam between the survey engine and text analysis (``nlp.analyze`` in production)."""

from __future__ import annotations

from typing import Protocol


class Sentiment(Protocol):
    @property
    def label(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def language(self) -> str: ...
    @property
    def topics(self) -> tuple[str, ...]: ...


class Scorer(Protocol):
    """Scores a free-text answer; must never raise on text."""

    def __call__(self, text: str) -> Sentiment: ...
