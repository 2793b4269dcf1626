"""Mystery-shopper audits: scheduling, the shopper's chat, review, scores and the scorecard,
improvement actions and calibration; the checklists' touchpoint names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid

MESSAGES: Final[Mapping[str, Msgid]] = {
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
    "cli_branch_nothing_to_set": N_("nothing to set: give --location LAT,LON"),
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
    "action_status_open": N_("open, to be fixed"),
    "action_status_closed": N_("fixed and closed"),
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
