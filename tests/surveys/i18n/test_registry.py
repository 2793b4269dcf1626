"""The registry is assembled from its areas, each key in exactly one of them."""

from __future__ import annotations

import pytest

from surveys.i18n.messages import AREAS, MESSAGES, N_, _assemble


def test_the_registry_is_every_area_together() -> None:
    keys = [key for area in AREAS for key in area.MESSAGES]
    assert len(keys) == len(set(keys)) == len(MESSAGES)
    assert all(MESSAGES[key] == area.MESSAGES[key] for area in AREAS for key in area.MESSAGES)


def test_a_key_in_two_areas_fails_at_assembly() -> None:
    with pytest.raises(ValueError, match="'skip'"):
        _assemble({"skip": N_("Skip")}, {"skip": N_("Skip it")})
