"""/whoami: anyone learns their Telegram user id, staff also their roles, on both frameworks."""

from __future__ import annotations

from pathlib import Path

from surveys.staff.roles import Role, add_staff
from surveys.storage import UnitOfWork
from tests.support.harness import running_bot

ADMIN = 9101
MANAGER = 9102
STRANGER = 9103


async def test_whoami_tells_the_id_and_the_roles(
    database_url: str, framework: str, tmp_path: Path
) -> None:
    async with running_bot(database_url, tmp_path, admins=str(ADMIN), framework=framework) as bot:
        async with UnitOfWork(bot.services.db) as uow:
            now = bot.clock.now()
            await add_staff(
                uow, user_id=MANAGER, role=Role.MANAGER, branch="浦东店", level=2, now=now
            )
        for user, language in ((ADMIN, "en"), (MANAGER, "zh-hans"), (STRANGER, "en")):
            bot.sandbox.add_user(user, f"User {user}", language_code=language)
            bot.sandbox.send_text(user, "/whoami")
        [admin] = await bot.sandbox.wait_for_message(ADMIN)
        [manager] = await bot.sandbox.wait_for_message(MANAGER)
        [stranger] = await bot.sandbox.wait_for_message(STRANGER)
    assert admin.text == "Your Telegram user id is 9101.\nYour roles: admin of all branches."
    assert manager.text == "你的 Telegram 用户 ID 是 9102。\n你的角色：浦东店 的负责人（第 2 级）。"
    assert (stranger.text or "").startswith("Your Telegram user id is 9103.\n")
    assert "surveybot staff add --user-id 9103" in (stranger.text or "")
