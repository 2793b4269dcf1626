"""Every word the product says outside a survey template, in every supported language.

Survey questions live in the YAML templates; everything else (linking, help, errors,
cards, charts, exports, command menus, CLI output) is a message of one gettext catalog
per language. English is the source: ``messages/`` (one module per audience or area,
assembled into one registry) maps each key the code uses to its English msgid;
``locale/surveybot.pot`` is extracted from it, and
``locale/<language>/LC_MESSAGES/surveybot.po`` (compiled to ``.mo``, committed, shipped as
package data) holds each other language's words. At run time only the standard
library's ``gettext`` reads the ``.mo``, once per language, on first use. This package
imports nothing of the product (everything else imports it); its public surface is
``__all__`` below.

After adding or rewording a message in ``messages/``, refresh the catalogs from the
repository root (Babel is a dev dependency), then translate what the ``.po`` shows empty
or fuzzy and run the same command again to compile::

    pybabel extract -F surveys/i18n/babel.cfg --no-default-keywords -k N_ -k Nn_:1,2 \\
        --no-location --project surveybot -o surveys/i18n/locale/surveybot.pot surveys/i18n \\
    && pybabel update -D surveybot -i surveys/i18n/locale/surveybot.pot -d surveys/i18n/locale \\
    && pybabel compile -D surveybot -d surveys/i18n/locale

``tests/surveys/i18n`` fails on a missing or fuzzy translation, a placeholder a
translation changed, a stale ``.mo`` or ``.pot``, and a key the code says that the
registry lacks.
"""

from __future__ import annotations

from surveys.i18n.names import name_key, name_of, names_of
from surveys.i18n.texts import SUPPORTED, Refusal, Text, explain, say, supported

__all__ = [
    "SUPPORTED",
    "Refusal",
    "Text",
    "explain",
    "name_key",
    "name_of",
    "names_of",
    "pick_language",
    "say",
]


def pick_language(*candidates: str | None, default: str) -> str:
    """The first supported language among the candidates (Telegram codes like "zh-hans" work)."""
    for candidate in candidates:
        found = supported(candidate)
        if found is not None:
            return found
    return default if default in SUPPORTED else "en"
