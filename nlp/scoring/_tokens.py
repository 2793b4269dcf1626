"""Phase one of the scorer: normalised text to tokens looked up in the lexicons.

Latin words are matched against the English lexicon (longest phrase first, up to five
words); runs of Chinese characters are scanned with the Chinese lexicon (longest entry
first); emoji and emoticons have their own lexicon. Pattern hits (``nlp.lexicons``: waiting
times, lateness, ratings) replace the tokens they cover. An unknown English word made of
"un" and a praised stem is a complaint ("unrecommended"). Two Chinese constructions are
folded into one token: a complaint noun with "little of it" is praise ("故障少", "问题很少"),
and "到不行"/"到爆" after a sentiment word strengthens it ("好到不行").
"""

from __future__ import annotations

import re
from typing import Final

from nlp import lexicons
from nlp._text import HAN_CHARACTERS, word_set
from nlp.lexicons import Entry, Lexicon
from nlp.scoring._negation import NEGATED_NEGATIVE, NEGATED_POSITIVE
from nlp.scoring._reading import (
    AFTER,
    BEFORE,
    CLAUSE_END,
    MOD,
    NEG,
    SENT,
    SENT_MOD,
    SENTENCE_END,
    TOO,
    WORD,
    Token,
)

_KIND: Final = {
    lexicons.SENTIMENT: SENT,
    lexicons.NEGATOR: NEG,
    lexicons.MODIFIER: MOD,
    lexicons.SENTIMENT_OR_MODIFIER: SENT_MOD,
    lexicons.TOO: TOO,
    lexicons.NEUTRAL: WORD,
}
_TOKEN: Final = re.compile(
    rf"(?P<han>[{HAN_CHARACTERS}]+)"
    r"|(?P<emoticon>(?<![a-z0-9])(?:>:\(|:'\(|[:;]-?[()dp/@]|\(:|\):|<3|-_-|t_t)(?![a-z0-9]))"
    r"|(?P<word>n/a|o\.k\.?|a\+|[a-z]+(?:['-][a-z]+)*|\d+(?:[.,:/]\d+)*)"
    r"|(?P<stop>[.!?。！？\n…]+)"
    r"|(?P<clause>[,;，；、~:：()（）\"]+)"
    r"|(?P<other>\S)"
)
_MEMO_LIMIT: Final = 50_000
_ZH_SCARCE: Final = word_set("少 很少 较少 比较少 极少 不多 低 很低 较低 小 很小 较小")
"""After a complaint noun these say there is little of it: "故障少", "问题很少", "噪音小"."""
_ZH_DEGREE_BETWEEN: Final = word_set("很 较 比较 非常 特别 极 都 也 超")
_ZH_EXTREME: Final = word_set("不行 爆 极点 家 炸")
"""After "到" these make a superlative: "好到不行", "慢到爆", "差到极点"."""
EXTREME: Final = 1.5


