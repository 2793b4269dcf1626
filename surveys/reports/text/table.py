"""Columns of text aligned for a monospace terminal, Chinese and English alike."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from surveys.reports.width import display_width

GAP = "  "
INDENT = "  "


def _pad(cell: str, width: int, right: bool) -> str:
    space = " " * (width - display_width(cell))
    return space + cell if right else cell + space


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Collection[int] = ()
) -> list[str]:
    """The header and rows as lines, each column as wide as its widest cell; the
    columns numbered in ``right`` (numbers) are aligned to the right."""
    widths = [
        max(display_width(cell) for cell in column) for column in zip(header, *rows, strict=True)
    ]
    return [
        (
            INDENT
            + GAP.join(
                _pad(cell, width, index in right)
                for index, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        ).rstrip()
        for row in (header, *rows)
    ]
