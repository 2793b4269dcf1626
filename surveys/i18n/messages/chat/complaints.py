"""Complaints as managers see them: cards, buttons, notes and root causes, the queue,
notices and the morning digest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid, Nn_

MESSAGES: Final[Mapping[str, Msgid]] = {
    # Manager help
    "help_manager": N_(
        "For managers:\n"
        "/queue – open complaints of your branches, oldest deadline first\n"
        "/complaint 12 – complaint #12 with its timeline\n"
        "/stats – CSAT, NPS and trends with a chart; /export – the rows as CSV and XLSX\n"
        "Escalation cards arrive here; use their buttons to claim, call and resolve."
    ),
    # Complaints: severities, statuses, cards
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
    "resolved_done": N_("Complaint #{id} is resolved. The customer is asked whether it is solved."),
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
    "outage_notice": Nn_(
        "The bot could not reach Telegram for {count} minute ({reason}). Nothing was lost: "
        "surveys and cards waited and are going out now.",
        "The bot could not reach Telegram for {count} minutes ({reason}). Nothing was lost: "
        "surveys and cards waited and are going out now.",
    ),
    "outage_unauthorized": N_("Telegram refused the bot's token"),
    "outage_not_found": N_("the Bot API address answered 'not found'"),
    "blocked_notice": N_(
        "Staff member {user} cannot be reached (blocked the bot, or never pressed /start) "
        "and did not get complaint #{id}; it went to the next level, and reaches them when "
        "they press /start."
    ),
    "digest": N_(
        "Good morning. Complaints of {branches}: {open} open, {overdue} overdue, "
        "{resolved} resolved yesterday. /queue lists them."
    ),
    # A manager leaving; the branch in a customer's words
    "staff_returned": Nn_(
        "{count} complaint went back to the queue.",
        "{count} complaints went back to the queue.",
    ),
    "our_branch": N_("our branch"),
    # Refusals (lower case: they follow a colon)
    "complaint_cannot": N_("complaint #{id} is {status}: cannot {action}"),
    "act_claim": N_("claim it"),
    "act_contacted": N_("mark it contacted"),
    "act_resolve": N_("resolve it"),
    "act_reassign": N_("reassign it"),
}
