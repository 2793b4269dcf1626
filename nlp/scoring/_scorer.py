"""The rule scorer: runs the phases that read one normalised answer, in both languages.

1. ``_empty``: an answer made only of empty words is neutral, and nothing else runs.
2. ``_tokens``: tokens from the lexicons, with phrase patterns laid over them.
3. ``_negation``: the walk that turns tokens into hits, with negation and degree;
   ``_contrast`` cuts and weights the clauses on the way.
4. ``_sarcasm``: praise re-read by what follows it (sarcasm, ironic thanks).

The result is a :class:`~nlp.scoring._reading.Reading`; ``nlp._analysis`` turns it into a label.
"""

from __future__ import annotations

from nlp import _topics, lexicons
from nlp.lexicons import Lexicon
from nlp.scoring._empty import EmptyAnswers
from nlp.scoring._negation import walk
from nlp.scoring._reading import Reading
from nlp.scoring._sarcasm import reread_praise
from nlp.scoring._tokens import Tokenizer


class Scorer:
    """Reads answers with an English + emoji lexicon and a Chinese one."""

    def __init__(
        self, latin: Lexicon, chinese: Lexicon, fallback: dict[str, float] | None = None
    ) -> None:
        self._tokenizer = Tokenizer(latin, chinese, fallback)
        self._is_empty = EmptyAnswers(
            latin.empty_words | chinese.empty_words, latin.polite_words | chinese.polite_words
        )
        negators = {key for key, entry in latin.entries.items() if entry.kind == lexicons.NEGATOR}
        self._negated_phrases = frozenset(
            key
            for key in latin.entries
            if " " in key and any(word in negators for word in key.split()[:2])
        )

    def read(self, text: str) -> Reading:
        """Read normalised text (see ``nlp._text.normalize``)."""
        reading = Reading(text)
        if self._is_empty(text):
            reading.empty = True
            return reading
        reading.topics = list(_topics.find_topics(text))
        walk(self._tokenizer(text), reading, self._negated_phrases)
        reread_praise(reading)
        return reading
