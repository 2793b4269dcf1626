"""Importing a CSV or XLSX file an admin sends to the bot."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from surveys.dialogues.admin_gate import AdminGate
from surveys.i18n import Text, explain, say
from surveys.importing import ImportFileError, open_events
from surveys.importing.service import EventImporter, ImportReport
from surveys.inputs import is_clean_name
from surveys.ports import Clock, Outgoing, Reply, Sender
from surveys.staff.audit import Actor, record
from surveys.storage.database import Database
from surveys.storage.uow import UnitOfWork
from surveys.waves.model import AudienceRules

SHOWN_IMPORT_ERRORS = 15
FILE_NAME_LIMIT = 200
"""Characters in an uploaded file's name (and at most 255 bytes, what a file system keeps)."""

FetchFile = Callable[[], Awaitable[Path]]


class Upload:
    def __init__(
        self,
        gate: AdminGate,
        db: Database,
        clock: Clock,
        rules: AudienceRules,
        default_region: str,
    ) -> None:
        self.gate = gate
        self.db = db
        self.clock = clock
        self.rules = rules
        self.default_region = default_region

    async def document(self, uow: UnitOfWork, sender: Sender, file_name: str) -> Reply | None:
        """None when the sender may import (the caller then fetches and imports)."""
        if not await self.gate.allowed(uow, sender, "import.file"):
            return self.gate.refused(sender)
        if not _usable_name(file_name):
            text = say("upload_bad_name", self.gate.language(sender), limit=FILE_NAME_LIMIT)
            return Reply.of(Outgoing(sender.chat_id, text))
        return None

    async def import_file(self, sender: Sender, file_name: str, fetch: FetchFile) -> Reply:
        language = self.gate.language(sender)
        path = await fetch()
        now = self.clock.now()
        try:
            with open_events(
                path,
                timezone=self.rules.zone,
                default_region=self.default_region,
                now=now,
            ) as events:
                report = await EventImporter(self.db, self.clock.now).run(events)
                warnings = list(events.warnings)
        except ImportFileError as error:
            return Reply.of(
                Outgoing(
                    sender.chat_id,
                    say(
                        "import_unreadable",
                        language,
                        name=file_name,
                        error=explain(error, language),
                    ),
                )
            )
        async with UnitOfWork(self.db) as uow:
            await record(
                uow,
                at=now,
                actor=Actor.STAFF,
                user_id=sender.user_id,
                action="import.file",
            )
        return Reply.of(
            Outgoing(sender.chat_id, _import_text(file_name, report, warnings, language))
        )


def _import_text(name: str, report: ImportReport, warnings: list[Text], language: str) -> str:
    lines = [
        say(
            "import_done",
            language,
            name=name,
            rows=report.rows,
            good=report.good_rows,
            bad=len(report.errors),
            events=report.events_new,
            customers=report.customers_new,
        )
    ]
    lines.extend(f"⚠️ {warning.say(language)}" for warning in warnings)
    for error in report.errors[:SHOWN_IMPORT_ERRORS]:
        lines.append(say("import_line", language, line=error.line, reason=error.reason))
    hidden = len(report.errors) - SHOWN_IMPORT_ERRORS
    if hidden > 0:
        lines.append(say("import_more", language, count=hidden))
    return "\n".join(lines)


def _usable_name(name: str) -> bool:
    """A name that can be saved as a file and shown back as given."""
    return is_clean_name(name, FILE_NAME_LIMIT) and len(name.encode("utf-8")) <= 255
