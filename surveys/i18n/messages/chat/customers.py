"""A customer's own chat: linking it to their record, opting out, language, erasure,
and their side of a complaint (told a manager will call, asked whether it is solved)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid

MESSAGES: Final[Mapping[str, Msgid]] = {
    # Linking a chat to a customer
    "welcome_unlinked": N_(
        "Hello! This bot asks our customers how their purchase or service visit went, so "
        "that we can fix what went wrong.\n"
        "\n"
        "To connect this chat to your customer record, tap “Share my phone number” below, "
        "or open the link printed on your receipt or sent to you by SMS."
    ),
    "share_phone_button": N_("📱 Share my phone number"),
    "consent": N_(
        "We will send you a few short surveys about your visits (never more than one a "
        "month). /stop turns them off, /forget erases your data, /help lists what I can do."
    ),
    "linked": N_("Thank you, {name}! This chat is now connected to your customer record."),
    "linked_anonymous": N_("Thank you! This chat is now connected to your customer record."),
    "already_linked": N_(
        "This chat is already connected to your customer record. /help lists what I can do."
    ),
    "link_invalid": N_(
        "Sorry, this link is not valid. Please use the link from your receipt or SMS, or "
        "tap “Share my phone number”."
    ),
    "link_taken": N_(
        "This customer record is already connected to another Telegram account. If that is "
        "wrong, please contact the dealership."
    ),
    "chat_taken": N_(
        "This Telegram account is already connected to another customer record. Send "
        "/forget first if you want to connect a different one."
    ),
    "contact_not_own": N_(
        "Please share your own phone number with the button below, not someone else's."
    ),
    "phone_not_found": N_(
        "Sorry, we could not find a customer with this phone number. If you bought or "
        "serviced a car with us under another number, please use the link on your receipt."
    ),
    # Opting out, language, erasure
    "stopped": N_(
        "Done: you will not receive any more surveys. Changed your mind? Tap the button."
    ),
    "already_stopped": N_(
        "You have already turned surveys off. Tap the button to turn them back on."
    ),
    "resume_button": N_("Resume surveys"),
    "resumed": N_("Welcome back! You will receive our short surveys again."),
    "language_prompt": N_("Choose your language:"),
    "language_set": N_("I will speak English from now on."),
    "forget_prompt": N_(
        "This erases your name, phone number, the link to this chat and everything you "
        "wrote to us. Anonymous scores stay in our statistics. Continue?"
    ),
    "forget_yes": N_("Yes, erase my data"),
    "forget_no": N_("Cancel"),
    "forgotten": N_("Your personal data has been erased. Goodbye, and thank you."),
    "forget_cancelled": N_("Nothing was erased."),
    "forget_nothing": N_(
        "This chat is not connected to any customer record, so there is nothing to erase."
    ),
    # The customer's side of a complaint
    "manager_will_call": N_("A manager of {branch} will contact you by {deadline}."),
    "ask_solved": N_(
        "About the problem you told us about: our team says it has been dealt with. Was "
        "your problem solved?"
    ),
    "solved_yes": N_("Yes, solved"),
    "solved_no": N_("No, not solved"),
    "solved_thanks": N_("Thank you! We are glad it is sorted out."),
    "solved_reopened": N_(
        "We are sorry. We have reopened it and a manager will contact you again by {deadline}."
    ),
    "call_me_question": N_("We are sorry to hear that. Would you like a manager to contact you?"),
    "call_me_yes": N_("Yes, please"),
    "call_me_no": N_("No, thanks"),
    "call_me_declined": N_("Understood. Thank you for telling us; it helps us improve."),
    "status_complaint": N_("Your feedback #{id}: {stage}."),
    "stage_open": N_("received; a manager will contact you by {deadline}"),
    "stage_claimed": N_("a manager is on it and will contact you by {deadline}"),
    "stage_contacted": N_("a manager has contacted you and is working on it"),
    "stage_resolved": N_("our team says it is dealt with; please tell us whether it is solved"),
    "stage_reopened": N_("reopened; a manager will contact you again by {deadline}"),
    "answer_chosen": N_("Your answer: {value}"),
    # /whoami: anyone's Telegram user id, and a staff member's roles
    "whoami_id": N_("Your Telegram user id is {user_id}."),
    "whoami_roles": N_("Your roles: {roles}."),
    "whoami_admin": N_("admin of all branches"),
    "whoami_manager": N_("manager of {branch} (level {level})"),
    "whoami_not_staff": N_(
        "To give you a role, an admin runs: surveybot staff add --user-id {user_id} "
        "--role manager --branch NAME"
    ),
    # Someone sending far more than a person types
    "slow_down": N_(
        "You are sending messages faster than I can read them. I will answer again in a "
        "minute; please send one message at a time."
    ),
}
