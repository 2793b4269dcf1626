"""Rebuild ``SurveybotSansSC-Regular.otf`` from Noto Sans CJK SC Regular.

    python -m surveys.reports.charts.fonts.subset \\
        /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

The source is the ``.ttc`` of Debian's ``fonts-noto-cjk`` (the Simplified
Chinese face is picked from it) or upstream's ``NotoSansCJKsc-Regular.otf``.
The subset keeps every character of GB2312 (both levels of hanzi, punctuation,
full-width forms, Greek, Cyrillic, kana), Latin-1, general punctuation, CJK
symbols and some name characters outside GB2312; it drops layout and vertical
tables (charts set horizontal text only) and renames the family, as the SIL
Open Font License asks of a modified version.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

FAMILY = "Surveybot Sans SC"
POSTSCRIPT = "SurveybotSansSC-Regular"
TARGET = Path(__file__).with_name(f"{POSTSCRIPT}.otf")

#: Characters common in Chinese personal and shop names that GB2312 lacks.
NAME_EXTRAS = (
    "喆堃赟昇玥珺琇犇垚旻祎禕彧翀翃烜炘瑢琤瑀瑆暐晞昳婳姸媖嫚珮琍皞煐曌芃荌浛沄泇洺淏湉濛"
    "镕鋆堉垕璟瑄頔禛纮蘭贇頫啰瞭"
)
RANGES = (
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xFF),  # Latin-1
    (0x2010, 0x206F),  # general punctuation
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign (matplotlib's negative tick labels)
    (0x2264, 0x2265),  # <= >=
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # full-width forms
)


def gb2312() -> set[int]:
    found: set[int] = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                found.update(ord(c) for c in bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def wanted() -> set[int]:
    chars = gb2312() | {ord(c) for c in NAME_EXTRAS}
    for low, high in RANGES:
        chars.update(range(low, high + 1))
    return chars


def simplified_face(source: Path) -> TTFont:
    if source.suffix.lower() in (".ttc", ".otc"):
        for face in TTCollection(str(source)).fonts:
            if face["name"].getDebugName(1) == "Noto Sans CJK SC":
                return face
        raise SystemExit(f"{source}: no 'Noto Sans CJK SC' face in the collection")
    return TTFont(str(source))


def rename(font: TTFont) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16, 21):
            names.setName(FAMILY if record.nameID != 4 else f"{FAMILY} Regular", *_key(record))
        elif record.nameID in (3, 6):
            names.setName(POSTSCRIPT, *_key(record))
        elif record.nameID == 5:
            names.setName(f"{record.toUnicode()}; subset", *_key(record))
    font["CFF "].cff.fontNames = [POSTSCRIPT]


def _key(record: object) -> tuple[int, int, int, int]:
    return (
        record.nameID,  # type: ignore[attr-defined]
        record.platformID,  # type: ignore[attr-defined]
        record.platEncID,  # type: ignore[attr-defined]
        record.langID,  # type: ignore[attr-defined]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSansCJK-Regular.ttc or NotoSansCJKsc-*.otf")
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args()
    font = simplified_face(args.source)
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["BASE", "GDEF", "GSUB", "GPOS", "VORG", "vhea", "vmtx"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted())
    subsetter.subset(font)
    rename(font)
    font.save(str(args.output))
    covered = len(font.getBestCmap())
    print(f"{args.output}: {covered} characters, {args.output.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
