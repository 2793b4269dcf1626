"""Every message key the code says, and its English source text: the gettext msgid.

Code names a message by its key (``say("linked", language, name=...)``); the key stays
put when the English is reworded. ``pybabel extract`` reads the ``N_`` and ``Nn_`` marks
below into ``locale/surveybot.pot`` (the command is in :mod:`surveys.i18n`), and each
language's ``.po`` maps these msgids to its own words. Placeholders are ``str.format``
names and must stay the same in every translation; ``Nn_`` marks a message with a
singular and a plural, chosen by the value ``count``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True, slots=True)
class Msgid:
    """English source text: one form, or the singular and plural of a ``count``."""

    singular: str
    plural: str | None = None


def N_(text: str) -> Msgid:
    """Mark ``text`` for extraction; it is translated when said, not here."""
    return Msgid(text)


def Nn_(singular: str, plural: str) -> Msgid:
    """Mark a message whose form follows ``count`` (``ngettext``)."""
    return Msgid(singular, plural)


MESSAGES: Final[Mapping[str, Msgid]] = MappingProxyType(
    {
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
        "no_open_survey": N_(
            "Thank you for your message. There is no survey open for you right now."
        ),
        "not_linked_text": N_(
            "I don't know who you are yet. Tap “Share my phone number” below to connect this "
            "chat to your customer record."
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
        # Wave progress
        "wave_sending": N_("📤 Wave #{id} · {template} · visits {window} · {status}"),
        "wave_finished": N_("✅ Wave #{id} · {template} · visits {window} · {status}"),
        "wave_status_scheduled": N_("scheduled"),
        "wave_status_sending": N_("sending"),
        "wave_status_paused": N_("paused"),
        "wave_status_done": N_("done"),
        "wave_status_cancelled": N_("cancelled"),
        "wave_counts": N_(
            "sent {sent} · failed {failed} · uncertain {uncertain} · answered {answered} · "
            "completed {completed}"
        ),
        "wave_skipped": N_("skipped: {reasons}"),
        "wave_uncertain": N_(
            "⚠️ {count} uncertain: the send may have reached the customer, so it is not repeated."
        ),
        "skip_not_linked": N_("not linked"),
        "skip_opted_out": N_("opted out"),
        "skip_unreachable": N_("unreachable"),
        "skip_fatigue": N_("surveyed recently"),
        "skip_already_surveyed": N_("already surveyed"),
        "skip_merged": N_("merged visits"),
        "skip_open_complaint": N_("open complaint"),
        # Staff help
        "help_manager": N_(
            "For managers:\n"
            "/queue – open complaints of your branches, oldest deadline first\n"
            "/complaint 12 – complaint #12 with its timeline\n"
            "/stats – CSAT, NPS and trends with a chart; /export – the rows as CSV and XLSX\n"
            "Escalation cards arrive here; use their buttons to claim, call and resolve."
        ),
        "help_admin": N_(
            "For admins:\n"
            "/newwave – schedule a survey wave\n"
            "/waves – recent waves and their progress\n"
            "/wave 12 – one wave, with pause / resume / cancel\n"
            "/staff – admins and branch managers (add, remove, levels)\n"
            "Send a CSV or XLSX file to import customers and visits."
        ),
        # /stats and /export
        "stats_title": N_("📊 Last {days} days ({first} – {last}) · {where}"),
        "weekly_title": N_("📊 Last week ({first} – {last})"),
        "stats_sent": N_(
            "Surveys sent {sent} · answered {answered} ({rate}) · completed {completed}"
        ),
        "stats_scores": N_("CSAT {csat} (n={csat_n}) · NPS {nps} (n={nps_n})"),
        "stats_unhappy": N_("Unhappy comments {share} · top topics: {topics}"),
        "stats_complaints": N_(
            "Complaints: {opened} opened · {overdue} overdue · {resolved} resolved · median "
            "{median} to resolve"
        ),
        "stats_grades": N_("Grades: {grades}"),
        "stats_days": N_("{days} days"),
        "stats_compare_b": N_("Compare branches"),
        "stats_compare_s": N_("Compare staff"),
        "export_caption": N_(
            "{rows} surveys of the last {days} days (UTF-8 CSV for Excel, and XLSX)."
        ),
        # /staff
        "staff_usage": N_(
            "/staff – list staff\n"
            "/staff add USER_ID manager BRANCH [LEVEL]\n"
            "/staff add USER_ID admin\n"
            "/staff remove USER_ID [BRANCH]"
        ),
        "staff_added": N_("{user} is now {role} of {branch} (level {level})."),
        "staff_removed": Nn_("Removed {count} role of {user}.", "Removed {count} roles of {user}."),
        "staff_only": N_("Sorry, this is for staff only."),
        # /newwave and /waves
        "wave_usage": N_(
            "/newwave starts a survey wave; /waves lists them; /wave 12 shows wave #12."
        ),
        "no_waves": N_("No survey waves yet. /newwave starts one."),
        "pause": N_("⏸ Pause"),
        "resume": N_("▶️ Resume"),
        "cancel_wave": N_("✖ Cancel wave"),
        "cancel": N_("✖ Cancel"),
        "wizard_t": N_("New survey wave (1/4): which survey?"),
        "wizard_w": N_("New survey wave (2/4): which visits?"),
        "wizard_b": N_("New survey wave (3/4): which branch?"),
        "wizard_s": N_("New survey wave (4/4): when?"),
        "wizard_cancelled": N_("Cancelled: no wave was created."),
        "window_yesterday": N_("Yesterday"),
        "window_today": N_("Today"),
        "window_last_7_days": N_("Last 7 days"),
        "window_last_week": N_("Last week"),
        "all_branches": N_("All branches"),
        "send_now": N_("Now"),
        "send_next": N_("At {at}"),
        "send_every_day": N_("Every day at {at}"),
        "confirm_send": N_("✅ Send"),
        "confirm_title": N_("Please check this survey wave:"),
        "confirm_template": N_("Survey: {title}"),
        "confirm_window": N_("Visits: {window} ({days})"),
        "confirm_branch": N_("Branch: {branch}"),
        "confirm_send_at": N_("Send: {send}"),
        "reaches": Nn_(
            "Reaches {count} customer if sent now.",
            "Reaches {count} customers if sent now.",
        ),
        "merged_visits": Nn_(
            "{count} repeat visit merged (one survey per customer, about the latest visit).",
            "{count} repeat visits merged (one survey per customer, about the latest visit).",
        ),
        "quiet_now": N_("It is quiet hours ({quiet}): sending starts when they end."),
        "wave_created": N_("Wave #{id} is scheduled. Its progress will appear in this chat."),
        # Importing files in the chat
        "import_done": N_(
            "{name}: {rows} rows, {good} imported, {bad} bad; {events} new events, {customers} "
            "new customers."
        ),
        "import_line": N_("line {line}: {reason}"),
        "import_more": Nn_("… and {count} more bad row.", "… and {count} more bad rows."),
        "import_unreadable": N_("{name} could not be imported: {error}"),
        # Complaints: severities, statuses, cards
        "severity_critical": N_("critical"),
        "severity_high": N_("high"),
        "severity_medium": N_("medium"),
        "severity_low": N_("low"),
        "complaint_status_open": N_("open, not claimed"),
        "complaint_status_claimed": N_("claimed by {who}"),
        "complaint_status_contacted": N_("{who} contacted the customer"),
        "complaint_status_resolved": N_("resolved by {who}; waiting for the customer's answer"),
        "complaint_status_closed": N_("closed"),
        "complaint_status_reopened": N_("REOPENED: the customer says it is not solved"),
        "complaint_status_withdrawn": N_("withdrawn by the customer"),
        "overall_label": N_("overall"),
        "card_title": N_("Complaint #{id}"),
        "card_repeat": N_("(sent again: the first try may not have arrived)"),
        "card_customer": N_("Customer: {name} · {phone}"),
        "card_visit": N_("{kind} on {date} · vehicle {vehicle} · staff {staff}"),
        "card_from_message": N_("Written to the bot outside a survey"),
        "card_scores": N_("Scores: {scores}"),
        "card_sentiment": N_("Sentiment: {label} ({score}) · Topics: {topics}"),
        "card_status": N_("Status: {status} · level {level}"),
        "card_deadlines": N_("Acknowledge by {ack}{ack_late} · resolve by {resolve}{resolve_late}"),
        "overdue": N_(" ⚠️ OVERDUE"),
        "kind_service": N_("Service visit"),
        "kind_sale": N_("Purchase"),
        "label_negative": N_("unhappy"),
        "label_neutral": N_("neutral"),
        "label_positive": N_("happy"),
        # Complaint buttons and notes
        "btn_claim": N_("✋ Claim"),
        "btn_contacted": N_("📞 Contacted"),
        "btn_resolve": N_("✅ Resolve"),
        "btn_reassign": N_("↪ Reassign"),
        "btn_back": N_("← Back"),
        "reassign_to": N_("Give complaint #{id} to:"),
        "nobody_to_reassign": N_("There is no other manager in this branch."),
        "claimed_toast": N_("Claimed: it is yours now."),
        "already_claimed": N_("Already claimed."),
        "not_your_branch": N_("Sorry, only managers of this branch can act on it."),
        "ask_note": N_(
            "Complaint #{id}: write what was done to resolve it (a short note, kept with the "
            "complaint)."
        ),
        "ask_cause": N_("Complaint #{id}: what was the root cause?"),
        "resolved_done": N_(
            "Complaint #{id} is resolved. The customer is asked whether it is solved."
        ),
        "note_empty": N_("Please write a short note."),
        "cause_wait_time": N_("Waiting time"),
        "cause_price": N_("Price"),
        "cause_staff_attitude": N_("Staff attitude"),
        "cause_work_quality": N_("Work quality"),
        "cause_communication": N_("Communication"),
        "cause_facilities": N_("Facilities"),
        "cause_process": N_("Process"),
        "cause_product": N_("Product"),
        "cause_customer_expectation": N_("Customer expectation"),
        "cause_other": N_("Other"),
        # /queue and /complaint
        "queue_empty": N_("No open complaints. 🎉"),
        "queue_title": N_("Open complaints, oldest deadline first:"),
        "complaint_usage": N_("Send /complaint 12 to see complaint #12."),
        "no_complaint": N_("There is no complaint #{id}."),
        "timeline_title": N_("Timeline:"),
        "returned_notice": N_(
            "Complaint #{id} is back in the queue: its manager no longer works here."
        ),
        "reopened_notice": N_(
            "Complaint #{id} was REOPENED: the customer says the problem is not solved. It is "
            "now {severity}."
        ),
        "blocked_notice": N_(
            "Staff member {user} has blocked the bot and did not get complaint #{id}; it went "
            "to the next level."
        ),
        "digest": N_(
            "Good morning. Complaints of {branches}: {open} open, {overdue} overdue, "
            "{resolved} resolved yesterday. /queue lists them."
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
        "call_me_question": N_(
            "We are sorry to hear that. Would you like a manager to contact you?"
        ),
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
        # Staff
        "staff_returned": Nn_(
            "{count} complaint went back to the queue.",
            "{count} complaints went back to the queue.",
        ),
        "role_admin": N_("admin"),
        "role_manager": N_("manager"),
        "our_branch": N_("our branch"),
        # Languages
        "language_zh": N_("Chinese"),
        "language_en": N_("English"),
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
        # Topics
        "topic_wait_time": N_("Waiting time and delays"),
        "topic_price": N_("Price and charges"),
        "topic_staff_attitude": N_("Staff attitude"),
        "topic_work_quality": N_("Quality of the work done"),
        "topic_communication": N_("Call-backs and information"),
        "topic_facilities": N_("Facilities and premises"),
        "topic_process": N_("Booking, paperwork and procedures"),
        "topic_product": N_("The vehicle or product itself"),
        # States
        "complaint_open": N_("open"),
        "complaint_claimed": N_("claimed"),
        "complaint_contacted": N_("contacted"),
        "complaint_resolved": N_("resolved"),
        "complaint_closed": N_("closed"),
        "complaint_reopened": N_("reopened"),
        "complaint_withdrawn": N_("withdrawn"),
        "send_pending": N_("pending"),
        "send_claimed": N_("queued"),
        "send_sending": N_("sending"),
        "send_sent": N_("sent"),
        "send_failed": N_("failed"),
        "send_uncertain": N_("uncertain"),
        "send_cancelled": N_("cancelled"),
        "grade_excellent": N_("excellent"),
        "grade_good": N_("good"),
        "grade_fair": N_("fair"),
        "grade_poor": N_("poor"),
        "grade_na": N_("n/a"),
        # Chart
        "chart_title": N_("Customer satisfaction"),
        "chart_trend": N_("CSAT, NPS and responses by week"),
        "chart_score_axis": N_("CSAT (%) / NPS"),
        "chart_responses": N_("Responses"),
        "chart_touchpoints": N_("Average score by touchpoint"),
        "chart_by_branch": N_("Branches compared (CSAT)"),
        "chart_by_staff": N_("Staff compared (CSAT)"),
        "chart_no_data": N_("No data yet"),
        "chart_no_branch": N_("(no branch)"),
        "chart_no_staff": N_("(no staff member)"),
        "chart_more": Nn_("{count} more not shown", "{count} more not shown"),
        "chart_response_rate": N_("Response rate"),
        "chart_surveys": N_("Surveys"),
        "chart_complaints": N_("Complaints"),
        "chart_overdue": N_("overdue"),
        # Touchpoints
        "touchpoint_reception": N_("Reception"),
        "touchpoint_waiting_time": N_("Waiting time"),
        "touchpoint_price_transparency": N_("Price transparency"),
        "touchpoint_work_quality": N_("Quality of work"),
        "touchpoint_staff_attitude": N_("Staff attitude"),
        "touchpoint_product_explanation": N_("Product explanation"),
        "touchpoint_test_drive": N_("Test drive"),
        "touchpoint_paperwork": N_("Paperwork"),
        "touchpoint_delivery": N_("Delivery"),
        # Export
        "column_delivery_id": N_("Survey id"),
        "column_customer_id": N_("Customer id"),
        "column_customer_name": N_("Customer name"),
        "column_phone": N_("Phone"),
        "column_event_id": N_("Visit id"),
        "column_event_kind": N_("Visit type"),
        "column_event_date": N_("Visit date"),
        "column_branch": N_("Branch"),
        "column_staff": N_("Staff"),
        "column_vehicle": N_("Vehicle"),
        "column_template": N_("Survey template"),
        "column_wave_id": N_("Wave"),
        "column_status": N_("Send status"),
        "column_sent_at": N_("Sent at"),
        "column_answered_at": N_("First answer at"),
        "column_completed_at": N_("Completed at"),
        "column_sentiment": N_("Text sentiment"),
        "column_topics": N_("Topics"),
        "column_complaint_status": N_("Complaint status"),
        "column_complaint_severity": N_("Complaint severity"),
        "export_skipped": N_("(skipped)"),
        # Command menu
        "command_start": N_("Connect this chat"),
        "command_status": N_("My open survey or complaint"),
        "command_language": N_("中文 / English"),
        "command_stop": N_("No more surveys"),
        "command_forget": N_("Erase my data"),
        "command_help": N_("What this bot does"),
        "command_newwave": N_("Schedule a survey wave"),
        "command_waves": N_("Survey waves and progress"),
        "command_wave": N_("One wave: /wave ID"),
        "command_staff": N_("Admins and managers"),
        "command_queue": N_("Open complaints"),
        "command_stats": N_("CSAT, NPS and trends"),
        "command_export": N_("Survey rows as CSV and XLSX"),
        "command_complaint": N_("One complaint: /complaint ID"),
        # Refusals: why a request cannot be done (lower case: they follow a colon)
        "no_branch_named": N_("no branch named '{name}' (known: {known})"),
        "no_branch": N_("no branch named '{name}'"),
        "no_branches_yet": N_("none yet"),
        "no_template_named": N_("no survey template '{name}' (known: {known})"),
        "bad_event_kind": N_("event type must be sale or service, not '{value}'"),
        "standing_needs_relative": N_(
            "a standing wave needs a relative window such as 'yesterday'"
        ),
        "wave_needs_send_time": N_("a wave needs a send time"),
        "no_wave": N_("no wave #{id}"),
        "wave_not_pausable": N_("wave #{id} is {status} and cannot be paused"),
        "wave_not_paused": N_("wave #{id} is {status}, not paused"),
        "wave_already": N_("wave #{id} is already {status}"),
        "bad_user_id": N_("a Telegram user id is a positive number"),
        "bad_level": N_("the escalation level is a number from 1 to 9"),
        "manager_needs_branch": N_("a manager needs a branch (--branch NAME)"),
        "complaint_cannot": N_("complaint #{id} is {status}: cannot {action}"),
        "act_claim": N_("claim it"),
        "act_contacted": N_("mark it contacted"),
        "act_resolve": N_("resolve it"),
        "act_reassign": N_("reassign it"),
        "no_such_role": N_("{user} has no such role"),
        "file_empty": N_("{name} is empty"),
        "file_unreadable": N_("cannot read {name}: {reason}"),
        "file_cannot_read": N_("cannot read the file: {reason}"),
        "file_read_after": N_("cannot read the file after line {line}: {reason}"),
        "file_old_xls": N_(
            "old binary Excel (.xls) files are not supported; save the sheet as .xlsx or CSV"
        ),
        "file_not_xlsx": N_("the file is not a valid XLSX workbook"),
        "file_no_sheet": N_("the workbook has no worksheet"),
        "file_damaged": N_("the workbook is damaged after row {row}"),
        "file_binary": N_("the file holds binary data, not CSV or XLSX"),
        "file_not_text": N_("the file is not {encodings} text ({reason})"),
        "file_unknown_encoding": N_("unknown text encoding '{name}'"),
        "file_no_rows": N_("no usable header: the file has no rows"),
        "file_no_header": Nn_(
            "no usable header: missing required column {missing} (the first row has {found})",
            "no usable header: missing required columns {missing} (the first row has {found})",
        ),
        "cli_window_or_dates": N_("give either --window or --since/--until, not both"),
        "cli_window_needed": N_("give --window (e.g. yesterday) or both --since and --until"),
        "cli_event_type_needed": N_("--event-type is needed for template '{template}'"),
        "cli_every_needs": N_("--every needs --window and --at HH:MM"),
        # Command line
        "cli_none": N_("none"),
        "cli_no_complaints": N_("no complaints"),
        "cli_complaint": N_(
            "#{id}  {status}  {severity}  {branch}  customer {customer}  assignee {assignee}  "
            "acknowledge by {ack}  topics: {topics}"
        ),
        "cli_wave_reaches": Nn_(
            "reaches {count} customer now; skipped: {skipped}; merged {merged}",
            "reaches {count} customers now; skipped: {skipped}; merged {merged}",
        ),
        "cli_wave": N_(
            "#{id}  {status}  {template}  {kind}  {window}  {when}  sent {sent}, pending "
            "{pending}, failed {failed}, uncertain {uncertain}, answered {answered}"
        ),
        "cli_no_waves": N_("no waves yet: surveybot wave create --help"),
        "cli_wave_skipped": N_("skipped: {skipped}; completed {completed}"),
        "cli_wave_is": N_("wave #{id} is {status}"),
        "cli_staff_added": N_("{user} is {role} of {branch} (level {level})"),
        "cli_no_staff": N_("no staff yet: surveybot staff add --user-id ID --role admin"),
        "cli_staff": N_("{user}  {role}  {branch}  level {level}  {name}"),
        "cli_staff_removed": Nn_(
            "removed {count} role of {user}", "removed {count} roles of {user}"
        ),
        "cli_back_in_queue": N_("complaints back in their branch queue: {ids}"),
        "cli_rows_written": Nn_("{count} row written to {path}", "{count} rows written to {path}"),
        "cli_stats_title": N_("{first} .. {last}"),
        "cli_import_checked": N_("{file} ({format}): {rows} rows, {good} checked, {bad} bad"),
        "cli_import_imported": N_("{file} ({format}): {rows} rows, {good} imported, {bad} bad"),
        "cli_import_warning": N_("warning: {warning}"),
        "cli_import_changes": N_(
            "events: {events_new} new, {events_updated} updated, {events_unchanged} unchanged; "
            "customers: {customers_new} new, {customers_updated} updated; branches: "
            "{branches_new} new"
        ),
        "demo_imported": Nn_(
            "Imported {name}: {rows} rows, {events} events, {customers} customers, "
            "{count} bad row:",
            "Imported {name}: {rows} rows, {events} events, {customers} customers, "
            "{count} bad rows:",
        ),
        "import_header_repeated": Nn_(
            "{count} row repeats the header (first on line {line}); it was skipped",
            "{count} rows repeat the header (first on line {line}); they were skipped",
        ),
        "import_too_wide": Nn_(
            "{count} row has more cells than the header (first on line {line}); "
            "the extra cells were ignored",
            "{count} rows have more cells than the header (first on line {line}); "
            "the extra cells were ignored",
        ),
        "import_skipped_above": Nn_(
            "skipped {count} row above the header (line {lines})",
            "skipped {count} rows above the header (lines {lines})",
        ),
        "import_unknown_columns": Nn_(
            "ignored unknown column: {columns}", "ignored unknown columns: {columns}"
        ),
        "import_repeated_column": N_(
            "ignored column {column}: {field} already comes from column {other}"
        ),
        "cli_import_more": Nn_(
            "... and {count} more bad row (use --errors FILE to list them all)",
            "... and {count} more bad rows (use --errors FILE to list them all)",
        ),
        # The command line's first hour: failures, confirmations, times, import, /whoami
        "cli_crash": N_("unexpected error ({error}); the details are in {path}"),
        "cli_no_token": N_(
            "SURVEYBOT_TOKEN: not set (the token @BotFather gave you, in the environment or "
            "in a .env file in this folder)"
        ),
        "cli_token_refused": N_(
            "the Bot API at {api} refused the bot token {token} (SURVEYBOT_TOKEN): copy it "
            "again from @BotFather"
        ),
        "cli_api_unreachable": N_(
            "cannot reach the Bot API at {api} (SURVEYBOT_API_BASE): {reason}"
        ),
        "cli_needs_postgres": N_(
            "SURVEYBOT_DATABASE_URL names PostgreSQL, which needs the postgres extra: "
            'pip install "surveybot[postgres]" (or pip install -e ".[postgres]" in the '
            "source folder)"
        ),
        "cli_database_failed": N_(
            "cannot use the database {url} (SURVEYBOT_DATABASE_URL): {reason}"
        ),
        "cli_no_database": N_(
            "no database at {path} (SURVEYBOT_DATABASE_URL): create it with `surveybot db "
            "upgrade`, or correct the path"
        ),
        "cli_no_database_relative": N_(
            "no database at {path}: SURVEYBOT_DATABASE_URL names {written}, a path relative "
            "to the current folder {cwd}; give the absolute path, or create it with "
            "`surveybot db upgrade`"
        ),
        "cli_no_database_folder": N_(
            "the folder {folder} of the database {path} does not exist "
            "(SURVEYBOT_DATABASE_URL): create the folder first"
        ),
        "cli_no_folder": N_("{option}: the folder {folder} does not exist"),
        "cli_no_revision": N_("no schema revision '{revision}': use head, base or one of {known}"),
        "cli_database_at": N_("database at revision {revision}"),
        "cli_database_empty": N_("empty"),
        "cli_database_current": N_("{revision} (up to date)"),
        "cli_database_behind": N_("{revision} (newest is {head})"),
        "cli_downgrade_what": N_("db downgrade {revision} deletes {what} from {database}"),
        "cli_downgrade_all": N_("every table and all their rows"),
        "cli_downgrade_some": N_("what migrations after {revision} added, with its rows"),
        "cli_downgrade_needs_yes": N_("{what}: run it on a terminal to confirm, or add --yes"),
        "cli_downgrade_prompt": N_("{what}. Type yes to go on: "),
        "cli_downgrade_kept": N_("nothing was changed"),
        "cli_demo_would_replace": N_(
            "demo --db {path} would delete or overwrite {files}: give a new path, or add --force"
        ),
        "cli_demo_replacing": N_("replacing {files}"),
        "cli_errors_is_input": N_(
            "--errors {path} is the file being imported: give another file name"
        ),
        "cli_errors_exists": N_(
            "--errors {path} already exists: give another name, or add --force to replace it"
        ),
        "cli_errors_format": N_(
            "--errors {path}: the input is {format}, so the errors file must end in .{format}"
        ),
        "cli_errors_written": Nn_(
            "{count} bad row written to {path}, with a reason column: fix them there and "
            "import that file",
            "{count} bad rows written to {path}, with a reason column: fix them there and "
            "import that file",
        ),
        "cli_sheet_not_xlsx": N_("--sheet is for XLSX files, and {file} is CSV"),
        "cli_wave_sends_at": N_("sends at {when}"),
        "cli_wave_first_run": N_("first run at {when} ({recurrence})"),
        "cli_wave_at_passed": N_(
            "{at} has passed today (it is {now}): give a date and time, or add --yes to send "
            "at {when}"
        ),
        "cli_wave_at_quiet": N_(
            "{when} is inside the quiet hours {quiet} (SURVEYBOT_QUIET_HOURS): the wave would "
            "wait until {until}; give another time, or add --yes"
        ),
        "cli_wave_needs_when": N_("give --now or --at TIME (only --preview needs neither)"),
        "cli_no_staff_named": N_(
            "no staff member named '{name}' in the imported events (known: {known})"
        ),
        "cli_no_branch_create": N_(
            "no branch named '{name}' (known: {known}); add --create-branch to create it"
        ),
        "cli_days_positive": N_("must be a whole number of days, 1 or more, not {value}"),
        "cli_none_yet": N_("none yet"),
        "import_reason_column": N_("reason"),
        "file_no_such_sheet": N_("no sheet named '{name}' (the sheets are {sheets})"),
        "import_other_sheets": Nn_(
            "sheet {sheets} also holds rows; only '{sheet}' was read (--sheet NAME reads another)",
            "sheets {sheets} also hold rows; only '{sheet}' was read (--sheet NAME reads another)",
        ),
        "import_phone_conflict": Nn_(
            "{count} customer has different phone numbers on different rows (first: "
            "{customer} on lines {lines}); the last row's number was kept",
            "{count} customers have different phone numbers on different rows (first: "
            "{customer} on lines {lines}); the last row's number was kept",
        ),
        "import_too_short": Nn_(
            "{count} CSV row has fewer cells than the header (first on line {line}): its last "
            "columns were read as empty; check that no cell or comma is missing",
            "{count} CSV rows have fewer cells than the header (first on line {line}): their "
            "last columns were read as empty; check that no cell or comma is missing",
        ),
        "whoami_id": N_("Your Telegram user id is {user_id}."),
        "whoami_roles": N_("Your roles: {roles}."),
        "whoami_admin": N_("admin of all branches"),
        "whoami_manager": N_("manager of {branch} (level {level})"),
        "whoami_not_staff": N_(
            "To give you a role, an admin runs: surveybot staff add --user-id {user_id} "
            "--role manager --branch NAME"
        ),
        "cli_play_at": N_(
            "Play at {url} (database {database}); Ctrl-C stops it. Pick a customer, a manager "
            "or the admin, and type or tap as they would."
        ),
        "play_title": N_("surveybot: try it yourself"),
        "play_intro": N_(
            "Everything here runs on this computer: a simulated Telegram, the real bot and a "
            "test database. Pick someone, then type or tap as they would. Try /help, "
            "/whoami, and as the admin /newwave."
        ),
        "play_pick": N_("Who are you?"),
        "play_admin": N_("admin of all branches"),
        "play_manager": N_("manager of {branch}, level {level}"),
        "play_customer": N_("customer {customer_id} of {branch}, {vehicle}"),
        "play_placeholder": N_("Type a message or a command"),
        "play_send": N_("Send"),
        "play_receipt": N_("Open the link on my receipt"),
        "play_empty": N_("No messages yet: send /start."),
        "play_edited": N_("edited"),
        "play_picture": N_("[picture]"),
        "play_file": N_("[file {name}]"),
        "play_contact": N_("[phone number {phone}]"),
    }
)
