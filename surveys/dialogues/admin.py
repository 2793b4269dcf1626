"""Admins in the chat: one entry for the wave wizard, wave control and file upload.

Every action is checked against the user's role by Telegram user id and written to
the audit log; refusals are audited too.
"""

from __future__ import annotations

from surveys.conversation.catalog import TemplateCatalog
from surveys.dialogues.admin_gate import AdminGate
from surveys.dialogues.upload import FetchFile, Upload
from surveys.dialogues.wave_control import WaveControl
from surveys.dialogues.wave_wizard import WaveWizard
from surveys.i18n import say
from surveys.inputs import parse_number
from surveys.ports import Clock, Outgoing, Reply, Sender, WaveControlAction, WizardAction
from surveys.storage.database import Database
from surveys.storage.uow import UnitOfWork
from surveys.waves.model import AudienceRules

ADMIN_COMMANDS = frozenset({"newwave", "waves", "wave"})

__all__ = ["ADMIN_COMMANDS", "Admin", "FetchFile"]


class Admin:
    def __init__(
        self,
        db: Database,
        catalog: TemplateCatalog,
        clock: Clock,
        rules: AudienceRules,
        *,
        default_language: str,
        default_region: str,
    ) -> None:
        self.gate = AdminGate(clock, default_language)
        self.waves = WaveControl(self.gate, clock, rules.zone)
        self.wave_wizard = WaveWizard(self.gate, catalog, clock, rules)
        self.upload = Upload(self.gate, db, clock, rules, default_region)

    async def command(self, uow: UnitOfWork, sender: Sender, name: str, args: str | None) -> Reply:
        if not await self.gate.allowed(uow, sender, f"admin.{name}"):
            return self.gate.refused(sender)
        if name == "newwave":
            return await self.wave_wizard.start(uow, sender)
        if name == "waves":
            return await self.waves.list(uow, sender)
        if (wave_id := parse_number(args, prefix="#")) is not None:
            return await self.waves.show(uow, sender, wave_id, None)
        return Reply.of(Outgoing(sender.chat_id, say("wave_usage", self.gate.language(sender))))

    async def wizard(
        self, uow: UnitOfWork, sender: Sender, action: WizardAction, message_id: int | None
    ) -> Reply:
        return await self.wave_wizard.wizard(uow, sender, action, message_id)

    async def control(
        self, uow: UnitOfWork, sender: Sender, action: WaveControlAction, message_id: int | None
    ) -> Reply:
        return await self.waves.control(uow, sender, action, message_id)

    async def document(self, uow: UnitOfWork, sender: Sender, file_name: str) -> Reply | None:
        return await self.upload.document(uow, sender, file_name)

    async def import_file(self, sender: Sender, file_name: str, fetch: FetchFile) -> Reply:
        return await self.upload.import_file(sender, file_name, fetch)
