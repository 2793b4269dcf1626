"""Empty answers: "no", "Nothing, thanks.", "没有。", "暂时没有" are neutral, not complaints.

In a survey such an answer replies to "anything we could do better?". It is checked before
any other phase runs, because the words it is made of ("no", "没有") are negators there.
Which words are empty and which are merely polite comes from the lexicon files (kind ``x``).
"""

from __future__ import annotations

import re
from typing import Final

_SEGMENTS: Final = re.compile(r"[,.!?;，。！？；、~…\s]*[,.!?;，。！？；、~…]+")


class EmptyAnswers:
    """Tells answers made only of empty words (and polite ones) from everything else."""

    def __init__(self, empty: frozenset[str], polite: frozenset[str]) -> None:
        self._empty = empty
        self._polite = polite

    def __call__(self, text: str) -> bool:
        """True when normalised ``text`` has an empty word and nothing but polite ones."""
        segments = [s.strip() for s in _SEGMENTS.split(text)]
        segments = [s for s in segments if s]
        if not segments:
            return False
        found_empty = False
        for segment in segments:
            covered = self._cover(segment)
            if covered is None:
                return False
            found_empty = found_empty or covered
        return found_empty

    def _cover(self, segment: str) -> bool | None:
        """None unless ``segment`` is made of empty/polite words; else whether one was empty."""
        if segment.isascii():
            parts: list[str] = segment.split()
            joiner = " "
            longest = 5
        else:
            parts = [c for c in segment if not c.isspace()]
            joiner = ""
            longest = 8
        index, found_empty = 0, False
        while index < len(parts):
            for size in range(min(longest, len(parts) - index), 0, -1):
                candidate = joiner.join(parts[index : index + size])
                if candidate in self._empty:
                    found_empty = True
                    break
                if candidate in self._polite:
                    break
            else:
                return None
            index += size
        return found_empty
