"""How wide each column of a spreadsheet should be to show its content, and how many
lines its header then wraps onto.

Widths are in characters of the default font, Chinese counting two
(:func:`~surveys.reports.width.display_width`): the widest cell of the column, or its
header when that is wider (a long header wraps onto a few lines instead of widening
the column for good), within ``MIN_WIDTH`` .. ``MAX_WIDTH``. A longer cell keeps all
of its text; the column only shows the start of it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime

from surveys.reports.export.rows import Value
from surveys.reports.width import display_width

MIN_WIDTH = 6
MAX_WIDTH = 60
#: A header up to this wide stays on one line; a longer one wraps onto up to
#: ``HEADER_LINES`` lines before its column grows for it.
HEADER_ONE_LINE = 16
HEADER_LINES = 3
#: Room for the autofilter's button and the cell margins.
PADDING = 3
_WORDS = re.compile(r"\S+\s*")


def value_width(value: Value) -> int:
    """How wide a cell shows ``value`` (dates in the export's formats)."""
    if value is None:
        return 0
    if isinstance(value, str):
        return display_width(value)
    if isinstance(value, datetime):
        return 19  # yyyy-mm-dd hh:mm:ss
    if isinstance(value, date):
        return 10
    return len(str(value))


def wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped at ``width`` (words move to the next line;
    a word wider than a line, such as Chinese without spaces, breaks anywhere)."""
    lines, used = 1, 0
    for word in _WORDS.findall(text) or [text]:
        size = display_width(word.rstrip())
        if used and used + size > width:
            lines, used = lines + 1, 0
        while size > width:
            lines, size = lines + 1, size - width
        used += size + len(word) - len(word.rstrip())
    return lines


def header_width(header: str) -> int:
    """The narrowest width that shows ``header`` on one line when it is short, else on at
    most ``HEADER_LINES`` lines."""
    full = display_width(header)
    if full <= HEADER_ONE_LINE:
        return full
    width = max(HEADER_ONE_LINE, math.ceil(full / HEADER_LINES))
    while width < full and wrapped_lines(header, width) > HEADER_LINES:
        width += 1
    return width


class Widths:
    """The widest value of each column seen so far, and the room each header needs."""

    def __init__(self, headers: Sequence[str]) -> None:
        self.headers = [header_width(header) for header in headers]
        self.widest = [0] * len(headers)

    def measure(self, rows: Sequence[Sequence[Value]]) -> None:
        widest = self.widest
        for row in rows:
            for index, value in enumerate(row):
                if value is not None and widest[index] < MAX_WIDTH:
                    widest[index] = max(widest[index], value_width(value))

    def fitted(self) -> list[float]:
        """Column widths: the widest content or header, within the bounds."""
        return [
            float(min(MAX_WIDTH, max(MIN_WIDTH, widest, header) + PADDING))
            for header, widest in zip(self.headers, self.widest, strict=True)
        ]

    @staticmethod
    def header_lines(headers: Sequence[str], widths: Sequence[float]) -> int:
        """The most lines any header wraps onto at these widths."""
        return max(
            (
                wrapped_lines(header, int(width) - PADDING)
                for header, width in zip(headers, widths, strict=True)
            ),
            default=1,
        )
