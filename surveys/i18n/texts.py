"""Saying a message in a language, now (``say``) or later (``Text``, ``Refusal``)."""

from __future__ import annotations

from typing import Any

from surveys.i18n.catalogs import SOURCE_LANGUAGE, translations
from surveys.i18n.messages import MESSAGES

SUPPORTED = ("zh", "en")


def supported(language: str | None) -> str | None:
    """The supported language a code names ("zh-hans", "zh_CN" and "zh" are ``zh``), if any."""
    short = (language or "").lower().replace("_", "-").split("-")[0]
    return short if short in SUPPORTED else None


def say(key: str, language: str, **values: Any) -> str:
    """The message ``key`` in ``language`` (English for an unsupported one), with ``values``
    filled in; a plural message takes its form from ``count``. A value that is a
    :class:`Text` is said in the same language."""
    msgid = MESSAGES[key]
    spoken = supported(language) or SOURCE_LANGUAGE
    catalog = translations(spoken)
    if msgid.plural is None:
        template = catalog.gettext(msgid.singular)
    else:
        template = catalog.ngettext(msgid.singular, msgid.plural, int(values["count"]))
    if not values:
        return template
    return template.format(
        **{
            name: value.say(spoken) if isinstance(value, Text) else value
            for name, value in values.items()
        }
    )


class Text:
    """A message to say later, in the reader's language: its key and values.

    ``str()`` is the English, for logs and for developers.
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, **values: Any) -> None:
        MESSAGES[key]  # an unknown key fails where it is written, not where it is read
        self.key = key
        self.values = values

    def say(self, language: str) -> str:
        return say(self.key, language, **self.values)

    def __str__(self) -> str:
        return self.say(SOURCE_LANGUAGE)

    def __repr__(self) -> str:
        return f"Text({self.key!r}, **{self.values!r})"


class Refusal(ValueError):
    """A request that cannot be done as asked, for a reason the asker reads in their language.

    ``str()`` is the English (CLI, logs); :meth:`say` is the reason in ``language``.
    """

    def __init__(self, key: str, **values: Any) -> None:
        self.text = Text(key, **values)
        super().__init__(str(self.text))

    def say(self, language: str) -> str:
        return self.text.say(language)


def explain(error: Exception, language: str) -> str:
    """What went wrong, in ``language`` where the error is a :class:`Refusal`."""
    return error.say(language) if isinstance(error, Refusal) else str(error)
