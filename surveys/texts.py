"""Everything the bot says outside a survey template, in every supported language.

Survey questions live in the YAML templates; this module holds the product's
own voice (linking, help, errors, confirmations). Keys are checked by a test
so that no language is ever missing a line.
"""

from __future__ import annotations

from typing import Any

SUPPORTED = ("zh", "en")

TEXTS: dict[str, dict[str, str]] = {
    "welcome_unlinked": {
        "en": (
            "Hello! This bot asks our customers how their purchase or service visit went, "
            "so that we can fix what went wrong.\n\n"
            "To connect this chat to your customer record, tap “Share my phone number” below, "
            "or open the link printed on your receipt or sent to you by SMS."
        ),
        "zh": (
            "您好！这是我们的客户回访机器人，用来了解您购车或售后服务的体验，"
            "以便及时改进我们做得不好的地方。\n\n"
            "请点击下方“分享我的手机号”关联您的客户信息，"
            "或打开结算单/短信中的专属链接。"
        ),
    },
    "share_phone_button": {"en": "📱 Share my phone number", "zh": "📱 分享我的手机号"},
    "consent": {
        "en": (
            "We will send you a few short surveys about your visits (never more than one "
            "a month). /stop turns them off, /forget erases your data, /help lists what I can do."
        ),
        "zh": (
            "我们会在您到店后发送简短的回访问卷（每月最多一次）。"
            "发送 /stop 可停止回访，/forget 可删除您的数据，/help 查看全部功能。"
        ),
    },
    "linked": {
        "en": "Thank you, {name}! This chat is now connected to your customer record.",
        "zh": "谢谢您，{name}！此聊天已与您的客户信息关联。",
    },
    "linked_anonymous": {
        "en": "Thank you! This chat is now connected to your customer record.",
        "zh": "谢谢！此聊天已与您的客户信息关联。",
    },
    "already_linked": {
        "en": "This chat is already connected to your customer record. /help lists what I can do.",
        "zh": "此聊天已经关联了您的客户信息。发送 /help 查看全部功能。",
    },
    "link_invalid": {
        "en": (
            "Sorry, this link is not valid. Please use the link from your receipt or SMS, "
            "or tap “Share my phone number”."
        ),
        "zh": "抱歉，此链接无效。请使用结算单或短信中的链接，或点击“分享我的手机号”。",
    },
    "link_taken": {
        "en": (
            "This customer record is already connected to another Telegram account. "
            "If that is wrong, please contact the dealership."
        ),
        "zh": "该客户信息已关联到另一个 Telegram 账号。如有疑问，请联系门店。",
    },
    "chat_taken": {
        "en": (
            "This Telegram account is already connected to another customer record. "
            "Send /forget first if you want to connect a different one."
        ),
        "zh": "此 Telegram 账号已关联其他客户信息。如需更换，请先发送 /forget。",
    },
    "contact_not_own": {
        "en": "Please share your own phone number with the button below, not someone else's.",
        "zh": "请通过下方按钮分享您本人的手机号，而不是他人的。",
    },
    "phone_not_found": {
        "en": (
            "Sorry, we could not find a customer with this phone number. If you bought or "
            "serviced a car with us under another number, please use the link on your receipt."
        ),
        "zh": "抱歉，没有找到使用此手机号的客户。如果您登记的是其他号码，请使用结算单上的链接。",
    },
    "help": {
        "en": (
            "I send short surveys after your purchase or service visit. Answer with the "
            "buttons, or type your answer.\n\n"
            "/status – your open survey or complaint\n"
            "/language – 中文 / English\n"
            "/stop – no more surveys\n"
            "/forget – erase your personal data\n"
            "/help – this message"
        ),
        "zh": (
            "我会在您购车或售后服务后发送简短的回访问卷。您可以点击按钮作答，也可以直接输入。\n\n"
            "/status – 查看进行中的问卷或投诉\n"
            "/language – 切换语言 中文 / English\n"
            "/stop – 不再接收回访\n"
            "/forget – 删除您的个人数据\n"
            "/help – 显示本帮助"
        ),
    },
    "skip": {"en": "Skip ⏭", "zh": "跳过 ⏭"},
    "yes": {"en": "Yes", "zh": "是"},
    "no": {"en": "No", "zh": "否"},
    "skipped_mark": {"en": "skipped", "zh": "已跳过"},
    "text_prompt": {
        "en": "Type your answer in the chat, or tap Skip.",
        "zh": "请直接输入您的回答，或点击“跳过”。",
    },
    "scale_hint": {
        "en": "{low_value} = {low} · {high_value} = {high}",
        "zh": "{low_value} = {low} · {high_value} = {high}",
    },
    "need_number": {
        "en": "Please tap a number from {low} to {high} above (or type it), or type “skip”.",
        "zh": "请点击上方 {low} 到 {high} 之间的数字（或直接输入数字），或输入“跳过”。",
    },
    "need_yes_no": {
        "en": "Please tap Yes or No above, or type “skip”.",
        "zh": "请点击上方的“是”或“否”，或输入“跳过”。",
    },
    "need_choice": {
        "en": "Please tap one of the options above, or type “skip”.",
        "zh": "请点击上方的一个选项，或输入“跳过”。",
    },
    "answer_saved": {"en": "Saved ✔", "zh": "已记录 ✔"},
    "already_answered": {
        "en": "You already answered this question. Thank you!",
        "zh": "这个问题您已经回答过了，谢谢！",
    },
    "question_closed": {
        "en": "This question is no longer open.",
        "zh": "这个问题已经结束了。",
    },
    "survey_closed": {
        "en": "This survey is closed. Thank you for your time!",
        "zh": "本次问卷已结束，感谢您的参与！",
    },
    "survey_expired": {
        "en": "Sorry, this survey has expired. Thank you all the same!",
        "zh": "抱歉，本次问卷已过期。仍然感谢您！",
    },
    "not_yours": {
        "en": "This button belongs to someone else's survey.",
        "zh": "这个按钮属于他人的问卷。",
    },
    "no_open_survey": {
        "en": "Thank you for your message. There is no survey open for you right now.",
        "zh": "感谢您的留言。您目前没有进行中的问卷。",
    },
    "not_linked_text": {
        "en": (
            "I don't know who you are yet. Tap “Share my phone number” below to connect "
            "this chat to your customer record."
        ),
        "zh": "我还不知道您是哪位客户。请点击下方“分享我的手机号”关联您的客户信息。",
    },
    "stopped": {
        "en": "Done: you will not receive any more surveys. Changed your mind? Tap the button.",
        "zh": "已为您停止回访，之后不会再收到问卷。如需恢复，请点击下方按钮。",
    },
    "already_stopped": {
        "en": "You have already turned surveys off. Tap the button to turn them back on.",
        "zh": "您已停止接收回访。如需恢复，请点击下方按钮。",
    },
    "resume_button": {"en": "Resume surveys", "zh": "恢复回访"},
    "resumed": {
        "en": "Welcome back! You will receive our short surveys again.",
        "zh": "欢迎回来！您将重新收到我们的回访问卷。",
    },
    "language_prompt": {"en": "Choose your language:", "zh": "请选择语言："},
    "language_set": {"en": "I will speak English from now on.", "zh": "好的，之后我会使用中文。"},
    "forget_prompt": {
        "en": (
            "This erases your name, phone number, the link to this chat and everything you "
            "wrote to us. Anonymous scores stay in our statistics. Continue?"
        ),
        "zh": (
            "此操作将删除您的姓名、手机号、与本聊天的关联以及您写给我们的全部文字。"
            "匿名评分会保留在统计中。确定继续吗？"
        ),
    },
    "forget_yes": {"en": "Yes, erase my data", "zh": "确定删除"},
    "forget_no": {"en": "Cancel", "zh": "取消"},
    "forgotten": {
        "en": "Your personal data has been erased. Goodbye, and thank you.",
        "zh": "您的个人数据已删除。再见，感谢您。",
    },
    "forget_cancelled": {"en": "Nothing was erased.", "zh": "已取消，没有删除任何数据。"},
    "forget_nothing": {
        "en": "This chat is not connected to any customer record, so there is nothing to erase.",
        "zh": "此聊天没有关联任何客户信息，没有需要删除的数据。",
    },
    "status_none": {
        "en": "You have no open survey or complaint.",
        "zh": "您目前没有进行中的问卷或投诉。",
    },
    "status_survey": {
        "en": "Your survey about {what} is open. Answer the last question above to continue.",
        "zh": "您关于{what}的问卷尚未完成，请回答上方最后一个问题继续。",
    },
    "stale_tap": {"en": "This button has expired.", "zh": "此按钮已失效。"},
    "answer_chosen": {"en": "Your answer: {value}", "zh": "您的回答：{value}"},
}


def say(key: str, language: str, **values: Any) -> str:
    """The text ``key`` in ``language`` (falling back to English), with ``values`` filled in."""
    variants = TEXTS[key]
    template = variants.get(language) or variants["en"]
    return template.format(**values) if values else template


def pick_language(*candidates: str | None, default: str) -> str:
    """The first supported language among the candidates (Telegram codes like "zh-hans" work)."""
    for candidate in candidates:
        if not candidate:
            continue
        short = candidate.lower().replace("_", "-").split("-")[0]
        if short in SUPPORTED:
            return short
    return default if default in SUPPORTED else "en"
