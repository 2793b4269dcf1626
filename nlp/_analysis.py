"""``analyze``: from an answer to a label, a score, topics and evidence."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Final, Literal

from nlp import lexicons
from nlp._residual import Residual
from nlp._text import language_of, normalize
from nlp.scoring import Reading, Scorer

Label = Literal["negative", "neutral", "positive"]

NEUTRAL_BAND: Final = 0.1
"""Scores strictly inside (-band, +band) are neutral; below it the customer is unhappy."""
NEGATIVE_WEIGHT: Final = 2.0
"""Complaints weigh this much more than praise of the same strength."""
SCALE: Final = 2.0
"""raw evidence r maps to r / sqrt(r^2 + SCALE^2): one "good" is about +0.6."""
MAX_EVIDENCE: Final = 5


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the scorer read in one free-text answer.

    ``label`` is "negative" exactly when ``score <= -NEUTRAL_BAND``, "positive" exactly when
    ``score >= NEUTRAL_BAND``. ``topics`` lists the most negative clauses' topics first.
    ``evidence`` holds the phrases (normalised: lower case, NFKC) that drove the label.
    """

    label: Label
    score: float
    language: str
    topics: tuple[str, ...]
    evidence: tuple[str, ...]


class Analyzer:
    """A scorer with its settings; ``nlp.analyze`` uses the one built from package data."""

    def __init__(self, scorer: Scorer, residual: Residual | None = None) -> None:
        self._scorer = scorer
        self._residual = residual

    def with_residual(self, residual: Residual | None) -> Analyzer:
        """The same rules with another learned correction (used for out-of-fold scores)."""
        return Analyzer(self._scorer, residual)

    def read(self, clean: str) -> Reading:
        return self._scorer.read(clean)

    def __call__(self, text: str, language: str | None = None) -> Analysis:
        clean = normalize(text)
        lang = _language(language) or language_of(clean)
        reading = self._scorer.read(clean)
        raw = self.raw(reading)
        if self._residual is not None and not reading.empty and (reading.hits or "?" not in clean):
            # A question with no evidence ("Can you send me the invoice?") is a request.
            negated_praise = any(hit.negated and hit.value > 0 for hit in reading.hits)
            raw += self._residual.correction(
                clean, raw, silent=not reading.hits, negated_praise=negated_praise
            )
        score = raw / math.sqrt(raw * raw + SCALE * SCALE)
        score = max(-1.0, min(1.0, round(score, 4)))
        label: Label = "neutral"
        if score <= -NEUTRAL_BAND:
            label = "negative"
        elif score >= NEUTRAL_BAND:
            label = "positive"
        return Analysis(label, score, lang, _topics(reading), _evidence(reading, label))

    def raw(self, reading: Reading) -> float:
        total = 0.0
        for hit in reading.hits:
            value = reading.weighted(hit)
            total += value * NEGATIVE_WEIGHT if value < 0 else value
        return total


def _language(given: str | None) -> str:
    if not isinstance(given, str):
        return ""
    code = given.strip().lower().replace("_", "-").split("-")[0]
    return code if code.isalpha() and 2 <= len(code) <= 3 else ""


def _topics(reading: Reading) -> tuple[str, ...]:
    if not reading.topics:
        return ()
    net = [0.0] * len(reading.clauses)
    for hit in reading.hits:
        net[hit.clause] += reading.weighted(hit)
    order: dict[str, tuple[float, int]] = {}
    ends = [clause.end for clause in reading.clauses]
    for start, _end, topic in reading.topics:
        rank = (net[min(bisect.bisect_right(ends, start), len(ends) - 1)], start)
        if topic not in order or rank < order[topic]:
            order[topic] = rank
    return tuple(sorted(order, key=order.__getitem__))


def _evidence(reading: Reading, label: Label) -> tuple[str, ...]:
    scored = [(reading.weighted(hit), hit) for hit in reading.hits]
    if label == "negative":
        chosen = sorted((item for item in scored if item[0] < 0), key=lambda item: item[0])
    elif label == "positive":
        chosen = sorted((item for item in scored if item[0] > 0), key=lambda item: -item[0])
    else:
        chosen = sorted(scored, key=lambda item: -abs(item[0]))
    phrases: list[str] = []
    for _value, hit in chosen:
        phrase = reading.text[hit.start : hit.end].strip()
        if phrase and phrase not in phrases:
            phrases.append(phrase)
        if len(phrases) == MAX_EVIDENCE:
            break
    return tuple(phrases)


def build(*, residual: bool = True) -> Analyzer:
    """The analyzer defined by the package data in ``nlp/data``."""
    latin = lexicons.load_lexicon("lexicon_en.tsv", "emoji.tsv")
    chinese = lexicons.load_lexicon("lexicon_zh.tsv")
    fallback = lexicons.load_valence(latin.entries.keys() | latin.empty_words)
    return Analyzer(Scorer(latin, chinese, fallback), Residual.load() if residual else None)
