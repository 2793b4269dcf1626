"""Rows of a CSV file, each with the physical line it starts on.

Line numbers are those a text editor shows: a quoted field that spans lines makes the next
record start further down, and the record's own number is the line its first field is on
(taken from the csv reader's ``line_num``). Blank lines count as lines but give no row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path

from surveys.i18n import Text
from surveys.importing.encoding import detect_encoding
from surveys.importing.records import FileFormat, ImportFileError, RowError

DELIMITERS = (",", ";", "\t")
"""Accepted delimiters; on a tie the earlier one wins, so comma is the default."""

_SNIFF_LINES = 10  # non-blank lines looked at for the delimiter
_SNIFF_LIMIT = 1000  # physical lines read at most while looking


class CsvRows:
    """An open CSV file: detected encoding and delimiter, and a single pass over its rows."""

    format: FileFormat = "csv"
    sheet: str | None = None
    notes: tuple[Text, ...] = ()

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        binary = path.open("rb")
        try:
            self.encoding = detect_encoding(binary, encoding)
            self._text = io.TextIOWrapper(binary, encoding=self.encoding, newline="")
        except BaseException:
            binary.close()
            raise
        try:
            self._peeked = _peek_lines(self._text)
        except (UnicodeDecodeError, OSError) as exc:
            self._text.close()
            raise ImportFileError("file_cannot_read", reason=str(exc)) from exc
        self.delimiter = sniff_delimiter(self._peeked)

    def rows(self) -> Iterator[tuple[int, Sequence[object]] | RowError]:
        """``(line, cells)`` for every record, or a RowError where the CSV cannot be split."""
        reader = csv.reader(
            chain(self._peeked, self._text), delimiter=self.delimiter, skipinitialspace=True
        )
        self._peeked = []
        consumed = 0
        while True:
            line = consumed + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                consumed = reader.line_num
                yield RowError(line, _csv_reason(exc))
                continue
            except (UnicodeDecodeError, OSError) as exc:
                raise ImportFileError("file_read_after", line=consumed, reason=str(exc)) from exc
            consumed = reader.line_num
            yield line, cells

    def close(self) -> None:
        self._text.close()


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The delimiter used most often, outside quotes, in the first line that uses any."""
    for line in lines:
        counts = dict.fromkeys(DELIMITERS, 0)
        quoted = False
        for char in line:
            if char == '"':
                quoted = not quoted
            elif not quoted and char in counts:
                counts[char] += 1
        if any(counts.values()):
            return max(DELIMITERS, key=counts.__getitem__)
    return DELIMITERS[0]


def _peek_lines(text: io.TextIOWrapper) -> list[str]:
    lines: list[str] = []
    non_blank = 0
    for line in text:
        lines.append(line)
        non_blank += bool(line.strip())
        if non_blank >= _SNIFF_LINES or len(lines) >= _SNIFF_LIMIT:
            break
    return lines


def _csv_reason(exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return (
            f"row: a field is longer than {csv.field_size_limit()} characters "
            "(is a quote left open?)"
        )
    return f"row: cannot be split into fields ({exc})"
