"""The words of the web: the survey by link (customers) and the desk (managers)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid

MESSAGES: Final[Mapping[str, Msgid]] = {
    # the survey by link
    "web_skip_to_content": N_("Skip to the content"),
    "web_progress": N_("Question {number} of {total}"),
    "web_send": N_("Next"),
    "web_back": N_("Back"),
    "web_stop": N_("Stop these surveys"),
    "web_stop_hint": N_("No more surveys will be sent to you."),
    "web_stopped": N_(
        "You will get no more surveys from us. Thank you for your time; what you told us "
        "still reaches the branch."
    ),
    "web_your_answer": N_("Your answer"),
    "web_language": N_("Language"),
    "web_refused_title": N_("This link does not open a survey"),
    "web_refused": N_(
        "The link is not valid, has expired, or its survey has already been answered. "
        "Thank you if you have answered it."
    ),
    "web_too_many": N_("Too many attempts. Please wait a minute and try again."),
    "web_form_expired": N_("The page had expired; please try again."),
    "web_link_opted_out": N_("customer {customer} has opted out of surveys: no link made"),
    "web_link_no_visit": N_("customer {customer} has no visit to ask about: import one first"),
    "web_link_no_template": N_("no survey template asks about visits of kind {kind}"),
    "cli_wave_web_links": N_("{count} survey links for customers without a chat: {path}"),
    # the desk
    "command_desk": N_("Sign in to the complaint desk on the web"),
    "web_desk_link": N_("Your sign-in link to the desk (valid {minutes} minutes, once):\n{url}"),
    "web_desk_title": N_("Complaint desk"),
    "web_signed_in_as": N_("Signed in as {name}"),
    "web_sign_out": N_("Sign out"),
    "web_signed_out": N_("You are signed out. Send /desk to the bot for a new link."),
    "web_sign_in_refused": N_(
        "This sign-in link is not valid, has expired or was already used. Send /desk to "
        "the bot for a new one."
    ),
    "web_queue": N_("Queue"),
    "web_report": N_("Report"),
    "web_filter": N_("Filter"),
    "web_any": N_("Any"),
    "web_active": N_("Still open"),
    "web_branch": N_("Branch"),
    "web_severity": N_("Severity"),
    "web_status": N_("Status"),
    "web_topic": N_("Topic"),
    "web_since": N_("From"),
    "web_until": N_("To"),
    "web_deadline": N_("Deadline"),
    "web_queue_empty": N_("No complaint matches."),
    "web_timeline": N_("Timeline"),
    "web_note": N_("Resolution note"),
    "web_cause": N_("Root cause"),
    "web_pick_cause": N_("Pick the root cause."),
    "web_reassign_to": N_("Give to"),
    "web_done": N_("Done."),
    "web_not_found": N_("No such complaint among yours."),
    "web_period": N_("Period"),
    "web_days": N_("last {days} days"),
    "web_compare": N_("Compare"),
    "web_compare_branches": N_("branches"),
    "web_compare_staff": N_("staff"),
    "web_sign_in": N_("Sign in"),
    "web_sign_in_here": N_("Sign in to the complaint desk on this device."),
    "web_export": N_("Download the export (CSV)"),
}
