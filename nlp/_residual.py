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
from dataclasses import dataclass, replace
from importlib import resources
from itertools import repeat
from typing import Final

from nlp._text import word_set

_WORD: Final = re.compile(r"[a-z]+(?:'[a-z]+)?|[.!?,;:()]")
_NEGATORS: Final = word_set(
    "not no never nothing nobody none neither nor without cannot hardly barely"
)
_BREAKS: Final = frozenset(".!?,;:()")
_RATED_THINGS: Final = word_set(
    "car cars vehicle vehicles visit visits service services staff price prices phone phones "
    "dealer dealers dealership showroom garage workshop mechanic mechanics technician advisor "
    "appointment booking salesman salesperson sales delivery repair repairs maintenance oil "
    "tyre tyres tire tires battery engine brakes waiter waitress server food place restaurant "
    "product item order monday tuesday wednesday thursday friday saturday sunday "
    "drop dropped dropping pick picked picking pay paid paying book booked trade traded "
    "came went drove bought collected"
)
"""What a survey asks about, and the steps of a visit. The review sentences the weights come
from use these words well or badly often enough to give them a weight ("car" +0.4 from
phone car-chargers, "dropped" -0.7 from dropped calls), which would tilt every answer that
names them ("I dropped the car off"); the rules read what is said about them instead."""
_FUNCTION_WORDS: Final = word_set(
    "a an the i me my we us our you your he him his she her it its they them their this that "
    "these those there here is am are was were be been being have has had do does did to of in "
    "on at by for with from as into onto up off out over about and or then"
)
"""Words with no opinion of their own: their weights would only echo the reviews' style
("I dropped the car off" is not a complaint because "off" came up in broken products)."""
_LEFT_OUT: Final = _RATED_THINGS | _FUNCTION_WORDS


def features(text: str) -> set[str]:
    """Words and adjacent pairs of normalised English text, with negation marks; function
    words and the names of rated things are left out (``_LEFT_OUT``)."""
    found: set[str] = set()
    previous = "<s>"
    negated = False
    for token in _WORD.findall(text):
        if token in _BREAKS:
            negated = False
            previous = "<s>"
            continue
        if token in _LEFT_OUT:
            previous = "_"
        else:
            feature = "not_" + token if negated else token
            found.add(feature)
            found.add(previous + " " + feature)
            previous = feature
        if token in _NEGATORS:
            negated = True
    return found


HALF: Final = 0.5
"""Against a complaint the rules read, the correction can at most halve the rules' score."""


@dataclass(frozen=True, slots=True)
class Residual:
    """Feature weights in the rule scale, and how far they may move the rules.

    The sentences the weights were learned from are reviews of restaurants, phones and
    films, not survey answers, so the correction is bounded: ``share`` of the fitted sum plus
    ``bias`` is taken, small corrections (under ``dead_zone``, or ``silent_dead_zone`` when
    the rules found no evidence at all: "I picked the car up on Tuesday") are dropped, and the
    rest is capped at ``limit``. Against the rules it is bounded again:

    - against a complaint the rules read, it can at most halve their score (the rules own
      sarcasm, "too", waiting times and the survey's own vocabulary);
    - against praise, it may reach ``overrule`` times the rules' score, so that it can turn
      a mild "great" in "great, if you like cold food" into a complaint; but not when the
      praise is a negated complaint ("not bad at all", "no problems"), which the rules read
      and review sentences teach a model to misread.

    ``bias`` leans the correction toward a complaint: a missed unhappy customer costs more
    than a call to a content one. It and the other bounds were chosen on the development half
    of the data, out-of-fold (see ``nlp/training/train_residual.py``).
    """

    weights: dict[str, float]
    share: float = 1.0
    dead_zone: float = 0.25
    limit: float = 2.0
    bias: float = 0.0
    overrule: float = HALF
    silent_dead_zone: float = 0.75

    def raw(self, text: str) -> float:
        """The fitted correction: the sum of the weights of the features of ``text``."""
        found = features(text)
        return sum(map(self.weights.get, found, repeat(0.0, len(found))))

    def correction(
        self, text: str, rules: float, *, silent: bool = False, negated_praise: bool = False
    ) -> float:
        """What to add to the rule score ``rules`` of normalised ``text``.

        ``silent``: the rules found no evidence. ``negated_praise``: the rules' praise comes
        from a negated complaint ("not bad").
        """
        if not _WORD.search(text):
            return 0.0
        value = self.share * self.raw(text) + self.bias
        dead_zone = self.silent_dead_zone if silent else self.dead_zone
        size = min(self.limit, max(0.0, abs(value) - dead_zone))
        if rules * value < 0:
            reach = self.overrule if value < 0 and not negated_praise else HALF
            size = min(size, abs(rules) * reach)
        return size if value > 0 else -size

    def with_weights(self, weights: dict[str, float]) -> Residual:
        """The same bounds over other weights (used for out-of-fold scores)."""
        return replace(self, weights=weights)

    @classmethod
    def load(cls, name: str = "residual_en.json") -> Residual | None:
        """The shipped model, or None when the file is absent (rules alone still work)."""
        path = resources.files("nlp").joinpath("data", name)
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = {str(key): float(value) for key, value in data["weights"].items()}
        return cls(
            weights,
            float(data["share"]),
            float(data["dead_zone"]),
            float(data["limit"]),
            float(data.get("bias", 0.0)),
            float(data.get("overrule", HALF)),
            float(data.get("silent_dead_zone", data["dead_zone"])),
        )
