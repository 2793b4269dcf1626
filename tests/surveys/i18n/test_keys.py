"""Every message key the code says exists, including the keys it builds from codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.chat.commands import ADMIN_COMMANDS, CUSTOMER_COMMANDS, MANAGER_COMMANDS
from nlp import TOPICS
from surveys.audits.checklists import load_checklists
from surveys.audits.reports.export import COLUMNS as AUDIT_COLUMNS
from surveys.audits.reports.scorecard import FLAGS
from surveys.audits.states import ActionStatus, AuditStatus
from surveys.complaints.escalation import LABELS, SEVERITIES, TOPIC_NAMES
from surveys.complaints.states import ROOT_CAUSES, ComplaintStatus
from surveys.dialogues.wave_wizard import WINDOWS
from surveys.i18n import SUPPORTED, name_key
from surveys.i18n.messages import MESSAGES
from surveys.outbox.notices import OUTAGE_NOTICE_REASONS
from surveys.outbox.states import SendStatus
from surveys.reports.export.columns import AFTER, BEFORE, QUESTION_PARTS
from surveys.reports.metrics.grades import Grade
from surveys.reports.text.report import COLUMNS as REPORT_COLUMNS
from surveys.staff.roles import Role
from surveys.waves.audience import SkipReason
from surveys.waves.model import EventKind, WaveStatus

ROOT = Path(__file__).resolve().parents[3]
SAID = re.compile(
    r"\b(?:say|Text|WaveError|StaffError|ImportFileError|Refusal)\(\s*[\"']([a-z][a-z0-9_]*)[\"']"
    r"(?!\s*\+)"  # "skip_" + reason is a table, checked below
)
TOUCHPOINTS = (
    "reception",
    "waiting_time",
    "price_transparency",
    "work_quality",
    "staff_attitude",
    "product_explanation",
    "test_drive",
    "paperwork",
    "delivery",
)

#: Each family of keys the code builds from a code (``say(f"severity_{x}")``,
#: ``name_of("topic", x)``), and every code it may be built from.
TABLES: dict[str, tuple[str, ...]] = {
    "audit_status": tuple(AuditStatus),
    "action_status": tuple(ActionStatus),
    "scorecard_flag": FLAGS,
    "audit_column": AUDIT_COLUMNS,
    "cause": ROOT_CAUSES,
    "column": (*BEFORE, *AFTER),
    "command": (*CUSTOMER_COMMANDS, *MANAGER_COMMANDS, *ADMIN_COMMANDS),
    "export_question": QUESTION_PARTS,
    "complaint": tuple(ComplaintStatus),
    "complaint_status": tuple(ComplaintStatus),
    "grade": tuple(Grade),
    "kind": tuple(EventKind),
    "label": LABELS,
    "language": SUPPORTED,
    "mention": tuple(TOPIC_NAMES),
    "outage": OUTAGE_NOTICE_REASONS,
    "report_column": REPORT_COLUMNS,
    "role": tuple(Role),
    "send": tuple(SendStatus),
    "severity": SEVERITIES,
    "skip": tuple(SkipReason),
    "stats_compare": ("b", "s"),
    "topic": tuple(TOPICS),
    "touchpoint": tuple(
        {*TOUCHPOINTS, *(t for c in load_checklists().values() for t in c.touchpoints)}
    ),
    "wave_status": tuple(WaveStatus),
    "window": WINDOWS,
    "wizard": ("t", "w", "b", "s"),
}


def _sources() -> list[Path]:
    return sorted(p for folder in ("surveys", "bot") for p in (ROOT / folder).rglob("*.py"))


def test_every_literal_key_exists() -> None:
    unknown = {
        f"{path.relative_to(ROOT)}: {key}"
        for path in _sources()
        for key in SAID.findall(path.read_text(encoding="utf-8"))
        if key not in MESSAGES
    }
    assert unknown == set()


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_code_of_a_table_has_a_message(table: str) -> None:
    missing = [code for code in TABLES[table] if name_key(table, code) not in MESSAGES]
    assert missing == [], f"{table}: no message for {missing}"


def test_every_table_the_code_builds_keys_from_is_listed() -> None:
    built = re.compile(
        r"say\(f[\"']([a-z_]+)_\{"  # say(f"severity_{code}")
        r"|say\([\"']([a-z_]+)_[\"'] \+"  # say("skip_" + code)
        r"|(?:name_of|names_of|name_key)\([\"']([a-z_]+)[\"']"  # name_of("topic", code)
    )
    tables = {
        "".join(groups)
        for path in _sources()
        for groups in built.findall(path.read_text(encoding="utf-8"))
    }
    assert {"severity", "skip", "topic", "wave_status"} <= tables
    assert tables - set(TABLES) == set()
