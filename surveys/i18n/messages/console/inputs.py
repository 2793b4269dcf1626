"""What a person is told when something they typed or sent cannot be kept as given: a
name too long or holding control characters (a branch, an uploaded file's name)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid

MESSAGES: Final[Mapping[str, Msgid]] = {
    "bad_branch_name": N_(
        "a branch name is 1 to {limit} characters long, without control characters"
    ),
    "cli_bad_number": N_("must be a whole number from 1 to {maximum} in digits 0-9, not {value}"),
    "upload_bad_name": N_(
        "This file's name cannot be used: it is longer than {limit} characters or holds "
        "control characters. Rename the file and send it again."
    ),
}