class Tokenizer:
    """Cuts normalised answers into tokens with an English + emoji lexicon and a Chinese one."""

    def __init__(
        self, latin: Lexicon, chinese: Lexicon, fallback: dict[str, float] | None = None
    ) -> None:
        self._latin = latin
        self._chinese = chinese
        self._fallback = {
            word: Entry(lexicons.SENTIMENT, value) for word, value in (fallback or {}).items()
        }
        self._phrase_prefixes = frozenset(
            " ".join(parts[:cut])
            for parts in (key.split() for key in latin.entries if " " in key)
            for cut in range(1, len(parts))
        )
        lengths: dict[str, set[int]] = {}
        for key in chinese.entries:
            lengths.setdefault(key[0], set()).add(len(key))
        self._zh_lengths = {
            char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()
        }
        self._single: dict[str, Entry | None] = {}  # one word's reading, remembered

    def __call__(self, text: str) -> list[Token]:
        """The tokens of normalised ``text``, with pattern hits and Chinese folds applied."""
        tokens = _overlay(self._tokens(text), list(lexicons.find_patterns(text)))
        if not text.isascii():
            tokens = _compose_chinese(tokens)
        return tokens

    def _tokens(self, text: str) -> list[Token]:
        tokens: list[Token] = []
        words: list[tuple[str, int, int]] = []
        for match in _TOKEN.finditer(text):
            group = match.lastgroup
            if group == "word":
                word = match.group()
                if "-" in word and word not in self._latin.entries:  # "not-so-fresh"
                    start = match.start()
                    for part in word.split("-"):
                        words.append((part, start, start + len(part)))
                        start += len(part) + 1
                else:
                    words.append((word, match.start(), match.end()))
                continue
            if words:
                self._english(words, tokens)
                words = []
            if group == "han":
                self._scan_chinese(match.group(), match.start(), tokens)
            elif group == "stop":
                tokens.append(Token(SENTENCE_END, match.start(), match.end(), match.group()))
            elif group == "clause":
                tokens.append(Token(CLAUSE_END, match.start(), match.end(), match.group()))
            else:
                entry = self._latin.entries.get(match.group())
                if entry is not None and entry.kind == lexicons.SENTIMENT:
                    tokens.append(
                        Token(SENT, match.start(), match.end(), match.group(), entry, plain=True)
                    )
        if words:
            self._english(words, tokens)
        return tokens

    def _english(self, words: list[tuple[str, int, int]], tokens: list[Token]) -> None:
        entries = self._latin.entries
        prefixes = self._phrase_prefixes
        single = self._single
        count = len(words)
        index = 0
        while index < count:
            word, start, end = words[index]
            key, size = word, 1
            if word in single:
                entry = single[word]
            else:
                entry = entries.get(word) or self._word_fallback(word)
                if len(single) < _MEMO_LIMIT:
                    single[word] = entry
            if word in prefixes:  # extend while the words so far begin some phrase
                phrase, length = word, 1
                while phrase in prefixes and index + length < count:
                    phrase = phrase + " " + words[index + length][0]
                    length += 1
                    found = entries.get(phrase)
                    if found is not None:
                        key, entry, size = phrase, found, length
            end = words[index + size - 1][2]
            tokens.append(_token(entry, start, end, key, chinese=False))
            index += size

    def _word_fallback(self, word: str) -> Entry | None:
        """Plural of a sentiment entry ("delays"), else the general valence table, else the
        opposite of a praised stem ("unrecommended", "unhelpfully")."""
        if len(word) > 3 and word.endswith("s"):
            stem = self._latin.entries.get(word[:-1])
            if stem is not None and stem.kind == lexicons.SENTIMENT:
                return stem
        found = self._fallback.get(word)
        if found is None and len(word) > 5 and word.startswith("un"):
            value = self._praise(word[2:])
            if value > 0:
                return Entry(lexicons.SENTIMENT, -NEGATED_POSITIVE * value)
        return found

    def _praise(self, stem: str) -> float:
        """The positive value of ``stem`` or of its root ("recommended" -> "recommend")."""
        for root in (stem, stem[:-1], stem[:-2], stem.removesuffix("ly")):
            entry = self._latin.entries.get(root) or self._fallback.get(root)
            if entry is not None and entry.kind == lexicons.SENTIMENT and entry.value > 0:
                return entry.value
        return 0.0

    def _scan_chinese(self, run: str, offset: int, tokens: list[Token]) -> None:
        entries = self._chinese.entries
        index = 0
        while index < len(run):
            entry, size = None, 1
            for length in self._zh_lengths.get(run[index], ()):
                if index + length <= len(run):
                    entry = entries.get(run[index : index + length])
                    if entry is not None:
                        size = length
                        break
            start = offset + index
            key = run[index : index + size]
            tokens.append(_token(entry, start, start + size, key, chinese=True))
            index += size


def _token(entry: Entry | None, start: int, end: int, key: str, *, chinese: bool) -> Token:
    if entry is None:
        return Token(WORD, start, end, key, chinese=chinese)
    if entry.kind == lexicons.CONTRAST:
        return Token(AFTER if entry.after else BEFORE, start, end, key, entry, chinese=chinese)
    return Token(_KIND[entry.kind], start, end, key, entry, chinese=chinese)


def _overlay(tokens: list[Token], hits: list[lexicons.PatternHit]) -> list[Token]:
    if not hits:
        return tokens
    merged: list[Token] = []
    position = 0
    for hit in hits:
        while position < len(tokens) and tokens[position].end <= hit.start:
            merged.append(tokens[position])
            position += 1
        while position < len(tokens) and tokens[position].start < hit.end:
            position += 1
        merged.append(
            Token(
                SENT,
                hit.start,
                hit.end,
                "<pattern>",
                value=hit.value,
                topic=hit.topic,
                plain=True,
            )
        )
    merged.extend(tokens[position:])
    return merged


def _compose_chinese(tokens: list[Token]) -> list[Token]:
    """Fold two Chinese constructions into one token before the walk.

    "故障少"/"问题很少": a complaint noun followed by "little of it" is praise (a negated
    complaint, so the learned correction leaves it alone). "好到不行"/"慢到爆": "到" plus an
    extreme after a sentiment word makes it stronger, and "不行" is not a complaint there.
    """
    composed: list[Token] = []
    index = 0
    count = len(tokens)
    while index < count:
        token = tokens[index]
        entry = token.entry
        sentiment = token.kind in (SENT, SENT_MOD)
        if not (token.chinese and sentiment and entry is not None and entry.value):
            composed.append(token)
            index += 1
            continue
        after = index + 1
        while after < count and tokens[after].key in _ZH_DEGREE_BETWEEN:
            after += 1
        follower = tokens[after] if after < count else None
        if (
            follower is not None
            and entry.value < 0
            and follower.key in _ZH_SCARCE
            and follower.start == tokens[after - 1].end
        ):
            value = -entry.value * NEGATED_NEGATIVE
            folded = Entry(lexicons.SENTIMENT, value, negated=entry.value)
            end = follower.end
            composed.append(
                Token(SENT, token.start, end, token.key, folded, chinese=True, negated=True)
            )
            index = after + 1
            continue
        if (
            index + 2 < count
            and tokens[index + 1].key == "到"
            and tokens[index + 2].key in _ZH_EXTREME
        ):
            strong = Entry(lexicons.SENTIMENT, entry.value * EXTREME, negated=entry.negated)
            end = tokens[index + 2].end
            composed.append(Token(SENT, token.start, end, token.key, strong, chinese=True))
            index += 3
            continue
        composed.append(token)
        index += 1
    return composed
