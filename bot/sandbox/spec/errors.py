"""Refusals in the words Telegram uses, so client libraries map them to the right exception.

aiogram and python-telegram-bot choose the exception by HTTP status (400 bad request,
403 forbidden, 409 conflict, 429 with ``parameters.retry_after``); bots then match on the
description text, so the descriptions are copied from what the Bot API answers.
"""

from __future__ import annotations

from typing import Any, Final


class ApiError(Exception):
    """A Bot API refusal: ``{"ok": false, "error_code": ..., "description": ...}``.

    ``rule`` is set when the refusal is a broken Bot API rule (a limit, bad markup) rather
    than a fact of the world (no such chat), so the sandbox records it as a violation.
    """

    def __init__(
        self,
        code: int,
        description: str,
        *,
        retry_after: int | None = None,
        rule: str | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.rule = rule
        self.param = param

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str, *, rule: str | None = None, param: str | None = None) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}", rule=rule, param=param)


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


NOT_FOUND: Final = "Not Found"
CHAT_NOT_FOUND: Final = "chat not found"
CHAT_ID_EMPTY: Final = "chat_id is empty"
TEXT_EMPTY: Final = "message text is empty"
TEXT_TOO_LONG: Final = "message is too long"
CAPTION_TOO_LONG: Final = "message caption is too long"
NOT_MODIFIED: Final = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
BUTTON_DATA_INVALID: Final = "BUTTON_DATA_INVALID"
# Not documented; the name follows Telegram's MTProto error for too many buttons.
BUTTONS_TOO_MUCH: Final = "BUTTONS_TOO_MUCH"
REPLY_MARKUP_TOO_LONG: Final = "reply markup is too long"
INLINE_KEYBOARD_EXPECTED: Final = "inline keyboard expected"
TEXT_BUTTONS_IN_INLINE: Final = (
    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
)
QUERY_ID_INVALID: Final = "query is too old and response timeout expired or query ID is invalid"
ANSWER_TOO_LONG: Final = "MESSAGE_TOO_LONG"
MESSAGE_ID_MISSING: Final = "message identifier is not specified"
MESSAGE_TO_EDIT_NOT_FOUND: Final = "message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND: Final = "message to delete not found"
MESSAGE_CANT_BE_EDITED: Final = "message can't be edited"
NO_TEXT_TO_EDIT: Final = "there is no text in the message to edit"
NO_CAPTION_TO_EDIT: Final = "there is no caption in the message to edit"
REPLY_NOT_FOUND: Final = "message to be replied not found"
WRONG_ACTION: Final = "wrong parameter action in request"
UNSUPPORTED_PARSE_MODE: Final = "unsupported parse_mode"
INVALID_FILE_ID: Final = "invalid file_id"
WRONG_FILE_ID: Final = "wrong file identifier/HTTP URL specified"
FILE_TOO_BIG: Final = "file is too big"
BOT_COMMAND_INVALID: Final = "BOT_COMMAND_INVALID"
BOT_COMMAND_DESCRIPTION_INVALID: Final = "BOT_COMMAND_DESCRIPTION_INVALID"
BOT_COMMANDS_TOO_MUCH: Final = "BOT_COMMANDS_TOO_MUCH"
WEBHOOK_HTTPS: Final = "bad webhook: An HTTPS URL must be provided for webhook"
WEBHOOK_PORT: Final = "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"

BLOCKED: Final = "Forbidden: bot was blocked by the user"
DEACTIVATED: Final = "Forbidden: user is deactivated"
CANT_INITIATE: Final = "Forbidden: bot can't initiate conversation with a user"

WEBHOOK_ACTIVE: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
OTHER_GET_UPDATES: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
TERMINATED_BY_SET_WEBHOOK: Final = "Conflict: terminated by setWebhook request"
