"""Mystery-shopper audits: scheduling, the shopper's chat, review, scores and the scorecard,
improvement actions and calibration; the checklists' touchpoint names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid

MESSAGES: Final[Mapping[str, Msgid]] = {
    # Menu
    "command_newaudit": N_("Schedule a mystery-shopper audit"),
    # Roles
    "role_shopper": N_("mystery shopper"),
    "whoami_shopper": N_("mystery shopper"),
    "shopper_branch_none": N_("no branch"),
    "shopper_no_branch": N_("a mystery shopper belongs to no branch (leave out --branch)"),
    # Scheduling
    "audit_no_checklist": N_("no checklist '{name}' (known: {known})"),
    "audit_no_branch": N_("no branch named '{name}'"),
    "audit_no_shoppers": N_(
        "there are no mystery shoppers yet: surveybot staff add --user-id ID --role shopper"
    ),
    "audit_no_free_shopper": N_(
        "every shopper audited this branch within {days} days: give --shopper or another window"
    ),
    "audit_bad_window": N_("the window ends before it starts"),
    "audit_window_passed": N_("the window has already passed"),
    "audit_slot_taken": N_("audit #{id} of this branch and checklist is still open"),
    "audit_not_a_shopper": N_("{user} is not a mystery shopper (staff add --role shopper)"),
    "audit_shopper_known": N_(
        "shopper {user} audited this branch within {days} days: staff would know them"
    ),
    "audit_unknown": N_("no audit #{id}"),
    "audit_not_open": N_("audit #{id} is no longer open"),
    "audit_bad_location": N_("a location is a latitude -90..90 and a longitude -180..180"),
    "cli_branch_nothing_to_set": N_(
        "nothing to set: give --hours DAYS HOURS or --location LAT,LON"
    ),
    "cli_branch_located": N_("{branch} is at {lat}, {lon}"),
    "cli_audit_created": N_(
        "Audit scheduled: shopper {shopper} is told on {first} and may go until {last}."
    ),
    "cli_audits_none": N_("No audits yet."),
    "cli_audit_cancelled": N_("Audit #{id} cancelled."),
    # Statuses
    "audit_status_scheduled": N_("scheduled, shopper not told yet"),
    "audit_status_assigned": N_("shopper told, not started"),
    "audit_status_in_progress": N_("shopper on site"),
    "audit_status_paused": N_("paused by the shopper"),
    "audit_status_submitted": N_("submitted, waiting for review"),
    "audit_status_returned": N_("sent back to the shopper"),
    "audit_status_approved": N_("approved, counted"),
    "audit_status_cancelled": N_("audit cancelled"),
    "audit_status_lapsed": N_("lapsed: never submitted"),
    "action_status_open": N_("open, to be fixed"),
    "action_status_closed": N_("fixed and closed"),
    # The shopper's chat, review and improvement actions
    "help_shopper": N_(
        "For mystery shoppers:\n/audits – your assignments\nOn site, press Start on the "
        "assignment, answer each item, send the photos asked for, share your location (📎 → "
        "Location) and submit. Pause any time."
    ),
    "audit_btn_start": N_("▶️ Start on site"),
    "audit_btn_open": N_("▶️ Audit #{id}"),
    "audit_btn_resume": N_("▶️ Resume"),
    "audit_btn_pass": N_("✅ Pass"),
    "audit_btn_fail": N_("❌ Fail"),
    "audit_btn_pause": N_("⏸ Pause"),
    "audit_btn_submit": N_("📤 Submit"),
    "audit_btn_approve": N_("✅ Approve"),
    "audit_btn_send_back": N_("↩️ Send back with a note"),
    "action_btn_fix": N_("🛠 Close with a note and a photo"),
    "audit_told": N_(
        "🕵️ New assignment #{id}: {checklist} at {branch}, any day from {first} to {last}.\nGo "
        "as an ordinary customer: nobody at the branch knows. Press Start when you are there."
    ),
    "audit_sent_back": N_(
        "↩️ Audit #{id} ({branch}) was sent back: {note}\nPress Resume to answer the items "
        "again, then submit."
    ),
    "audit_approved_shopper": N_("✅ Audit #{id} ({branch}) was approved. Thank you!"),
    "audit_review_title": N_("🕵️ Audit #{id} submitted: {checklist} · {branch} · {first} to {last}"),
    "audit_review_shopper": N_("Shopper: {shopper}"),
    "audit_review_score": N_("Score {score} · {failed} failed items · {photos} photos"),
    "audit_location_unknown": N_("📍 No location was shared."),
    "audit_branch_unplaced": N_(
        "📍 Location received; the branch has no location to check it against (surveybot branch "
        "set)."
    ),
    "audit_location_near": N_("📍 Location checked: {meters} m from the branch."),
    "audit_location_far": N_(
        "⚠️ Location is {meters} m from the branch: too far for a visit there."
    ),
    "action_opened": N_(
        "🛠 Improvement action #{id} · {branch}\nA mystery-shopper audit found: {item}\nFix it "
        "by {deadline}, then close it with a note and a photo of the fix."
    ),
    "action_reminder": N_("⏰ Improvement action #{id} · {branch} is due {deadline}: {item}"),
    "action_overdue": N_(
        "⚠️ Improvement action #{id} · {branch} is overdue (due {deadline}): {item}"
    ),
    "audit_item": N_("Item {position}/{total} · {section}"),
    "audit_item_photo": N_("📷 Now send a photo for this item."),
    "audit_item_photo_after": N_("(A photo is asked for after your answer.)"),
    "audit_item_number": N_("Type the number."),
    "audit_item_text": N_("Type your note."),
    "audit_done": N_("All {count} items are answered."),
    "audit_ask_location": N_(
        "📍 Share your location (📎 → Location) to confirm you were at the branch."
    ),
    "audit_paused": N_("⏸ Paused. Press Resume when you carry on."),
    "audit_submitted": N_("📤 Submitted. Thank you! An admin will review it."),
    "audit_photo_saved": N_("📷 Photo saved."),
    "audit_list_none": N_("You have no assignments now."),
    "audit_list_line": N_("#{id} · {checklist} · {branch} · until {last} · {status}"),
    "audit_newaudit_usage": N_(
        "Schedule an audit: /newaudit CHECKLIST BRANCH FIRST..LAST [SHOPPER_ID]\nfor example "
        "/newaudit pre_sale 浦东店 2026-12-10..2026-12-20"
    ),
    "audit_created_chat": N_(
        "🕵️ Audit #{id} scheduled: shopper {shopper} is told on {first} and may go until {last}."
    ),
    "audit_review_approved": N_(
        "✅ Audit #{id} approved: score {score}, {count} improvement actions opened."
    ),
    "audit_review_sent_back": N_("↩️ Audit #{id} sent back to the shopper."),
    "audit_note_prompt": N_("Type the note for the shopper: what should they check again?"),
    "action_note_prompt": N_("Type what was done to fix it."),
    "action_photo_prompt": N_("Now send a photo of the fix."),
    "action_closed_done": N_("✅ Improvement action #{id} closed. Thank you!"),
    "audit_bad_window_text": N_("the window is FIRST..LAST as dates, e.g. 2026-12-10..2026-12-20"),
    "audit_not_yours": N_("This is not your assignment."),
    "audit_not_under_way": N_("Audit #{id} is not under way: press Start or Resume first."),
    "audit_stale_item": N_("That button belongs to another item: answer the one shown last."),
    "audit_want_number": N_("Please type a number (for example 5)."),
    "audit_want_text": N_("Please type a short note."),
    "audit_use_buttons": N_("Please answer this item with its buttons."),
    "audit_not_finished": N_("Answer every item before submitting."),
    "audit_needs_location": N_("Share your location (📎 → Location) before submitting."),
    "audit_not_submitted": N_("Audit #{id} is not waiting for review."),
    "audit_not_approved": N_("Audit #{id} is not approved yet."),
    "audit_nothing_failed": N_("Audit #{id} has no failed items to audit again."),
    "audit_reaudit_too_soon": N_("a re-audit can start on {date}, after the improvement deadline"),
    "action_unknown": N_("No improvement action #{id}."),
    "action_closed": N_("Improvement action #{id} is already closed."),
    "cli_calibration_line": N_(
        "{checklist} · {item}: {agreed} of {pairs} pairs agree ({percent}%)"
    ),
    "cli_calibration_none": N_(
        "No two shoppers audited one branch close enough in time to compare."
    ),
    "cli_audit_photos": N_(
        "{count} photos written to {path} ({purged} emptied by the retention period)"
    ),
    # The scorecard
    "scorecard_title": N_("🕵️ Mystery shopping beside customers (audit 0-100 · customers 1-5)"),
    "scorecard_branch": N_("{branch}: audit score {score}"),
    "scorecard_row": N_("{touchpoint}: audit {audit} · customers {customers} ({responses})"),
    "scorecard_flag_execution": N_("⚠️ execution gap"),
    "scorecard_flag_perception": N_("⚠️ perception gap"),
    "scorecard_legend_audit": N_("Mystery shopping (0-100)"),
    "scorecard_legend_customers": N_("Customers (1-5 as 0-100)"),
    # The audits export
    "audit_column_audit": N_("Audit #"),
    "audit_column_checklist": N_("Audit checklist"),
    "audit_column_branch": N_("Audited branch"),
    "audit_column_submitted": N_("Submitted at"),
    "audit_column_shopper": N_("Mystery shopper id"),
    "audit_column_section": N_("Checklist section"),
    "audit_column_item": N_("Checklist item"),
    "audit_column_touchpoint": N_("Audited touchpoint"),
    "audit_column_value": N_("Shopper's answer"),
    "audit_column_score": N_("Item score"),
    "audit_column_text": N_("Shopper's note"),
    "audit_column_answered": N_("Answered at"),
    "audit_column_photos": N_("Photos kept"),
    "audits_export_caption": N_("{count} answers of approved mystery-shopper audits (UTF-8 CSV)."),
    "cli_audits_written": N_("and {count} answers of approved audits to {path}"),
    # Touchpoints the checklists add to the survey templates' ones
    "touchpoint_exterior": N_("Outside the showroom"),
    "touchpoint_showroom": N_("Showroom facilities"),
    "touchpoint_greeting": N_("Greeting"),
    "touchpoint_dress": N_("Dress"),
    "touchpoint_etiquette": N_("Etiquette"),
    "touchpoint_needs_analysis": N_("Understanding needs"),
    "touchpoint_performance_explanation": N_("Performance explanation"),
    "touchpoint_payment": N_("Payment"),
    "touchpoint_registration_insurance": N_("Registration and insurance"),
    "touchpoint_farewell": N_("Farewell"),
    "touchpoint_maintenance_process": N_("Maintenance process"),
}
