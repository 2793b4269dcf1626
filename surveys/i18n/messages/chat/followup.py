"""Following a customer's words to the right complaint: a comment typed instead of a score,
more words on an open complaint, escalation past the resolve deadline, erased cards,
relinking, staff who cannot be reached, and staff greetings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from surveys.i18n.messages.marks import N_, Msgid, Nn_

MESSAGES: Final[Mapping[str, Msgid]] = {
    # A comment typed at a score question
    "score_for_comment": N_(
        "Thank you, we have noted that. What score would you give, from {low} to {high}? "
        "Tap a number above or type it."
    ),
    # More words on an open complaint
    "words_added": N_(
        "Thank you. We have added this to your complaint #{id} and told the manager at "
        "{branch}, who will contact you by {deadline}."
    ),
    "words_added_quietly": N_(
        "Thank you. We have added this to your complaint #{id}; the manager will read it "
        "with the complaint."
    ),
    "words_notice": N_("Complaint #{id}: the customer wrote again:\n“{quote}”"),
    "card_more_words": N_("Later: “{quote}”"),
    # Staff
    "staff_welcome": N_(
        "Hello! You are registered as staff of this bot: complaint cards for your branches "
        "arrive in this chat."
    ),
    "staff_cards_resent": Nn_(
        "{count} card that could not reach you before is on its way now.",
        "{count} cards that could not reach you before are on their way now.",
    ),
    # surveybot branch
    "cli_no_branch": N_("no branch named '{name}' (known: {known})"),
    "cli_no_branches": N_("no branches yet: importing events creates them"),
    "cli_branch_hours_set": N_("{branch}: business hours {hours}"),
    "cli_branch_default_hours": N_("as in the escalation rule file"),
    "cli_branch_rule_file": N_("{hours} (the rule file's)"),
    "cli_branch_line": N_("{branch}  {hours}"),
    # Linking
    "link_moved": N_(
        "The owner of the phone number on this customer record has confirmed it in "
        "Telegram, so surveys and messages about it now go to their chat, not this one."
    ),
    # /forget
    "card_erased": N_("Customer: data erased at the customer's request (/forget)"),
    # Escalation past the resolve deadline
    "card_unresolved": N_(
        "⚠️ Not resolved by the deadline: escalated to level {level}. Please resolve it now."
    ),
}
