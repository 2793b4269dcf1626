"""Rows of a CSV file, each with the physical line it starts on.

Line numbers are those a text editor shows: a quoted field that spans lines makes the next
record start further down, and the record's own number is the line its first field is on.
Blank lines count as lines but give no row.

A quoted field may run across at most :data:`MAX_RECORD_LINES` lines. A quote left open
would otherwise swallow every row after it into one bad row; instead the row is reported
with the line where the quote opened, and reading goes on from the line after it.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path

from surveys.i18n import Text
from surveys.importing.encoding import detect_encoding
from surveys.importing.records import FileFormat, ImportFileError, RowError

DELIMITERS = (",", ";", "\t")
"""Accepted delimiters; on a tie the earlier one wins, so comma is the default."""

MAX_RECORD_LINES = 20
"""The most physical lines one record (a row with quoted multi-line fields) may take."""

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
        feed = _Feed(chain(self._peeked, self._text))
        self._peeked = []
        consumed = 0
        reader = self._reader(feed)
        while True:
            line = consumed + 1
            feed.start_record()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except _RunawayQuote:
                within = feed.quote_line()
                opened = consumed + within
                consumed += feed.give_back_after(within)
                reason = (
                    f"row: a quote opened on line {opened} is not closed within "
                    f"{MAX_RECORD_LINES} lines"
                )
                yield RowError(line, reason)
                reader = self._reader(feed)
                continue
            except csv.Error as exc:
                consumed += feed.taken
                yield RowError(line, _csv_reason(exc))
                reader = self._reader(feed)
                continue
            except (UnicodeDecodeError, OSError) as exc:
                raise ImportFileError("file_read_after", line=consumed, reason=str(exc)) from exc
            consumed += feed.taken
            yield line, cells

    def _reader(self, feed: _Feed) -> Iterator[list[str]]:
        return csv.reader(feed, delimiter=self.delimiter, skipinitialspace=True)

    def close(self) -> None:
        self._text.close()


class _RunawayQuote(Exception):
    """A record took more than :data:`MAX_RECORD_LINES` lines: a quote was left open."""


class _Feed:
    """The file's lines for the csv reader, at most :data:`MAX_RECORD_LINES` per record,
    keeping the lines of the record under way so that they can be read again."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self._again: deque[str] = deque()
        self._record: list[str] = []

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if len(self._record) >= MAX_RECORD_LINES:
            raise _RunawayQuote
        line = self._again.popleft() if self._again else next(self._lines)
        self._record.append(line)
        return line

    @property
    def taken(self) -> int:
        """Physical lines the record under way has taken."""
        return len(self._record)

    def start_record(self) -> None:
        self._record = []

    def quote_line(self) -> int:
        """Which line of the record (1 = its first) opened the quote that never closed."""
        opened, inside = 1, False
        for number, line in enumerate(self._record, start=1):
            for _ in range(line.count('"')):
                inside = not inside
                if inside:
                    opened = number
        return opened

    def give_back_after(self, line: int) -> int:
        """Lines of the record after its ``line``-th are read again; returns how many lines
        the bad row took (up to and including the line where the quote opened)."""
        self._again.extendleft(reversed(self._record[line:]))
        return line


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
