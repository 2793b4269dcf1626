"""The web pages in a real browser, at a phone's viewport and a desktop's.

Headless Chromium (Debian's ``chromium``) driven by Playwright, with no browser download;
skipped where either is missing. The real bot polls the sandbox and serves its pages on
127.0.0.1; every page visited is checked for serious accessibility violations and for
Content-Security-Policy complaints in the console.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from surveys.storage import UnitOfWork
from surveys.storage.tables import Customer
from tests.bot.web.accessibility import violations
from tests.bot.web.support import MANAGER, OTHER_BRANCH, WebBot, web_bot

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed"),
]
playwright_api = pytest.importorskip("playwright.async_api")

CUSTOMER = 1001
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
async def bot(database_url: str, tmp_path: Path) -> AsyncIterator[WebBot]:
    folder = tmp_path / "imports"
    folder.mkdir()
    async with web_bot(database_url, folder) as running:
        yield running


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    async with playwright_api.async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            await chromium.close()


class Device:
    """One browser context (its own cookies: another phone or computer) and its page."""

    def __init__(self, page: Any, phone: bool) -> None:
        self.page = page
        self.phone = phone
        self.csp_errors: list[str] = []
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    async def check(self) -> None:
        """No serious accessibility violation and no CSP complaint on the page as it is."""
        assert await violations(self.page, phone=self.phone) == []
        assert self.csp_errors == []

    async def tap(self, name: str) -> None:
        await self.page.get_by_role("button", name=name, exact=True).click()


async def device(
    browser: Any, *, phone: bool, locale: str = "zh-CN", script: bool = True
) -> Device:
    context = await browser.new_context(
        locale=locale, java_script_enabled=script, **(PHONE if phone else DESKTOP)
    )
    return Device(await context.new_page(), phone)


async def test_a_customer_answers_by_link_in_chinese_resumes_elsewhere_and_once_only(
    bot: WebBot, browser: Any
) -> None:
    expect = playwright_api.expect
    harness = bot.harness
    await harness.customer("C-1", CUSTOMER, name="王芳", language="zh")
    url = await bot.survey_link("C-1")
    phone = await device(browser, phone=True)
    await phone.page.goto(url)
    await expect(phone.page.locator("#question")).to_contain_text("总体来说")
    await expect(phone.page.locator("#step")).to_have_text("第 1 题，共 9 题")
    await phone.check()
    await phone.tap("1")
    await expect(phone.page.locator("#question")).to_contain_text("推荐")

    laptop = await device(browser, phone=False)
    await laptop.page.goto(url)
    await expect(laptop.page.locator("#question")).to_contain_text("推荐")
    await laptop.tap("← 上一题")
    await expect(laptop.page.locator("#question")).to_contain_text("总体来说")
    await laptop.tap("1")
    await laptop.tap("2")
    for _ in range(5):
        await laptop.tap("跳过 ⏭")
    await expect(laptop.page.locator("#question")).to_contain_text("最不满意")
    await laptop.check()
    await laptop.page.locator(".choices button").first.click()
    await expect(laptop.page.get_by_label("您的回答")).to_be_visible()
    await laptop.check()
    await laptop.page.get_by_label("您的回答").fill("服务态度太差，等了三个小时，没人理我")
    await laptop.tap("下一题")
    await expect(laptop.page.locator("#question")).to_contain_text("Pudong的负责人将在")
    await laptop.check()

    await phone.page.reload()
    await expect(phone.page.locator("h1")).to_have_text("此链接无法打开问卷")
    await phone.check()
    [complaint] = await bot.complaints()
    await harness.tick()
    await harness.tick()
    cards = [m for m in harness.sandbox.messages(MANAGER) if f"#{complaint.id}" in (m.text or "")]
    assert cards, "the complaint's card reaches the manager's chat"


async def _unhappy_by_link(bot: WebBot, browser: Any) -> int:
    await bot.harness.customer("C-2", CUSTOMER, language="zh")
    url = await bot.survey_link("C-2")
    phone = await device(browser, phone=True)
    await phone.page.goto(url)
    await phone.tap("1")
    await phone.tap("0")
    for _ in range(6):
        await phone.tap("跳过 ⏭")
    await phone.page.get_by_label("您的回答").fill("太差了，态度恶劣")
    await phone.tap("下一题")
    await playwright_api.expect(phone.page.locator("#question")).to_contain_text("负责人将在")
    [complaint] = await bot.complaints()
    return complaint.id


async def test_a_manager_signs_in_from_the_chat_filters_and_resolves(
    bot: WebBot, browser: Any
) -> None:
    expect = playwright_api.expect
    harness = bot.harness
    number = await _unhappy_by_link(bot, browser)
    [complaint] = await bot.complaints()
    link = await bot.desk_link(MANAGER)
    desk = await device(browser, phone=False)
    await desk.page.goto(link)
    await desk.check()
    await desk.tap("登录")
    await expect(desk.page.locator("h1")).to_have_text("投诉队列")
    row = desk.page.get_by_role("link", name=f"#{number}", exact=True)
    await expect(row).to_be_visible()
    await desk.check()
    other = "low" if complaint.severity != "low" else "critical"
    await desk.page.get_by_label("严重程度").select_option(other)
    await desk.tap("筛选")
    await expect(desk.page.locator(".empty")).to_have_text("没有符合条件的投诉。")
    await desk.page.get_by_label("严重程度").select_option(complaint.severity)
    await desk.tap("筛选")
    await row.click()
    await expect(desk.page.locator("h1")).to_contain_text(f"#{number}")
    await desk.check()
    await desk.page.get_by_role("button", name="认领").click()
    await expect(desk.page.locator(".notice")).to_have_text("已完成。")
    await desk.page.get_by_label("处理说明").fill("已致电道歉，免费重做保养")
    await desk.page.get_by_label("根本原因").select_option("staff_attitude")
    await desk.page.get_by_role("button", name="解决").click()
    await expect(desk.page.locator(".notice")).to_have_text("已完成。")
    await desk.check()
    [resolved] = await bot.complaints()
    assert (resolved.status, resolved.root_cause) == ("resolved", "staff_attitude")

    seen = len(harness.sandbox.messages(CUSTOMER))
    await harness.tick()
    asked = await harness.next_message(CUSTOMER, seen)
    assert asked.inline_keyboard, "the customer is asked in the chat whether it is solved"

    await desk.page.get_by_role("link", name="报表").click()
    await expect(desk.page.locator("img.chart")).to_be_visible()
    await desk.check()
    await desk.tap("退出登录")
    await desk.page.goto(f"{bot.base}/desk")
    await expect(desk.page.locator("[role=alert]")).to_contain_text("您已退出登录")
    await desk.page.goto(link)
    await expect(desk.page.locator("[role=alert]")).to_contain_text("已被使用")


async def test_another_branch_sees_nothing_and_bad_tokens_are_refused(
    bot: WebBot, browser: Any
) -> None:
    expect = playwright_api.expect
    number = await _unhappy_by_link(bot, browser)
    phone = await device(browser, phone=True)
    await phone.page.goto(await bot.desk_link(OTHER_BRANCH))
    await phone.tap("登录")
    await expect(phone.page.locator("h1")).to_have_text("投诉队列")
    await expect(phone.page.get_by_role("link", name=f"#{number}")).to_have_count(0)
    await phone.check()
    await phone.page.goto(f"{bot.base}/desk/c/{number}")
    await expect(phone.page.locator("[role=alert]")).to_have_text("您负责的投诉中没有这一条。")

    link = await bot.desk_link(MANAGER)
    forged = link[:-1] + ("A" if link[-1] != "A" else "B")
    await phone.page.goto(forged)
    await expect(phone.page.locator("[role=alert]")).to_contain_text("无效")
    bot.harness.clock.advance(timedelta(minutes=11))
    await phone.page.goto(link)
    await expect(phone.page.locator("[role=alert]")).to_contain_text("已过期")
    await phone.check()
    await bot.harness.customer("C-9", 1009, language="zh", link=False)
    survey = await bot.survey_link("C-9")
    await phone.page.goto(survey[:-2] + "xx")
    await expect(phone.page.locator("h1")).to_have_text("此链接无法打开问卷")


async def test_the_survey_works_without_javascript_and_switches_language(
    bot: WebBot, browser: Any
) -> None:
    expect = playwright_api.expect
    await bot.harness.customer("C-5", 1005, language="zh", link=False)
    plain = await device(browser, phone=True, script=False)
    await plain.page.goto(await bot.survey_link("C-5"))
    await expect(plain.page.locator("#question")).to_contain_text("总体来说")
    await plain.tap("English")
    await expect(plain.page.locator("html")).to_have_attribute("lang", "en")
    await expect(plain.page.locator("#question")).to_contain_text("Overall, how satisfied")
    await plain.tap("5")
    await expect(plain.page.locator("#step")).to_have_text("Question 2 of 9")
    await plain.check()
    await plain.tap("Stop these surveys")
    await expect(plain.page.locator("#question")).to_contain_text("You will get no more surveys")
    async with UnitOfWork(bot.harness.services.db, readonly=True) as uow:
        customer = (
            await uow.session.execute(select(Customer).where(Customer.external_id == "C-5"))
        ).scalar_one()
    assert (customer.opted_out, customer.language) == (True, "en"), "Stop is the chat's /stop"


async def test_the_accessibility_check_finds_what_it_looks_for(browser: Any) -> None:
    """The check is not vacuous: a page breaking each rule is reported for each."""
    phone = await device(browser, phone=True)
    await phone.page.set_content(
        "<html><body><p style='color:#999;background:#fff'>faint</p>"
        "<input type=text><button></button><img src='x.png'>"
        "<span id=a>1</span><span id=a>2</span><button style='width:20px;height:20px'>x</button>"
        "</body></html>"
    )
    found = " | ".join(await violations(phone.page, phone=True))
    for rule in (
        "html-has-lang",
        "document-title",
        "page-has-heading-one",
        "image-alt",
        "name: button",
        "label: input",
        "duplicate-id: a",
        "color-contrast",
        "target-size",
    ):
        assert rule in found, (rule, found)
