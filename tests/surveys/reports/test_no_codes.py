"""What a person reads of the reports holds words, never internal codes."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from openpyxl import load_workbook

from surveys.reports import build_report, render_chart, write_csv, write_xlsx
from surveys.reports.text.caption import summary_text
from surveys.storage import UnitOfWork
from tests.surveys.reports.conftest import NOW, Sample

#: Codes of the sample's data that must come out as words.
CODES = {
    "service",
    "sale",
    "post_service",
    "post_sale",
    "wait_time",
    "staff_attitude",
    "price",
    "negative",
    "positive",
    "neutral",
    "resolved",
    "withdrawn",
    "contacted",
    "claimed",
    "high",
    "medium",
    "low",
    "critical",
    "sent",
    "failed",
    "uncertain",
    "excellent",
    "good",
    "fair",
    "poor",
    "n/a",
    "reception",
    "waiting_time",
}
WORD = re.compile(r"[a-z_/]+")


def _codes_in(texts: list[Any]) -> set[str]:
    return {word for text in texts if text for word in WORD.findall(str(text))} & CODES


async def _report(sample: Sample) -> Any:
    async with UnitOfWork(sample.db, readonly=True) as uow:
        return await build_report(uow, sample.scope(), now=NOW)


async def test_csv_and_xlsx_in_chinese_hold_no_codes(sample: Sample) -> None:
    buffer = io.BytesIO()
    await write_csv(sample.db, sample.scope(), buffer, language="zh")
    rows = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))
    assert _codes_in([cell for row in rows[1:] for cell in row]) == set()
    assert "发送状态" in rows[0]
    xlsx = io.BytesIO()
    await write_xlsx(sample.db, sample.scope(), xlsx, language="zh")
    book = load_workbook(io.BytesIO(xlsx.getvalue()), read_only=True)
    try:
        values = [list(row) for row in book["surveys"].iter_rows(values_only=True)]
    finally:
        book.close()
    assert _codes_in([cell for row in values[1:] for cell in row]) == set()
    assert "业务类型" in values[0]
    assert {"售后到店", "购车"} <= {cell for row in values[1:] for cell in row}


async def test_csv_in_english_shows_words_for_codes(sample: Sample) -> None:
    buffer = io.BytesIO()
    await write_csv(sample.db, sample.scope(), buffer, language="en")
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))
    assert {row["Visit type"] for row in rows} == {"Service visit", "Purchase"}
    assert {row["Survey template"] for row in rows}.isdisjoint({"post_service", "post_sale"})
    assert all("_" not in row["Topics"] for row in rows)


async def test_the_stats_summary_holds_no_codes(sample: Sample) -> None:
    report = await _report(sample)
    text = summary_text(report, "zh", "标题")
    assert _codes_in([text]) == set()
    assert "等待时间与拖延" in text or "价格与收费" in text


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_the_chart_holds_no_codes(
    sample: Sample, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = await _report(sample)
    seen: list[str] = []
    save = Figure.savefig

    def recording(self: Figure, *args: Any, **kwargs: Any) -> None:
        seen.extend(t.get_text() for t in self.findobj(Text))
        save(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", recording)
    render_chart(report, language=language)
    codes = _codes_in(seen)
    if language == "en":  # English words that are spelt as their codes
        codes -= {"good", "fair", "poor", "excellent", "n/a"}
    assert codes == set()
    assert any("Reception" in text or "接待" in text for text in seen)
