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
    # Failures, confirmations and times: one line naming what to fix
    "cli_crash": N_("unexpected error ({error}); the details are in {path}"),
    "cli_no_token": N_(
        "SURVEYBOT_TOKEN: not set (the token @BotFather gave you, in the environment or "
        "in a .env file in this folder)"
    ),
    "cli_token_refused": N_(
        "the Bot API at {api} refused the bot token {token} (SURVEYBOT_TOKEN): copy it "
        "again from @BotFather"
    ),
    "cli_api_unreachable": N_("cannot reach the Bot API at {api} (SURVEYBOT_API_BASE): {reason}"),
    "cli_needs_postgres": N_(
        "SURVEYBOT_DATABASE_URL names PostgreSQL, which needs the postgres extra: "
        'pip install "surveybot[postgres]" (or pip install -e ".[postgres]" in the '
        "source folder)"
    ),
    "cli_database_failed": N_("cannot use the database {url} (SURVEYBOT_DATABASE_URL): {reason}"),
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
    "cli_errors_is_input": N_("--errors {path} is the file being imported: give another file name"),
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
        "{at} has passed today (it is {now}): give a date and time, or add --yes to send at {when}"
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
}
