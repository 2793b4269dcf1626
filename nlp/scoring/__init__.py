"""The rule scorer: the phases that read one normalised answer, in English and Chinese.

Owns the phases (empty answers, tokens, the negation walk with its clauses and contrast,
sarcasm) and the :class:`Reading` they hand each other and hand back; ``_scorer`` runs
them in order. Holds no data of its own: the lexicons are passed in. May import
``nlp._text``, ``nlp._topics`` and ``nlp.lexicons``; nothing else of ``nlp``.
"""

from __future__ import annotations

from nlp.scoring._reading import Reading
from nlp.scoring._scorer import Scorer

__all__ = ["Reading", "Scorer"]
