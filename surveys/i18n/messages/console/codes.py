"""The names of the product's codes, each table a family of keys ``<table>_<code>``
(read through :func:`surveys.i18n.name_of`): severities, visit kinds, sentiment
labels, roles, languages, topics, states, grades, and the chat's command menu."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid

MESSAGES: Final[Mapping[str, Msgid]] = {
    # Complaint severities
    "severity_critical": N_("critical"),
    "severity_high": N_("high"),
    "severity_medium": N_("medium"),
    "severity_low": N_("low"),
    # Visit kinds
    "kind_service": N_("Service visit"),
    "kind_sale": N_("Purchase"),
    # Sentiment labels
    "label_negative": N_("unhappy"),
    "label_neutral": N_("neutral"),
    "label_positive": N_("happy"),
    # Staff roles
    "role_admin": N_("admin"),
    "role_manager": N_("manager"),
    # Languages
    "language_zh": N_("Chinese"),
    "language_en": N_("English"),
    # Topics
    "topic_wait_time": N_("Waiting time and delays"),
    "topic_price": N_("Price and charges"),
    "topic_staff_attitude": N_("Staff attitude"),
    "topic_work_quality": N_("Quality of the work done"),
    "topic_communication": N_("Call-backs and information"),
    "topic_facilities": N_("Facilities and premises"),
    "topic_process": N_("Booking, paperwork and procedures"),
    "topic_product": N_("The vehicle or product itself"),
    # Complaint and send states, grades
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
}
