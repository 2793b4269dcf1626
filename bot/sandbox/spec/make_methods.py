"""Generate ``methods.json``: the Bot API rules for the methods the sandbox serves.

The input is ``api.json`` from PaulSonOfLars/telegram-bot-api-spec (MIT License,
Copyright (c) 2020 Paul Larsen), whose descriptions are scraped from
core.telegram.org/bots/api. Only what the sandbox needs is kept: parameters, their
types and whether they are required, the object types reachable from them, and the
limits written in the descriptions ("1-4096 characters", "1-64 bytes", ...). The
sandbox reads only the generated copy, so the project does not depend on the spec
file at run time.

Usage::

    python -m bot.sandbox.spec.make_methods path/to/api.json [-o bot/sandbox/spec/methods.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

SERVED_METHODS: tuple[str, ...] = (
    "getMe",
    "logOut",
    "close",
    "getUpdates",
    "setWebhook",
    "deleteWebhook",
    "getWebhookInfo",
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendChatAction",
    "editMessageText",
    "editMessageReplyMarkup",
    "deleteMessage",
    "answerCallbackQuery",
    "getFile",
    "setMyCommands",
    "getMyCommands",
    "deleteMyCommands",
)

OUTPUT = Path(__file__).with_name("methods.json")

_LENGTH = re.compile(r"(\d+)-(\d+) (characters|bytes)")
_RANGE = re.compile(r"(?:[Vv]alues between |, |; )(\d+)-(\d+)(?=[.,;]|$| are)")
_MAX_ITEMS = re.compile(r"[Aa]t most (\d+) \w+ can be specified")
_TAG = re.compile(r"must be ([a-z_]+)$")
_ONE_OF = re.compile(r"must be one of (.*)")
_QUOTED = re.compile(r'"([a-z_A-Z]+)"')
_CHAT_ACTION = re.compile(r"([a-z]+(?:_[a-z]+)*) (?=for |or )")
_EXCLUDED_UPDATES = re.compile(r"all update types except ([a-z_, ]+?)(?: \(default\))?\.")


def _base_type(name: str) -> str:
    while name.startswith("Array of "):
        name = name[len("Array of ") :]
    return name


def _field_rule(field: dict[str, Any]) -> dict[str, Any]:
    """One parameter or object field: types, required, and limits from its description."""
    description: str = field.get("description", "")
    rule: dict[str, Any] = {"types": field["types"], "required": field["required"]}
    if match := _LENGTH.search(description):
        rule["length"] = [int(match[1]), int(match[2])]
        rule["unit"] = match[3]
        if "after entit" in description:
            rule["after_entities_parsing"] = True
    elif match := _RANGE.search(description):
        rule["range"] = [int(match[1]), int(match[2])]
    if match := _MAX_ITEMS.search(description):
        rule["max_items"] = int(match[1])
    if match := _ONE_OF.search(description):
        rule["enum"] = _QUOTED.findall(match[1])
    elif field["name"] == "type" and "Currently, can be" in description:
        rule["enum"] = _QUOTED.findall(description)
    return rule


def _reachable_types(spec: dict[str, Any], methods: list[str]) -> list[str]:
    """Every object type a served method can receive, in a stable order."""
    seen: set[str] = set()
    pending = [
        _base_type(t)
        for name in methods
        for field in spec["methods"][name].get("fields", [])
        for t in field["types"]
    ]
    while pending:
        name = pending.pop()
        if name in seen or name not in spec["types"]:
            continue
        seen.add(name)
        definition = spec["types"][name]
        pending.extend(definition.get("subtypes") or [])
        for field in definition.get("fields") or []:
            pending.extend(_base_type(t) for t in field["types"])
    return sorted(seen)


def build(spec: dict[str, Any], methods: tuple[str, ...] = SERVED_METHODS) -> dict[str, Any]:
    """Turn the full spec into the sandbox's rules (a plain JSON-able dict)."""
    out_methods: dict[str, Any] = {}
    for name in methods:
        definition = spec["methods"][name]
        params = {f["name"]: _field_rule(f) for f in definition.get("fields", [])}
        if name == "sendChatAction":
            action = next(f for f in definition["fields"] if f["name"] == "action")
            params["action"]["enum"] = _CHAT_ACTION.findall(action["description"])
        out_methods[name] = {"returns": definition["returns"], "params": params}

    out_types: dict[str, Any] = {}
    for name in _reachable_types(spec, list(methods)):
        definition = spec["types"][name]
        entry: dict[str, Any] = {}
        if definition.get("subtypes"):
            entry["subtypes"] = definition["subtypes"]
        fields = definition.get("fields") or []
        entry["fields"] = {f["name"]: _field_rule(f) for f in fields}
        type_field = next((f for f in fields if f["name"] == "type"), None)
        tag = _TAG.search(type_field["description"]) if type_field is not None else None
        if definition.get("subtype_of") and tag is not None:
            entry["tag"] = tag[1]
        out_types[name] = entry

    update_fields = [f["name"] for f in spec["types"]["Update"]["fields"]]
    allowed = next(
        f for f in spec["methods"]["getUpdates"]["fields"] if f["name"] == "allowed_updates"
    )
    excluded_match = _EXCLUDED_UPDATES.search(allowed["description"])
    excluded = (
        [part.strip() for part in re.split(r",|\band\b", excluded_match[1]) if part.strip()]
        if excluded_match
        else []
    )
    return {
        "_source": (
            "Generated by bot/sandbox/spec/make_methods.py from api.json of "
            "PaulSonOfLars/telegram-bot-api-spec (MIT License, Copyright (c) 2020 Paul Larsen); "
            "descriptions scraped from core.telegram.org/bots/api. Do not edit by hand."
        ),
        "version": spec["version"],
        "release_date": spec.get("release_date", ""),
        "update_types": [name for name in update_fields if name != "update_id"],
        "default_excluded_update_types": excluded,
        "methods": out_methods,
        "types": out_types,
    }


def render(rules: dict[str, Any]) -> str:
    """Stable text form, so regenerating an unchanged spec gives an identical file."""
    return json.dumps(rules, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("spec", type=Path, help="path to api.json")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    spec = json.loads(args.spec.read_text(encoding="utf-8"))
    args.output.write_text(render(build(spec)), encoding="utf-8")
    print(f"wrote {args.output} ({spec['version']}, {len(SERVED_METHODS)} methods)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
