"""Scores: each item 0-100, weighted into touchpoint, section and audit scores.

A pass is 100 and a fail 0; a 1-5 scale maps 1 → 0 and 5 → 100; a number passes (100)
up to its limit and fails (0) beyond it; text is not scored. An item fails when it
scores below 50 (a fail, a 1 or 2, a number over its limit): failed items open
improvement actions. An unanswered item is left out of the weights rather than counted
as 0, so a re-audit of a few items scores those items only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from surveys.audits.checklists import Item, ItemType

FAIL_BELOW = 50.0


def item_score(item: Item, value: float | None) -> float | None:
    if value is None or item.type is ItemType.TEXT:
        return None
    if item.type is ItemType.PASS_FAIL:
        return 100.0 if value >= 1 else 0.0
    if item.type is ItemType.SCALE:
        return max(0.0, min(100.0, (value - 1) * 25.0))
    assert item.limit is not None
    return 100.0 if value <= item.limit else 0.0


def failed(item: Item, value: float | None) -> bool:
    score = item_score(item, value)
    return score is not None and score < FAIL_BELOW


def weighted(pairs: Iterable[tuple[float, float]]) -> float | None:
    """The weighted mean of (score, weight) pairs; None when nothing was weighed."""
    total = weight_sum = 0.0
    for score, weight in pairs:
        total += score * weight
        weight_sum += weight
    return None if weight_sum == 0 else total / weight_sum


@dataclass(frozen=True, slots=True)
class AuditScores:
    overall: float | None
    by_section: Mapping[str, float]
    by_touchpoint: Mapping[str, float]
    by_item: Mapping[str, float]
    failed_items: tuple[str, ...]


def score_audit(items: Iterable[Item], answers: Mapping[str, float | None]) -> AuditScores:
    """Scores of one audit from its items and the answers given (item id → value)."""
    scored: list[tuple[Item, float]] = []
    for item in items:
        score = item_score(item, answers.get(item.id))
        if score is not None:
            scored.append((item, score))

    def by(key: str) -> dict[str, float]:
        groups: dict[str, list[tuple[float, float]]] = {}
        for item, score in scored:
            groups.setdefault(getattr(item, key), []).append((score, item.weight))
        return {
            name: mean for name, pairs in groups.items() if (mean := weighted(pairs)) is not None
        }

    return AuditScores(
        overall=weighted((score, item.weight) for item, score in scored),
        by_section=by("section"),
        by_touchpoint=by("touchpoint"),
        by_item={item.id: score for item, score in scored},
        failed_items=tuple(item.id for item, score in scored if score < FAIL_BELOW),
    )
