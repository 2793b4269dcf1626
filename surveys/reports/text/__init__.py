"""A report as text a person reads in full (``surveybot stats``), in their language.

``report`` lays out the sections, ``table`` aligns columns (Chinese counts double),
``words`` says numbers and grades (an empty grade says why), ``caption`` is the short text
under a chart. May import the values of
``surveys.reports.metrics`` and ``surveys.i18n``; never the database.
"""

from __future__ import annotations

from surveys.reports.text.report import report_text
from surveys.reports.text.words import grade_text

__all__ = ["grade_text", "report_text"]
