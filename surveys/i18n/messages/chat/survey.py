"""A survey in progress: help, prompts, refusals of an answer, reminders, and the
clarifying question after a score that the words contradict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid

MESSAGES: Final[Mapping[str, Msgid]] = {
    # Help and surveys
    "help": N_(
        "I send short surveys after your purchase or service visit. Answer with the "
        "buttons, or type your answer.\n"
        "\n"
        "/status – your open survey or complaint\n"
        "/language – 中文 / English\n"
        "/stop – no more surveys\n"
        "/forget – erase your personal data\n"
        "/help – this message"
    ),
    "skip": N_("Skip ⏭"),
    "yes": N_("Yes"),
    "no": N_("No"),
    "skipped_mark": N_("skipped"),
    "text_prompt": N_("Type your answer in the chat, or tap Skip."),
    "scale_hint": N_("{low_value} = {low} · {high_value} = {high}"),
    "need_number": N_(
        "Please tap a number from {low} to {high} above (or type it), or type “skip”."
    ),
    "need_yes_no": N_("Please tap Yes or No above, or type “skip”."),
    "need_choice": N_("Please tap one of the options above, or type “skip”."),
    "answer_saved": N_("Saved ✔"),
    "already_answered": N_("You already answered this question. Thank you!"),
    "question_closed": N_("This question is no longer open."),
    "survey_closed": N_("This survey is closed. Thank you for your time!"),
    "survey_expired": N_("Sorry, this survey has expired. Thank you all the same!"),
    "not_yours": N_("This button belongs to someone else's survey."),
    "no_open_survey": N_("Thank you for your message. There is no survey open for you right now."),
    "not_linked_text": N_(
        "I don't know who you are yet. Tap “Share my phone number” below to connect this "
        "chat to your customer record."
    ),
    # Status and reminders
    "status_none": N_("You have no open survey or complaint."),
    "status_survey": N_(
        "Your survey about {what} is open. Answer the last question above to continue."
    ),
    "stale_tap": N_("This button has expired."),
    "reminder": N_(
        "A friendly reminder: your {what} survey about your visit on {date} is still open. "
        "It takes about a minute."
    ),
    # Clarifying question
    "clarify_happy_text": N_(
        "You gave us {points}/{scale}, but your comment sounds happy. Would you like a "
        "manager to contact you?"
    ),
    "clarify_unhappy_text": N_(
        "You gave us {points}/{scale}, but your comment sounds unhappy. Would you like a "
        "manager to contact you?"
    ),
    "clarify_unhappy_topic": N_(
        "You gave us {points}/{scale} but mentioned {topic}. Would you like a manager to "
        "contact you?"
    ),
    "mention_wait_time": N_("the wait"),
    "mention_price": N_("the price"),
    "mention_staff_attitude": N_("how our staff treated you"),
    "mention_work_quality": N_("the quality of the work"),
    "mention_communication": N_("how we kept you informed"),
    "mention_facilities": N_("our premises"),
    "mention_process": N_("the paperwork and process"),
    "mention_product": N_("the product itself"),
    # The survey's intro, for a fact the visit lacks
    "intro_no_name": N_("there"),
    "intro_no_branch": N_("us"),
    "intro_no_vehicle": N_("car"),
}
