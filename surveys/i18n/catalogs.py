"""The compiled catalogs, read with the standard library's gettext on first use.

English is the language of the msgids, so it needs no catalog. Every other supported
language ships ``locale/<language>/LC_MESSAGES/surveybot.mo``; one that is missing is a
broken install, so loading it raises instead of quietly speaking English.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Final

DOMAIN: Final = "surveybot"
SOURCE_LANGUAGE: Final = "en"
LOCALE_DIR: Final = Path(str(files("surveys.i18n") / "locale"))


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language``, loaded once."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
