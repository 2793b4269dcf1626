"""Lexicon files (``nlp/data/lexicon_*.tsv``, ``emoji.tsv``): the entry type and the loader.

The file format is described at the top of ``lexicon_en.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Final

from nlp._text import normalize

SENTIMENT: Final = "s"
NEGATOR: Final = "n"
MODIFIER: Final = "m"
SENTIMENT_OR_MODIFIER: Final = "sm"
TOO: Final = "t"
CONTRAST: Final = "c"
EMPTY: Final = "x"
NEUTRAL: Final = "0"
_KINDS: Final = frozenset(
    {SENTIMENT, NEGATOR, MODIFIER, SENTIMENT_OR_MODIFIER, TOO, CONTRAST, EMPTY, NEUTRAL}
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry.

    ``value`` is the sentiment for ``s``/``sm``, the strength for ``n`` and the multiplier
    for ``m``/``t``. ``negated`` overrides the sentiment under negation. ``multiplier`` is the
    modifier reading of an ``sm`` entry. ``after`` tells the two kinds of contrast apart.
    """

    kind: str
    value: float = 0.0
    negated: float | None = None
    multiplier: float = 1.0
    after: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Entries keyed by normalised text, plus the words of an empty answer."""

    entries: dict[str, Entry]
    empty_words: frozenset[str]
    polite_words: frozenset[str]
    longest: int


def parse(text: str, source: str = "<lexicon>") -> Lexicon:
    """Parse a lexicon file; raise ValueError with the line number on a malformed line."""
    entries: dict[str, Entry] = {}
    empty: set[str] = set()
    polite: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t")
        where = f"{source}:{number}"
        if len(fields) < 3 or fields[1] not in _KINDS:
            raise ValueError(f"{where}: expected 'entry<TAB>kind<TAB>value', got {raw!r}")
        key, kind = normalize(fields[0]).strip(), fields[1]
        if not key:
            raise ValueError(f"{where}: empty entry")
        if kind == EMPTY:
            (polite if fields[2] == "1" else empty).add(key)
            continue
        if key in entries:
            raise ValueError(f"{where}: duplicate entry {key!r}")
        entries[key] = _entry(kind, fields[2:], where)
    longest = max((_length(key) for key in entries), default=1)
    return Lexicon(entries, frozenset(empty), frozenset(polite), longest)


def load(*names: str) -> Lexicon:
    """Load and merge lexicon files shipped in ``nlp/data``."""
    merged: dict[str, Entry] = {}
    empty: set[str] = set()
    polite: set[str] = set()
    for name in names:
        text = resources.files("nlp").joinpath("data", name).read_text(encoding="utf-8")
        lexicon = parse(text, name)
        clash = merged.keys() & lexicon.entries.keys()
        if clash:
            raise ValueError(f"{name}: entries already defined: {sorted(clash)[:5]}")
        merged.update(lexicon.entries)
        empty |= lexicon.empty_words
        polite |= lexicon.polite_words
    longest = max((_length(key) for key in merged), default=1)
    return Lexicon(merged, frozenset(empty), frozenset(polite), longest)


def _entry(kind: str, values: list[str], where: str) -> Entry:
    try:
        if kind == CONTRAST:
            if values[0] not in ("after", "before"):
                raise ValueError(values[0])
            return Entry(kind, after=values[0] == "after")
        value = float(values[0])
        second = float(values[1]) if len(values) > 1 and values[1] else None
    except (ValueError, IndexError) as error:
        raise ValueError(f"{where}: bad value ({error})") from None
    if kind == SENTIMENT:
        return Entry(kind, value, negated=second)
    if kind == SENTIMENT_OR_MODIFIER:
        return Entry(kind, value, multiplier=second if second is not None else 1.3)
    if second is not None:
        raise ValueError(f"{where}: only sentiment entries take a second value")
    return Entry(kind, value)


def _length(key: str) -> int:
    """Words for Latin phrases, characters for Chinese ones (the unit each scanner uses)."""
    if key.isascii():
        return len(key.split())
    return len(key)
