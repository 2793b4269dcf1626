"""A survey's intro fills a fact the visit lacks with the catalog's words, in its language."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from surveys.conversation.definitions import load_templates
from surveys.conversation.rendering import VisitFacts, intro_text

ZONE = ZoneInfo("Asia/Shanghai")
VISIT = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "name", "branch", "vehicle", "expected"),
    [
        ("en", "", None, None, "Hello there! Thank you for bringing your car to us on 2 Nov."),
        ("en", "Alex", "Pudong", "Model Y", "Hello Alex! Thank you for bringing your Model Y to "),
        ("zh", "", None, None, "尊敬的客户您好！感谢您11月2日到我们门店为爱车做保养/维修。"),
        ("zh", "王芳", "浦东店", "Model 3", "王芳您好！感谢您11月2日到浦东店为Model 3做保养"),
    ],
)
def test_missing_facts_read_as_words_of_the_language(
    language: str, name: str, branch: str | None, vehicle: str | None, expected: str
) -> None:
    template = load_templates()["post_service"]
    intro = intro_text(template, language, VisitFacts(name, branch, vehicle, VISIT), ZONE)
    assert intro.startswith(expected)
