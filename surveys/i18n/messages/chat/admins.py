"""Admins' chat: survey waves (the wizard, progress, skip reasons), the staff list, and
why a wave or staff request is refused."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid, Nn_

MESSAGES: Final[Mapping[str, Msgid]] = {
    # Wave progress
    "wave_sending": N_("📤 Wave #{id} · {template} · visits {window} · {status}"),
    "wave_finished": N_("✅ Wave #{id} · {template} · visits {window} · {status}"),
    "wave_status_scheduled": N_("scheduled"),
    "wave_status_sending": N_("sending"),
    "wave_status_paused": N_("paused"),
    "wave_status_done": N_("done"),
    "wave_status_cancelled": N_("cancelled"),
    "wave_status_stuck": N_("set aside"),
    "confirm_paid": N_("⚡ Send as paid broadcast (Stars)"),
    "wave_paid": N_(
        "Paid broadcast: sent faster than 30 messages a second, paid per message in Stars."
    ),
    "wave_set_aside": N_("Set aside after failing to start a few times ({reason})."),
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
    # Admin help
    "help_admin": N_(
        "For admins:\n"
        "/newwave – schedule a survey wave\n"
        "/waves – recent waves and their progress\n"
        "/wave 12 – one wave, with pause / resume / cancel\n"
        "/staff – admins and branch managers (add, remove, levels)\n"
        "Send a CSV or XLSX file to import customers and visits."
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
    "wave_usage": N_("/newwave starts a survey wave; /waves lists them; /wave 12 shows wave #12."),
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
    # Refusals: why a wave or staff request cannot be done (lower case: they
    # follow a colon)
    "no_branch_named": N_("no branch named '{name}' (known: {known})"),
    "no_branch": N_("no branch named '{name}'"),
    "no_branches_yet": N_("none yet"),
    "no_template_named": N_("no survey template '{name}' (known: {known})"),
    "bad_event_kind": N_("event type must be sale or service, not '{value}'"),
    "standing_needs_relative": N_("a standing wave needs a relative window such as 'yesterday'"),
    "wave_needs_send_time": N_("a wave needs a send time"),
    "no_wave": N_("no wave #{id}"),
    "wave_not_pausable": N_("wave #{id} is {status} and cannot be paused"),
    "wave_not_paused": N_("wave #{id} is {status}, not paused"),
    "wave_already": N_("wave #{id} is already {status}"),
    "bad_user_id": N_("a Telegram user id is a positive number"),
    "bad_level": N_("the escalation level is a number from 1 to 9"),
    "manager_needs_branch": N_("a manager needs a branch (--branch NAME)"),
    "no_such_role": N_("{user} has no such role"),
}
