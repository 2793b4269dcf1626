"""Exports: one row per survey, streamed from the database into CSV or XLSX.

``rows`` reads the rows batch by batch in the reader's language; ``writers`` writes
them for a spreadsheet. Importing this package imports openpyxl, which is why
:mod:`surveys.reports` loads it on first use. May import ``surveys.storage``,
``surveys.i18n`` and ``surveys.reports`` scope, questions and ``metrics.query``.
"""

from __future__ import annotations

from surveys.reports.export.rows import DeliveryExport
from surveys.reports.export.writers import write_csv, write_xlsx

__all__ = ["DeliveryExport", "write_csv", "write_xlsx"]
