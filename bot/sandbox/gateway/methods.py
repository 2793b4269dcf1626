"""The Bot API methods the sandbox serves, each a function of one checked call.

Parameters arrive typed and checked (``conformance``); what is left depends on the world:
which chats and messages exist, whether text fits after entities parsing, whether an edit
changes anything, whether a callback query was answered. Refusals: ``spec/errors.py``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from ..conformance import FileRef
from ..formatting import Formatted, ParseError, parse
from ..spec import ApiError, MethodRule, bad_request, errors, limits
from ..spec.limits import text_length
from ..world import (
    BotState,
    CallbackAnswer,
    Chat,
    ChatMessage,
    Edit,
    StoredFile,
    Webhook,
    World,
    document,
    guess_mime,
    photo_sizes,
)


@dataclass(slots=True)
class Settings:
    """Behaviour the tests may tune."""

    callback_query_timeout: float | None = None


@dataclass(slots=True)
class Call:
    world: World
    bot: BotState
    rule: MethodRule
    args: dict[str, Any]
    now: float
    settings: Settings

    @property
    def date(self) -> int:
        return int(self.now)


@dataclass(frozen=True, slots=True)
class Described:
    """A result Telegram sends with a description, e.g. "Webhook was set"."""

    result: Any
    description: str


# --- shared -----------------------------------------------------------------------------


def _chat(call: Call, *, sending: bool) -> Chat:
    chat_id = call.args.get("chat_id")
    user = call.world.users.get(chat_id) if isinstance(chat_id, int) else None
    if user is None:
        raise bad_request(errors.CHAT_NOT_FOUND)
    chat = call.world.chat(call.bot, user)
    if sending and not chat.started:
        raise ApiError(403, errors.CANT_INITIATE)
    return chat


def _formatted(call: Call, key: str, entities_key: str) -> Formatted:
    """``args[key]`` after entities parsing, checked against the spec's length limit."""
    text = call.args.get(key, "")
    mode = call.args.get("parse_mode") or None
    try:
        result = parse(text, mode)
    except ParseError as exc:
        raise bad_request(f"can't parse entities: {exc}", rule="entities", param=key) from None
    if mode is None and call.args.get(entities_key):
        result = Formatted(text, call.args[entities_key])
    low, high = call.rule.params[key].length or (0, 1 << 30)
    if low > 0 and not result.text.strip():
        raise bad_request(errors.TEXT_EMPTY, rule="length", param=key)
    if text_length(result.text) > high:
        too_long = errors.TEXT_TOO_LONG if key == "text" else errors.CAPTION_TOO_LONG
        raise bad_request(too_long, rule="length", param=key)
    return result


def _reply_to(call: Call, chat: Chat) -> int | None:
    params = call.args.get("reply_parameters")
    if not isinstance(params, dict):
        return None
    target = params.get("message_id")
    message = chat.messages.get(target) if isinstance(target, int) else None
    if message is None or message.deleted:
        if params.get("allow_sending_without_reply"):
            return None
        raise bad_request(errors.REPLY_NOT_FOUND)
    return message.message_id


def _deliver(call: Call, chat: Chat, message: ChatMessage) -> dict[str, Any]:
    chat.messages[message.message_id] = message
    call.world.changed.notify()
    return call.world.message_json(call.bot, chat, message)


def _bot_message(call: Call, chat: Chat, **content: Any) -> ChatMessage:
    reply_to = _reply_to(call, chat)
    return ChatMessage(
        message_id=chat.new_message_id(),
        chat_id=chat.id,
        date=call.date,
        from_bot=True,
        reply_markup=call.args.get("reply_markup"),
        reply_to_message_id=reply_to,
        **content,
    )


def _stored_file(call: Call, key: str, *, photo: bool) -> StoredFile:
    ref: FileRef = call.args[key]
    files = call.world.files
    if ref.upload is not None:
        upload = ref.upload
        mime = "image/jpeg" if photo else guess_mime(upload.file_name, upload.content_type)
        return files.add(upload.data, photo=photo, file_name=upload.file_name, mime_type=mime)
    if ref.file_id is not None:
        stored = files.get(ref.file_id)
        if stored is None:
            raise bad_request(errors.WRONG_FILE_ID)
        return stored
    name = urlsplit(ref.url or "").path.rsplit("/", 1)[-1] or None
    return files.add(
        b"", photo=photo, file_name=name, mime_type=guess_mime(name, None), url=ref.url
    )


