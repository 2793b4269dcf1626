"""Audit checklists: sections of items a mystery shopper checks on site.

A checklist is a YAML file beside the survey templates
(``surveys/conversation/templates/checklists/*.yaml``), in every supported language. Each
item has a weight, an answer type (pass/fail, a 1-5 scale, a number such as minutes
waited, or free text), whether a photo is required, and the touchpoint it measures; the
touchpoint ids are those of the survey templates, so an audit score and the customers'
rating of one touchpoint line up. Loading validates everything up front and reports
``file: item 'id': problem``, as templates do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from surveys.conversation.definitions import LANGUAGES, LocalText

KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


class ItemType(StrEnum):
    PASS_FAIL = "pass_fail"
    SCALE = "scale"
    NUMBER = "number"
    TEXT = "text"


class ChecklistError(ValueError):
    """A checklist file is invalid; the message names the file, item and problem."""

    def __init__(self, source: str, problem: str, item: str | None = None) -> None:
        where = f"{source}: item {item!r}: " if item else f"{source}: "
        super().__init__(where + problem)
        self.source = source
        self.item = item
        self.problem = problem


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    type: ItemType
    text: LocalText
    touchpoint: str
    weight: float
    photo: bool = False
    limit: float | None = None
    """For a number: the most that still passes (minutes waited, say)."""

    @property
    def scored(self) -> bool:
        return self.type is not ItemType.TEXT


@dataclass(frozen=True)
class Section:
    id: str
    title: LocalText
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Checklist:
    key: str
    title: LocalText
    sections: tuple[Section, ...]
    checksum: str
    raw: Mapping[str, Any]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def touchpoints(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(item.touchpoint for item in self.items))


def _key(value: Any) -> bool:
    return (
        isinstance(value, str) and bool(value) and len(value) <= 32 and not set(value) - KEY_CHARS
    )


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, problem: str, item: str | None = None) -> ChecklistError:
        return ChecklistError(self.source, problem, item)

    def text(self, value: Any, what: str, item: str | None = None) -> LocalText:
        if not isinstance(value, Mapping):
            raise self.fail(f"{what} must give every language ({', '.join(LANGUAGES)})", item)
        texts: dict[str, str] = {}
        for language in LANGUAGES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{what} has no {language!r} text", item)
            texts[language] = text.strip()
        if set(value) - set(LANGUAGES):
            raise self.fail(
                f"{what} has unknown language(s) {sorted(set(value) - set(LANGUAGES))}", item
            )
        return LocalText(texts)

    def item(self, value: Any, section: str, seen: set[str], position: int) -> Item:
        if not isinstance(value, Mapping):
            raise self.fail(f"item #{position} of section {section!r} must be a mapping")
        iid = value.get("id")
        if not _key(iid):
            raise self.fail(f"item #{position} of section {section!r} needs an 'id' of a-z, 0-9, _")
        assert isinstance(iid, str)
        if iid in seen:
            raise self.fail("duplicate item id", iid)
        unknown = set(value) - {"id", "type", "text", "weight", "photo", "touchpoint", "limit"}
        if unknown:
            raise self.fail(f"unknown key(s) {sorted(unknown)}", iid)
        try:
            kind = ItemType(str(value.get("type")))
        except ValueError:
            allowed = ", ".join(t.value for t in ItemType)
            raise self.fail(
                f"unknown type {value.get('type')!r} (use one of {allowed})", iid
            ) from None
        if "text" not in value:
            raise self.fail("missing 'text'", iid)
        text = self.text(value["text"], "text", iid)
        touchpoint = value.get("touchpoint")
        if not _key(touchpoint):
            raise self.fail("'touchpoint' must name the touchpoint the item measures", iid)
        assert isinstance(touchpoint, str)
        weight = value.get("weight", 0 if kind is ItemType.TEXT else 1)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise self.fail("'weight' must be a number >= 0", iid)
        if kind is ItemType.TEXT and weight:
            raise self.fail("a text item is not scored: its weight must be 0", iid)
        if kind is not ItemType.TEXT and not weight:
            raise self.fail("a scored item needs a weight above 0", iid)
        photo = value.get("photo", False)
        if not isinstance(photo, bool):
            raise self.fail("'photo' must be true or false", iid)
        limit = value.get("limit")
        if kind is ItemType.NUMBER:
            if isinstance(limit, bool) or not isinstance(limit, int | float) or limit < 0:
                raise self.fail("a number item needs a 'limit' >= 0 (the most that passes)", iid)
        elif limit is not None:
            raise self.fail("'limit' is only for type number", iid)
        seen.add(iid)
        return Item(
            id=iid,
            section=section,
            type=kind,
            text=text,
            touchpoint=touchpoint,
            weight=float(weight),
            photo=photo,
            limit=None if limit is None else float(limit),
        )

    def section(self, value: Any, seen: set[str], sections: set[str], position: int) -> Section:
        if not isinstance(value, Mapping):
            raise self.fail(f"section #{position} must be a mapping")
        sid = value.get("id")
        if not _key(sid):
            raise self.fail(f"section #{position} needs an 'id' of a-z, 0-9, _")
        assert isinstance(sid, str)
        if sid in sections:
            raise self.fail(f"duplicate section id {sid!r}")
        if set(value) - {"id", "title", "items"}:
            raise self.fail(
                f"section {sid!r}: unknown key(s) {sorted(set(value) - {'id', 'title', 'items'})}"
            )
        raw_items = value.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            raise self.fail(f"section {sid!r} needs a non-empty list of 'items'")
        title = self.text(value.get("title"), f"section {sid!r} title")
        items = tuple(self.item(raw, sid, seen, n) for n, raw in enumerate(raw_items, start=1))
        sections.add(sid)
        return Section(sid, title, items)

    def checklist(self, data: Any, expected_key: str | None) -> Checklist:
        if not isinstance(data, Mapping):
            raise self.fail("the file must hold a mapping with 'key', 'title' and 'sections'")
        key = data.get("key")
        if not _key(key):
            raise self.fail("'key' must be lowercase letters, digits and _")
        assert isinstance(key, str)
        if expected_key is not None and key != expected_key:
            raise self.fail(f"'key' is {key!r} but the file is named for {expected_key!r}")
        if set(data) - {"key", "title", "sections"}:
            raise self.fail(f"unknown key(s) {sorted(set(data) - {'key', 'title', 'sections'})}")
        raw_sections = data.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            raise self.fail("'sections' must be a non-empty list")
        seen: set[str] = set()
        ids: set[str] = set()
        sections = tuple(
            self.section(raw, seen, ids, n) for n, raw in enumerate(raw_sections, start=1)
        )
        if not any(item.scored for section in sections for item in section.items):
            raise self.fail("at least one item must be scored")
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return Checklist(
            key=key,
            title=self.text(data.get("title"), "title"),
            sections=sections,
            checksum=hashlib.sha256(canonical.encode()).hexdigest(),
            raw=data,
        )


def parse_checklist(data: Any, source: str, expected_key: str | None = None) -> Checklist:
    """Validate already-parsed data (a checklist version kept in the database, say)."""
    return _Reader(source).checklist(data, expected_key)


def load_checklist_file(path: Path) -> Checklist:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ChecklistError(path.name, f"cannot read the file: {error}") from None
    except yaml.YAMLError as error:
        raise ChecklistError(path.name, f"not valid YAML: {error}") from None
    return parse_checklist(data, path.name, expected_key=path.stem)


def builtin_checklist_dir() -> Path:
    return Path(str(files("surveys.conversation") / "templates" / "checklists"))


def load_checklists(directory: Path | None = None) -> dict[str, Checklist]:
    """Every checklist of a directory (the shipped ones by default), keyed by ``key``."""
    folder = directory or builtin_checklist_dir()
    found = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    return {checklist.key: checklist for checklist in map(load_checklist_file, found)}
