"""Checklists are validated on load, and the shipped ones line up with the survey templates."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from surveys.audits.checklists import (
    ChecklistError,
    ItemType,
    load_checklist_file,
    load_checklists,
    parse_checklist,
)
from surveys.conversation.definitions import load_templates

TEXT = {"zh": "门头整洁", "en": "Signage is clean"}


def _valid() -> dict[str, Any]:
    return {
        "key": "mini",
        "title": {"zh": "小检查", "en": "Mini check"},
        "sections": [
            {
                "id": "arrival",
                "title": {"zh": "到店", "en": "Arrival"},
                "items": [
                    {"id": "clean", "type": "pass_fail", "touchpoint": "exterior", "text": TEXT},
                    {
                        "id": "wait",
                        "type": "number",
                        "touchpoint": "reception",
                        "limit": 5,
                        "weight": 2,
                        "text": TEXT,
                    },
                    {"id": "seen", "type": "text", "touchpoint": "exterior", "text": TEXT},
                ],
            }
        ],
    }


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = _valid()
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()
ITEM = ("sections", 0, "items", 0)


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("key",), "Pre Sale", "'key' must be lowercase letters, digits and _"),
        (("title",), "检查", "title must give every language (zh, en)"),
        (("title",), {"zh": "检查"}, "title has no 'en' text"),
        (("sections",), [], "'sections' must be a non-empty list"),
        (("sections", 0, "items"), [], "section 'arrival' needs a non-empty list of 'items'"),
        (("sections", 0, "colour"), "red", "section 'arrival': unknown key(s) ['colour']"),
        ((*ITEM, "type"), "yes_no", "item 'clean': unknown type 'yes_no' (use one of pass_fail"),
        ((*ITEM, "weight"), -1, "item 'clean': 'weight' must be a number >= 0"),
        ((*ITEM, "weight"), 0, "item 'clean': a scored item needs a weight above 0"),
        ((*ITEM, "weight"), True, "item 'clean': 'weight' must be a number >= 0"),
        ((*ITEM, "photo"), "yes", "item 'clean': 'photo' must be true or false"),
        ((*ITEM, "touchpoint"), _DELETE, "item 'clean': 'touchpoint' must name the touchpoint"),
        ((*ITEM, "touchpoint"), "厅外", "item 'clean': 'touchpoint' must name the touchpoint"),
        ((*ITEM, "text"), _DELETE, "item 'clean': missing 'text'"),
        ((*ITEM, "limit"), 3, "item 'clean': 'limit' is only for type number"),
        ((*ITEM, "id"), "wait", "item 'wait': duplicate item id"),
        ((*ITEM, "hint"), "x", "item 'clean': unknown key(s) ['hint']"),
        (
            ("sections", 0, "items", 1, "limit"),
            _DELETE,
            "item 'wait': a number item needs a 'limit'",
        ),
        (("sections", 0, "items", 2, "weight"), 1, "item 'seen': a text item is not scored"),
    ],
)
def test_a_broken_checklist_is_refused_with_the_reason(
    path: tuple[Any, ...], value: Any, problem: str
) -> None:
    with pytest.raises(ChecklistError) as caught:
        parse_checklist(_with(path, value), "mini.yaml")
    assert str(caught.value).startswith(f"mini.yaml: {problem}"), str(caught.value)


def test_a_checklist_of_text_items_only_scores_nothing_and_is_refused() -> None:
    data = _valid()
    data["sections"][0]["items"] = [copy.deepcopy(data["sections"][0]["items"][2])]
    with pytest.raises(ChecklistError, match="at least one item must be scored"):
        parse_checklist(data, "mini.yaml")


def test_a_valid_checklist_reads_as_written() -> None:
    checklist = parse_checklist(_valid(), "mini.yaml")
    clean, wait, seen = checklist.items
    assert (clean.type, clean.weight, clean.photo) == (ItemType.PASS_FAIL, 1.0, False)
    assert (wait.type, wait.weight, wait.limit) == (ItemType.NUMBER, 2.0, 5.0)
    assert (seen.scored, seen.weight) == (False, 0.0)
    assert checklist.touchpoints == ("exterior", "reception")
    assert clean.text.get("zh") == "门头整洁"


def test_a_file_named_for_another_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("key: mini\ntitle: {zh: 小, en: mini}\nsections: []\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match="named for 'other'"):
        load_checklist_file(path)
    path.write_text("key: [\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"other\.yaml: not valid YAML"):
        load_checklist_file(path)


def test_the_shipped_checklists_cover_the_service_process_map() -> None:
    checklists = load_checklists()
    assert sorted(checklists) == ["after_sale", "pre_sale"]
    pre_sale = checklists["pre_sale"].touchpoints
    assert len(pre_sale) == 15
    assert len(checklists["after_sale"].touchpoints) == 7
    assert any(item.photo for item in checklists["pre_sale"].items)
    assert any(item.type is ItemType.NUMBER for item in checklists["after_sale"].items)


def test_every_touchpoint_a_survey_asks_about_is_audited_under_the_same_id() -> None:
    templates = load_templates()
    checklists = load_checklists()
    pairs = {"post_sale": "pre_sale", "post_service": "after_sale"}
    for template_key, checklist_key in pairs.items():
        surveyed = {q.touchpoint for q in templates[template_key].questions if q.touchpoint}
        audited = set(checklists[checklist_key].touchpoints)
        assert surveyed <= audited, (template_key, surveyed - audited)
