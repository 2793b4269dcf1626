"""General English word valences (``nlp/data/valence_en.tsv``, derived from VADER, MIT).

The hand-written lexicon knows service visits; customers also write ordinary English ("the
waiter was a jerk", "what a torture"). The VADER lexicon rates about 7,000 such words
(ten human raters each, -4 .. +4). ``nlp/training/make_valence.py`` derives the shipped table
from it, leaving out words that are seldom opinions in a service answer ("drop the car off",
"the lobby"). Attribution and licence: the table's header and ``nlp/data/NOTICE.txt``.

The words fill gaps in ``nlp/data/lexicon_en.tsv`` only: they never override it, and they
count for less than a hand-written entry.
"""

from __future__ import annotations

from importlib import resources
from typing import Final

WEIGHT: Final = 0.5
"""VADER valences are about -4 .. +4; a hand-written entry is about -3 .. +3 and counts more."""


def parse(text: str) -> dict[str, float]:
    """``word -> valence`` (VADER scale) from the table's text; comments and junk are skipped."""
    found: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, _, value = line.partition("\t")
        try:
            found[word] = float(value)
        except ValueError:
            continue
    return found


def load(
    known: set[str] | frozenset[str] = frozenset(), name: str = "valence_en.tsv"
) -> dict[str, float]:
    """Words not in ``known``, in the hand lexicon's scale; empty when the file is absent."""
    path = resources.files("nlp").joinpath("data", name)
    if not path.is_file():
        return {}
    table = parse(path.read_text(encoding="utf-8"))
    return {word: round(value * WEIGHT, 3) for word, value in table.items() if word not in known}
