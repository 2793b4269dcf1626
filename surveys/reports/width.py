"""How wide text looks in a terminal or a spreadsheet column.

Chinese characters (East Asian wide and full-width) take two columns, so a branch
name of three characters is as wide as six Latin letters; combining marks take none.
Aligned CLI tables and fitted XLSX columns both measure with :func:`display_width`.
"""

from __future__ import annotations

import unicodedata

_WIDE = frozenset("WF")


def _line_width(line: str) -> int:
    if line.isascii():
        return len(line)
    width = 0
    for character in line:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in _WIDE else 1
    return width


def display_width(text: str) -> int:
    """The width of the widest line of ``text``, wide characters counting twice."""
    if "\n" not in text:
        return _line_width(text)
    return max(_line_width(line) for line in text.split("\n"))