def _edit_target(call: Call) -> tuple[Chat, ChatMessage]:
    if "inline_message_id" in call.args and "chat_id" not in call.args:
        raise bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)
    if "chat_id" not in call.args:
        raise bad_request(errors.CHAT_ID_EMPTY)
    if "message_id" not in call.args:
        raise bad_request(errors.MESSAGE_ID_MISSING)
    chat = _chat(call, sending=False)
    message = chat.messages.get(call.args["message_id"])
    if message is None or message.deleted:
        raise bad_request(errors.MESSAGE_TO_EDIT_NOT_FOUND)
    if not message.from_bot:
        raise bad_request(errors.MESSAGE_CANT_BE_EDITED)
    return chat, message


def _inline_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    return markup if markup is not None and "inline_keyboard" in markup else None


def _apply_edit(call: Call, chat: Chat, message: ChatMessage) -> dict[str, Any]:
    message.edit_date = call.date
    message.edits.append(
        Edit(call.date, call.rule.name, message.text, message.caption, message.reply_markup)
    )
    call.world.changed.notify()
    return call.world.message_json(call.bot, chat, message)


# --- methods ----------------------------------------------------------------------------


def get_me(call: Call) -> dict[str, Any]:
    return call.bot.identity.get_me()


def log_out(call: Call) -> bool:
    return True


async def get_updates(call: Call) -> list[dict[str, Any]]:
    bot = call.bot
    if bot.webhook is not None:
        raise ApiError(409, errors.WEBHOOK_ACTIVE)
    if "allowed_updates" in call.args:
        bot.updates.set_allowed(call.args["allowed_updates"])
    offset = call.args.get("offset", 0)
    limit = min(max(call.args.get("limit", 100), 1), 100)
    timeout = min(max(call.args.get("timeout", 0), 0), limits.LONG_POLL_MAX_TIMEOUT)
    return await bot.updates.poll(offset, limit, timeout)


def set_webhook(call: Call) -> Described:
    url: str = call.args.get("url", "")
    if not url:
        return delete_webhook(call)
    if (problem := limits.webhook_url_problem(url)) is not None:
        raise bad_request(problem)
    bot = call.bot
    already = bot.webhook is not None and bot.webhook.url == url
    bot.updates.end_poll(errors.TERMINATED_BY_SET_WEBHOOK)
    if call.args.get("drop_pending_updates"):
        bot.updates.drop_pending()
    allowed = call.args.get("allowed_updates")
    if allowed is not None:
        bot.updates.set_allowed(allowed)
    bot.webhook = Webhook(
        url=url,
        max_connections=call.args.get("max_connections", 40),
        secret_token=call.args.get("secret_token"),
        allowed_updates=allowed,
        ip_address=call.args.get("ip_address"),
    )
    return Described(True, "Webhook is already set" if already else "Webhook was set")


def delete_webhook(call: Call) -> Described:
    bot = call.bot
    if call.args.get("drop_pending_updates"):
        bot.updates.drop_pending()
    existed, bot.webhook = bot.webhook is not None, None
    return Described(True, "Webhook was deleted" if existed else "Webhook is already deleted")


def get_webhook_info(call: Call) -> dict[str, Any]:
    webhook = call.bot.webhook
    info: dict[str, Any] = {
        "url": webhook.url if webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": call.bot.updates.pending_count,
    }
    if webhook is not None:
        info["max_connections"] = webhook.max_connections
        if webhook.ip_address:
            info["ip_address"] = webhook.ip_address
        if webhook.allowed_updates is not None:
            info["allowed_updates"] = webhook.allowed_updates
    return info


def send_message(call: Call) -> dict[str, Any]:
    chat = _chat(call, sending=True)
    text = _formatted(call, "text", "entities")
    message = _bot_message(call, chat, text=text.text, entities=text.entities or None)
    return _deliver(call, chat, message)


def send_photo(call: Call) -> dict[str, Any]:
    return _send_file(call, "photo")


def send_document(call: Call) -> dict[str, Any]:
    return _send_file(call, "document")


