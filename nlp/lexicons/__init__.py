"""What words and phrases are worth, on the lexicon scale (about -3 .. +3 an entry).

Owns the hand-written lexicons and their loader (``nlp/data/lexicon_en.tsv``,
``lexicon_zh.tsv``, ``emoji.tsv``), the general English valences derived from VADER
(``valence_en.tsv``) and the phrase patterns a word list cannot express (waiting times,
lateness, ratings). Tables are read from package data when a loader is called, never at
import. May import ``nlp._text``; nothing else of ``nlp``.
"""

from __future__ import annotations

from nlp.lexicons._lexicon import (
    CONTRAST,
    EMPTY,
    MODIFIER,
    NEGATOR,
    NEUTRAL,
    SENTIMENT,
    SENTIMENT_OR_MODIFIER,
    TOO,
    Entry,
    Lexicon,
)
from nlp.lexicons._lexicon import load as load_lexicon
from nlp.lexicons._patterns import PatternHit
from nlp.lexicons._patterns import find as find_patterns
from nlp.lexicons._valence import load as load_valence

__all__ = [
    "CONTRAST",
    "EMPTY",
    "MODIFIER",
    "NEGATOR",
    "NEUTRAL",
    "SENTIMENT",
    "SENTIMENT_OR_MODIFIER",
    "TOO",
    "Entry",
    "Lexicon",
    "PatternHit",
    "find_patterns",
    "load_lexicon",
    "load_valence",
]
