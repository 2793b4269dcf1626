"""What the command line prints, and its refusals of arguments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid, Nn_

MESSAGES: Final[Mapping[str, Msgid]] = {
    # Refusals of arguments (lower case: they follow a colon)
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
    "cli_staff_removed": Nn_("removed {count} role of {user}", "removed {count} roles of {user}"),
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
    "cli_import_more": Nn_(
        "... and {count} more bad row (use --errors FILE to list them all)",
        "... and {count} more bad rows (use --errors FILE to list them all)",
    ),
}
