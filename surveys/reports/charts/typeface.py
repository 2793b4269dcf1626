"""The fonts charts are drawn with, and what they can show.

Chart text is set in the shipped subset of Noto Sans CJK SC (every GB2312
character, see ``fonts/README.md``), then in any full CJK font the machine has,
then in DejaVu Sans (which ships with matplotlib) for the rest of Latin,
Greek and symbols. A character none of them has is drawn as a replacement mark
instead, so matplotlib never has to report a missing glyph.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

FONT_FILE = "SurveybotSansSC-Regular.otf"
LATIN_FAMILY = "DejaVu Sans"
#: Full CJK fonts used after the shipped subset when the machine has them.
SYSTEM_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)
REPLACEMENTS = ("□", "?")


def font_path() -> Path:
    return Path(str(files("surveys.reports.charts.fonts") / FONT_FILE))


@dataclass(frozen=True, slots=True)
class ChartFont:
    """The font families of chart text, first choice first, and the characters they cover."""

    families: tuple[str, ...]
    paths: tuple[Path, ...]
    characters: frozenset[int]

    @property
    def family(self) -> str:
        return self.families[0]

    def missing(self, text: str) -> set[str]:
        """Characters of ``text`` no chart font can draw (line breaks are layout, not glyphs)."""
        return {c for c in text if c not in "\n\r\t" and ord(c) not in self.characters}

    def displayable(self, text: str) -> str:
        """``text`` with every character no chart font has replaced by a mark that they have."""
        missing = self.missing(text)
        if not missing:
            return text
        mark = next((m for m in REPLACEMENTS if ord(m) in self.characters), "")
        return "".join(mark if c in missing else c for c in text)


@functools.cache
def chart_font() -> ChartFont:
    """Register the shipped font with matplotlib's font manager (once) and describe the chain."""
    shipped = font_path()
    font_manager.fontManager.addfont(str(shipped))
    families = [font_manager.FontProperties(fname=str(shipped)).get_name()]
    paths = [shipped]
    for family in (*SYSTEM_CJK_FAMILIES, LATIN_FAMILY):
        try:
            found = font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
        except ValueError:
            continue
        if Path(found) not in paths:
            families.append(family)
            paths.append(Path(found))
    characters: set[int] = set()
    for path in paths:
        characters.update(FT2Font(str(path)).get_charmap())
    return ChartFont(tuple(families), tuple(paths), frozenset(characters))