def _send_file(call: Call, key: Literal["photo", "document"]) -> dict[str, Any]:
    """sendPhoto and sendDocument differ only in the field the file is shown as."""
    chat = _chat(call, sending=True)
    caption = _formatted(call, "caption", "caption_entities") if "caption" in call.args else None
    photo = key == "photo"
    stored = _stored_file(call, key, photo=photo)
    shown = photo_sizes(stored) if photo else document(stored)
    message = _bot_message(
        call,
        chat,
        caption=caption.text if caption else None,
        caption_entities=caption.entities if caption else None,
        **{key: shown},
    )
    return _deliver(call, chat, message)


def send_chat_action(call: Call) -> bool:
    _chat(call, sending=True)
    return True


def edit_message_text(call: Call) -> dict[str, Any]:
    if "rich_message" in call.args:
        raise bad_request("rich messages are not supported by the sandbox")
    if not call.args.get("text"):
        raise bad_request(errors.TEXT_EMPTY, rule="required", param="text")
    chat, message = _edit_target(call)
    if message.text is None:
        raise bad_request(errors.NO_TEXT_TO_EDIT)
    text = _formatted(call, "text", "entities")
    markup = call.args.get("reply_markup")
    if (
        message.text == text.text
        and (message.entities or []) == text.entities
        and _inline_markup(message.reply_markup) == markup
    ):
        raise bad_request(errors.NOT_MODIFIED)
    message.text, message.entities, message.reply_markup = text.text, text.entities or None, markup
    return _apply_edit(call, chat, message)


def edit_message_reply_markup(call: Call) -> dict[str, Any]:
    chat, message = _edit_target(call)
    markup = call.args.get("reply_markup")
    if _inline_markup(message.reply_markup) == markup:
        raise bad_request(errors.NOT_MODIFIED)
    message.reply_markup = markup
    return _apply_edit(call, chat, message)


def delete_message(call: Call) -> bool:
    chat = _chat(call, sending=False)
    message = chat.messages.get(call.args["message_id"])
    if message is None or message.deleted:
        raise bad_request(errors.MESSAGE_TO_DELETE_NOT_FOUND)
    message.deleted = True
    call.world.changed.notify()
    return True


def answer_callback_query(call: Call) -> bool:
    query = call.bot.callback_queries.get(call.args["callback_query_id"])
    timeout = call.settings.callback_query_timeout
    if (
        query is None
        or query.answer is not None
        or (timeout is not None and call.now - query.created > timeout)
    ):
        raise bad_request(errors.QUERY_ID_INVALID)
    query.answer = CallbackAnswer(
        callback_query_id=query.id,
        chat_id=query.chat_id,
        message_id=query.message_id,
        text=call.args.get("text"),
        show_alert=bool(call.args.get("show_alert", False)),
        url=call.args.get("url"),
        cache_time=call.args.get("cache_time", 0),
        time=call.now,
    )
    call.world.callback_answers.append(query.answer)
    call.world.changed.notify()
    return True


def get_file(call: Call) -> dict[str, Any]:
    stored = call.world.files.get(call.args["file_id"])
    if stored is None:
        raise bad_request(errors.INVALID_FILE_ID)
    if len(stored.data) > limits.DOWNLOAD_MAX_BYTES:
        raise bad_request(errors.FILE_TOO_BIG)
    return stored.as_file()


def _commands_key(call: Call) -> tuple[str, str]:
    scope = call.args.get("scope") or {"type": "default"}
    parts = [str(scope.get("type"))]
    parts += [f"{k}={scope[k]}" for k in ("chat_id", "user_id") if k in scope]
    return ",".join(parts), str(call.args.get("language_code", ""))


def set_my_commands(call: Call) -> bool:
    call.bot.commands[_commands_key(call)] = list(call.args["commands"])
    return True


def get_my_commands(call: Call) -> list[dict[str, Any]]:
    return call.bot.commands.get(_commands_key(call), [])


def delete_my_commands(call: Call) -> bool:
    call.bot.commands.pop(_commands_key(call), None)
    return True


Handler = Callable[[Call], Any]
HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "logOut": log_out,
    "close": log_out,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendChatAction": send_chat_action,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "getFile": get_file,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
}
ASYNC_HANDLERS: dict[str, Callable[[Call], Awaitable[Any]]] = {"getUpdates": get_updates}
