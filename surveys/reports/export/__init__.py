"""Exports: one row per survey, streamed from the database into CSV or XLSX.

``rows`` reads the rows batch by batch in the reader's language, ``columns`` names
them; ``csv_file`` and ``workbook`` write them (``widths`` fits the XLSX columns,
``output`` opens the target). Importing this package imports openpyxl, which is why
:mod:`surveys.reports` loads it on first use. May import ``surveys.storage``,
``surveys.i18n``, template question types, and ``surveys.reports`` scope, questions,
width and ``metrics.query``.
"""

from __future__ import annotations

from surveys.reports.export.csv_file import write_csv
from surveys.reports.export.rows import DeliveryExport
from surveys.reports.export.workbook import write_xlsx

__all__ = ["DeliveryExport", "write_csv", "write_xlsx"]
