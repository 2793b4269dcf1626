"""A learned English correction on top of the rules (``nlp/data/residual_en.json``).

The rules know the service domain; they miss the long tail of ordinary English ("Appetite
instantly gone.", "Doesn't hold charge."). A logistic regression over words and word pairs
was fitted to the UCI labelled sentences (Kotzias et al., KDD 2015; CC BY 4.0) with the rule
score as a fixed offset, so it learns only what the rules get wrong. The script that makes
the file is ``nlp/training/train_residual.py``; it is seeded and reproducible.

Words after a negator are marked ("not_good") until the end of the clause. Weights are
stored in the rule scale, so a text's correction is simply the sum over its features.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORD: Final = re.compile(r"[a-z]+(?:'[a-z]+)?|[.!?,;:()]")
_NEGATORS: Final = _words(
    "not no never nothing nobody none neither nor without cannot hardly barely"
)
_BREAKS: Final = frozenset(".!?,;:()")


def features(text: str) -> set[str]:
    """Words and adjacent pairs of normalised English text, with negation marks."""
    found: set[str] = set()
    previous = "<s>"
    negated = False
    for token in _WORD.findall(text):
        if token in _BREAKS:
            negated = False
            previous = "<s>"
            continue
        feature = "not_" + token if negated else token
        found.add(feature)
        found.add(previous + " " + feature)
        previous = feature
        if token in _NEGATORS:
            negated = True
    return found


@dataclass(frozen=True, slots=True)
class Residual:
    """Feature weights in the rule scale, and how far they may move the rules.

    The sentences the weights were learned from are reviews of restaurants, phones and
    films, not survey answers, so the correction nudges the rules and never overrules them:
    only ``share`` of it is applied, small corrections (under ``dead_zone``) are dropped,
    it is capped at ``limit``, and against the rules it can at most halve their score.
    """

    weights: dict[str, float]
    share: float = 1.0
    dead_zone: float = 0.5
    limit: float = 2.0

    def raw(self, text: str) -> float:
        """The fitted correction: the sum of the weights of the features of ``text``."""
        weights = self.weights
        return sum(weights.get(feature, 0.0) for feature in features(text))

    def correction(self, text: str, rules: float) -> float:
        """What to add to the rule score ``rules`` of normalised ``text``."""
        if not _WORD.search(text):
            return 0.0
        value = self.share * self.raw(text)
        size = min(self.limit, max(0.0, abs(value) - self.dead_zone))
        if rules * value < 0:
            size = min(size, abs(rules) / 2)
        return size if value > 0 else -size

    @classmethod
    def load(cls, name: str = "residual_en.json") -> Residual | None:
        """The shipped model, or None when the file is absent (rules alone still work)."""
        path = resources.files("nlp").joinpath("data", name)
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = {str(key): float(value) for key, value in data["weights"].items()}
        return cls(weights, float(data["share"]), float(data["dead_zone"]), float(data["limit"]))
