"""The ``/stats`` chart: one PNG of the weekly trend, the touchpoints and a comparison.

``drawing`` lays the chart out; ``typeface`` picks the fonts and what they can show;
``fonts/`` ships the CJK subset. Importing this package imports matplotlib (about half a
second), which is why :mod:`surveys.reports` loads it on first use. May import
``surveys.i18n``, the values of ``surveys.reports.metrics`` and the words of
``surveys.reports.text``; never the database.
"""

from __future__ import annotations

from surveys.reports.charts.drawing import PNG_MAGIC, render_chart, render_chart_async

__all__ = ["PNG_MAGIC", "render_chart", "render_chart_async"]
