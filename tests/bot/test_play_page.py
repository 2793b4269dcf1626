"""The play page in a real browser: the admin schedules a wave in the chat, a customer gets
the survey and answers it with a tap, the bot moves on to the next question.

Headless Chromium (Debian's ``chromium``) driven by Playwright; skipped where either is
missing. Everything stays on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.play import PlayOptions, open_play, serve_play

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]
playwright_api = pytest.importorskip("playwright.async_api")


@pytest.fixture
async def page_url(tmp_path: Path) -> AsyncIterator[str]:
    async with open_play(PlayOptions(folder=tmp_path)) as session:
        runner, url = await serve_play(session, 0)
        try:
            yield url
        finally:
            await runner.cleanup()


@pytest.fixture
async def browser_page(page_url: str) -> AsyncIterator[Any]:
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-background-networking"],
        )
        try:
            context = await browser.new_context(locale="zh-CN")
            page = await context.new_page()
            await page.goto(page_url)
            yield page
        finally:
            await browser.close()


async def _tap(page: Any, label: str) -> None:
    await page.locator("#messages button", has_text=label).last.click()


async def test_the_admin_schedules_and_a_customer_answers(
    browser_page: Any, tmp_path: Path
) -> None:
    page = browser_page
    expect = playwright_api.expect
    await expect(page.locator("#title")).to_have_text("surveybot：亲自试一试")
    await page.locator("#people li", has_text="王经理").click()
    await page.fill("#text", "/newwave")
    await page.click("#send")
    for label in ("售后服务回访", "昨天", "全部门店", "立即发送", "✅ 确认发送"):
        await expect(page.locator("#messages button", has_text=label).last).to_be_visible()
        await _tap(page, label)
    await expect(page.locator("#messages .bubble").last).to_contain_text("第 1 批", timeout=20_000)

    await page.locator("#people li", has_text="李强").click()
    survey = page.locator("#messages li.bot .bubble", has_text="总体来说")
    await expect(survey).to_be_visible(timeout=30_000)
    await page.screenshot(path=str(tmp_path / "survey.png"))
    await page.locator("#messages li.bot").last.locator("button").first.click()
    await expect(page.locator("#messages li.bot .bubble", has_text="推荐")).to_be_visible(
        timeout=15_000
    )

    await page.locator("#people li", has_text="Emily Carter").click()
    await page.fill("#text", "/whoami")
    await page.click("#send")
    await expect(page.locator("#messages li.bot .bubble").last).to_contain_text("700")
