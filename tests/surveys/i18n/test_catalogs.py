"""The catalogs: complete, faithful to their placeholders, compiled and extracted up to date."""

from __future__ import annotations

import io
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from surveys.i18n import SUPPORTED, say
from surveys.i18n.catalogs import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE
from surveys.i18n.messages import MESSAGES

ROOT = Path(__file__).resolve().parents[3]
TRANSLATED = [language for language in SUPPORTED if language != SOURCE_LANGUAGE]


def _po(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        return read_po(handle)


def _forms(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_msgid_has_a_translation(language: str) -> None:
    catalog = _po(language)
    missing = [
        _forms(m.id)[0]
        for m in _messages(catalog)
        if m.fuzzy or not all(_forms(m.string)) or not _forms(m.string)
    ]
    assert missing == [], f"{language}: untranslated or fuzzy: {missing}"
    msgids = {_forms(m.id)[0] for m in _messages(catalog)}
    absent = sorted({m.singular for m in MESSAGES.values()} - msgids)
    assert absent == [], f"{language}: not in the catalog: {absent}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders(language: str) -> None:
    for message in _messages(_po(language)):
        wanted = set().union(*(_placeholders(form) for form in _forms(message.id)))
        for form in _forms(message.string):
            assert _placeholders(form) == wanted, (language, message.id, form)


def test_every_registry_message_formats_in_every_language() -> None:
    for key, msgid in MESSAGES.items():
        names = _placeholders(msgid.singular) | _placeholders(msgid.plural or "")
        values = {name: 1 for name in names} | ({"count": 2} if msgid.plural else {})
        for language in SUPPORTED:
            assert say(key, language, **values), key


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_committed_mo_is_compiled_from_the_po(language: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, _po(language))
    committed = (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes()
    assert committed == compiled.getvalue(), "stale .mo: run the refresh command"


def test_english_plurals_follow_the_count() -> None:
    assert say("staff_removed", "en", user=7, count=1) == "Removed 1 role of 7."
    assert say("staff_removed", "en", user=7, count=2) == "Removed 2 roles of 7."
    assert say("staff_removed", "zh", user=7, count=2) == "已移除 7 的 2 个角色。"


def _extracted_msgids(tmp_path: Path) -> set[tuple[str, ...]]:
    pot = tmp_path / "surveybot.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "surveys/i18n/babel.cfg",
            "--no-default-keywords",
            "-k",
            "N_",
            "-k",
            "Nn_:1,2",
            "--no-location",
            "-o",
            str(pot),
            "surveys/i18n",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return {_forms(m.id) for m in _messages(read_po(handle))}


def test_the_pot_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as handle:
        committed = {_forms(m.id) for m in _messages(read_po(handle))}
    extracted = _extracted_msgids(tmp_path)
    assert extracted - committed == set(), "msgids missing from the .pot: refresh it"
    assert committed - extracted == set(), "msgids no longer in the code: refresh the .pot"
    registry = {(m.singular, m.plural) if m.plural else (m.singular,) for m in MESSAGES.values()}
    assert extracted == registry
