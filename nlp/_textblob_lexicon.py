"""TextBlob's English adjective lexicon, read straight from the installed ``textblob`` package.

TextBlob is a dependency of the product, but importing it pulls in NLTK (about 1.2 s and
140 MB here), which ``import nlp`` must not pay. Its lexicon (``textblob/en/en-sentiment.xml``,
from the Pattern project, public domain) is read here with the standard library instead,
without importing ``textblob``. Words are averaged over their senses, like TextBlob does.

The words fill gaps in ``nlp/data/lexicon_en.tsv`` only: they never override it, and they
count for less than a hand-written entry. If textblob is not installed the gap stays open.
"""

from __future__ import annotations

import importlib.util
import os
import xml.etree.ElementTree as ElementTree
from typing import Final

MIN_POLARITY: Final = 0.3
"""Weaker words are mostly noise for satisfaction ("big", "old")."""
WEIGHT: Final = 1.2
"""TextBlob polarity is in [-1, 1]; the hand-written lexicon is about [-3, 3]."""


def load(known: set[str] | frozenset[str] = frozenset()) -> dict[str, float]:
    """Single words with |polarity| >= MIN_POLARITY, in the lexicon scale, minus ``known``."""
    try:
        spec = importlib.util.find_spec("textblob")
    except (ImportError, ValueError):
        return {}
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = os.path.join(next(iter(spec.submodule_search_locations)), "en", "en-sentiment.xml")
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return {}
    senses: dict[str, list[float]] = {}
    for word in root.iter("word"):
        form = (word.get("form") or "").lower()
        try:
            polarity = float(word.get("polarity") or 0.0)
        except ValueError:
            continue
        if form and " " not in form:
            senses.setdefault(form, []).append(polarity)
    found: dict[str, float] = {}
    for form, values in senses.items():
        polarity = sum(values) / len(values)
        if abs(polarity) >= MIN_POLARITY and form not in known:
            found[form] = round(polarity * WEIGHT, 3)
    return found
