"""The rule scorer: tokens, negation, degree, "too", contrast and sarcasm, in both languages.

How an answer is read:

1. Normalised text is cut into tokens. Latin words are matched against the English lexicon
   (longest phrase first, up to five words); runs of Chinese characters are scanned with
   the Chinese lexicon (longest entry first); emoji and emoticons have their own lexicon.
   Pattern hits (``nlp._patterns``: waiting times, lateness, ratings) replace the tokens
   they cover. An unknown English word made of "un" and a praised stem is a complaint
   ("unrecommended"). Two Chinese constructions are folded into one token: a complaint noun
   with "little of it" is praise ("故障少", "问题很少"), and "到不行"/"到爆" after a
   sentiment word strengthens it ("好到不行").
2. Tokens are walked left to right. A negator reaches the next sentiment entry a few tokens
   ahead in the same clause ("a", "the", "any" and Chinese function characters do not use up
   the window): a negated positive becomes negative ("not good", "不太满意"),
   a negated negative becomes weakly positive ("not bad", "没有不满意"), and entries with
   an explicit negated value use it ("nobody called back", "没修好"). "never" followed by
   "so"/"such"/"more" is emphasis, not negation ("never been treated so badly"). Hits read
   through a negation are marked, so that the learned correction leaves them to the rules.
   "No"/"没有" (and "lacked", "hardly any") before plain nouns says something expected was
   missing ("no coffee in the lounge", "没有吸管"): a mild complaint. Modifiers scale the
   next sentiment entry; "too"/"太" before a word with no sentiment is a complaint of
   excess ("too long", "太小了").
3. Contrast: clauses just before "but"/"但是" count half and the ones after it count
   1.5 times; a clause opened by "although"/"虽然" counts half.
4. Sarcasm about waiting: a clause made of nothing but praise ("Great,", "真快啊，") that is
   followed in the same sentence by a complaint about waiting is read as its opposite.
5. Thanks followed in the same clause by a complaint ("Thanks for wasting my afternoon")
   counts for nothing: the complaint is what was said.
6. An answer made only of empty words ("no", "nothing", "没有", optionally with "thanks")
   is neutral: in a survey it answers "anything we could do better?" and is not a complaint.

The result is a list of weighted hits; ``nlp._analysis`` turns them into a label.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Final

from nlp import _lexicon, _patterns, _topics
from nlp._lexicon import Entry, Lexicon


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WORD: Final = 0
SENT: Final = 1
NEG: Final = 2
MOD: Final = 3
SENT_MOD: Final = 4
TOO: Final = 5
AFTER: Final = 6
BEFORE: Final = 7
CLAUSE_END: Final = 8
SENTENCE_END: Final = 9

_KIND: Final = {
    _lexicon.SENTIMENT: SENT,
    _lexicon.NEGATOR: NEG,
    _lexicon.MODIFIER: MOD,
    _lexicon.SENTIMENT_OR_MODIFIER: SENT_MOD,
    _lexicon.TOO: TOO,
    _lexicon.NEUTRAL: WORD,
}

NEGATION_WINDOW_EN: Final = 3
NEGATION_WINDOW_ZH: Final = 3
_ZH_TRANSPARENT: Final = _words(
    "给 我 你 他 她 它 们 的 得 地 了 都 也 再 就 还 又 把 被 让 对 跟 和 任 何 有 "
    "出现 出现过 发生 发生过 遇到 遇到过 碰到 发现"
)
"""Chinese function characters that a negation reaches across ("没人给我回电话")."""
_EN_TRANSPARENT: Final = _words("a an the any")
"""English words a negation reaches across without using up its window ("never had any")."""
NEGATED_POSITIVE: Final = 0.8
"""A negated positive keeps this share of its strength, with the sign flipped."""
NEGATED_NEGATIVE: Final = 0.5
"""A negated negative keeps this share: "not bad" is faintly good, not "good"."""
NEGATED_INTENSIFIED: Final = 0.6
""""not very good" is softer than "not good"."""
EXCESS: Final = -1.2
"""Value of "too X"/"太X" when X itself has no sentiment."""
CONTRAST_BEFORE: Final = 0.5
CONTRAST_AFTER: Final = 1.5
CONCESSIVE: Final = 0.5
CONTRAST_REACH: Final = 2
"""How many clauses on each side of a contrast word it reweights."""

_TOKEN: Final = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
    r"|(?P<emoticon>(?<![a-z0-9])(?:>:\(|:'\(|[:;]-?[()dp/@]|\(:|\):|<3|-_-|t_t)(?![a-z0-9]))"
    r"|(?P<word>n/a|o\.k\.?|a\+|[a-z]+(?:['-][a-z]+)*|\d+(?:[.,:/]\d+)*)"
    r"|(?P<stop>[.!?。！？\n…]+)"
    r"|(?P<clause>[,;，；、~:：()（）\"]+)"
    r"|(?P<other>\S)"
)
_FILLERS: Final = _words(
    "oh just yeah yes wow well so ah aha ha haha hah 啊 呀 哇 了 吧 呢 哦 嗯 哈 哈哈 呵"
)
_FUNCTION_WORDS: Final = _words(
    "a an the i me my we you he she it they them was is am are were be been have has had and "
    "or to of in on at for with as that this there then so but do did does"
)
_ZH_EXCESS: Final = _words(
    "大 小 多 少 长 短 高 低 远 近 久 晚 早 甜 辣 酸 油 软 干 稀 薄 厚 窄 "
    "挤 吵 热 冷 烫 重 轻 细 粗 水 老 生 旧 贵 咸 淡 硬 腻 慢 乱 脏 杂"
)
"""What "太" may be too much of when the word itself has no sentiment ("太小了", "太远")."""
_CLAUSE_FINAL: Final = frozenset({"一般"})
"""Entries that judge only at the end of a clause: "服务一般" is a verdict, "一般的店" is not."""
_NOT_BEFORE_WORD: Final = frozenset({"快", "好"})
"""Chinese entries that are adverbs before another word: "快焦了" (almost), "好小" (so)."""
_EXISTENCE: Final = frozenset(
    {"没", "没有", "也没有", "都没有", "也没", "都没", "还没有", "还没"}
    | {"no", "lack of", "lacks", "lacked", "lacking", "hardly any", "barely any"}
)
MISSING: Final = -0.6
""""没有吸管", "发票也没给", "no coffee in the lounge": something expected was missing."""
_LONG_REACH: Final = frozenset({"不如"})
"""Negators whose scope is the rest of the clause: "味道不如龙旗广场店好"."""
_EMPHATIC_NEGATORS: Final = frozenset({"never"})
_EMPHATIC: Final = frozenset({"so", "such", "such a", "more"})
"""After "never", these make a superlative, not a negation: "never been treated so badly"."""
EMPHASIS: Final = 1.25
_THANKS: Final = _words("thanks thank thx 谢谢 感谢 多谢")
_ZH_SCARCE: Final = _words("少 很少 较少 比较少 极少 不多 低 很低 较低 小 很小 较小")
"""After a complaint noun these say there is little of it: "故障少", "问题很少", "噪音小"."""
_ZH_DEGREE_BETWEEN: Final = _words("很 较 比较 非常 特别 极 都 也 超")
_ZH_EXTREME: Final = _words("不行 爆 极点 家 炸")
"""After "到" these make a superlative: "好到不行", "慢到爆", "差到极点"."""
EXTREME: Final = 1.5
WEAK_VERB: Final = 0.3
"""Entries this faint on their own ("received" 0.2) pass a negation on to a complaint after
them: "have not received any complaints" is praise, "never received the invoice" is not."""
_MEMO_LIMIT: Final = 50_000
_SARCASM_PRONE: Final = _words(
    "great wonderful fantastic perfect brilliant lovely nice awesome amazing excellent thanks "
    "thank super fine cool 好 真好 太好 很好 快 很快 真快 挺快 不错 棒 "
    "谢谢 感谢 厉害 给力 效率 高效 神速"
)


@dataclass(slots=True)
class Token:
    kind: int
    start: int
    end: int
    key: str
    entry: Entry | None = None
    value: float = 0.0
    topic: str | None = None
    chinese: bool = False
    plain: bool = False  # emoji and pattern hits: not negated, not modified
    negated: bool = False  # already a negated complaint: "故障少"


@dataclass(slots=True)
class Hit:
    """One piece of evidence: ``value`` is already negated and modified, not yet weighted."""

    value: float
    start: int
    end: int
    clause: int
    key: str
    negated: bool = False  # read through a negation: "not bad", "no problems", "没有不满意"


@dataclass(slots=True)
class Clause:
    sentence: int
    weight: float = 1.0
    start: int = 0
    end: int = 0
    content_words: int = 0
    hit_count: int = 0


@dataclass(slots=True)
class Reading:
    """Hits and clauses of one answer, plus where each topic was mentioned."""

    text: str
    hits: list[Hit] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    topics: list[tuple[int, int, str]] = field(default_factory=list)
    empty: bool = False

    def weighted(self, hit: Hit) -> float:
        return hit.value * self.clauses[hit.clause].weight

    def clause_of(self, position: int) -> int:
        """Index of the clause holding character ``position``."""
        ends = [clause.end for clause in self.clauses]
        return min(bisect.bisect_right(ends, position), len(ends) - 1)


class Scorer:
    """Reads answers with an English + emoji lexicon and a Chinese one."""

    def __init__(
        self, latin: Lexicon, chinese: Lexicon, fallback: dict[str, float] | None = None
    ) -> None:
        self._latin = latin
        self._chinese = chinese
        self._fallback = {
            word: Entry(_lexicon.SENTIMENT, value) for word, value in (fallback or {}).items()
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
        negators = {key for key, entry in latin.entries.items() if entry.kind == _lexicon.NEGATOR}
        self._negated_phrases = frozenset(
            key
            for key in latin.entries
            if " " in key and any(word in negators for word in key.split()[:2])
        )
        self._single: dict[str, Entry | None] = {}  # one word's reading, remembered
        self._empty = latin.empty_words | chinese.empty_words
        self._polite = latin.polite_words | chinese.polite_words

    # --- public --------------------------------------------------------------------------

    def read(self, text: str) -> Reading:
        """Read normalised text (see ``nlp._text.normalize``)."""
        reading = Reading(text)
        if self.is_empty_answer(text):
            reading.empty = True
            return reading
        reading.topics = list(_topics.find_topics(text))
        tokens = self._overlay(self._tokens(text), list(_patterns.find(text)))
        if not text.isascii():
            tokens = self._compose_chinese(tokens)
        self._walk(tokens, reading)
        self._sarcasm(reading)
        self._ironic_thanks(reading)
        return reading

    def is_empty_answer(self, text: str) -> bool:
        """True for "no", "Nothing, thanks.", "没有。", "暂时没有" and the like."""
        segments = [
            s.strip() for s in re.split(r"[,.!?;，。！？；、~…\s]*[,.!?;，。！？；、~…]+", text)
        ]
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

    # --- tokens --------------------------------------------------------------------------

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
                if entry is not None and entry.kind == _lexicon.SENTIMENT:
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
            tokens.append(self._token(entry, start, end, key, chinese=False))
            index += size

    def _word_fallback(self, word: str) -> Entry | None:
        """Plural of a sentiment entry ("delays"), else the general valence table, else the
        opposite of a praised stem ("unrecommended", "unhelpfully")."""
        if len(word) > 3 and word.endswith("s"):
            stem = self._latin.entries.get(word[:-1])
            if stem is not None and stem.kind == _lexicon.SENTIMENT:
                return stem
        found = self._fallback.get(word)
        if found is None and len(word) > 5 and word.startswith("un"):
            value = self._praise(word[2:])
            if value > 0:
                return Entry(_lexicon.SENTIMENT, -NEGATED_POSITIVE * value)
        return found

    def _praise(self, stem: str) -> float:
        """The positive value of ``stem`` or of its root ("recommended" -> "recommend")."""
        for root in (stem, stem[:-1], stem[:-2], stem.removesuffix("ly")):
            entry = self._latin.entries.get(root) or self._fallback.get(root)
            if entry is not None and entry.kind == _lexicon.SENTIMENT and entry.value > 0:
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
            tokens.append(self._token(entry, start, start + size, key, chinese=True))
            index += size

    @staticmethod
    def _token(entry: Entry | None, start: int, end: int, key: str, *, chinese: bool) -> Token:
        if entry is None:
            return Token(WORD, start, end, key, chinese=chinese)
        if entry.kind == _lexicon.CONTRAST:
            return Token(AFTER if entry.after else BEFORE, start, end, key, entry, chinese=chinese)
        return Token(_KIND[entry.kind], start, end, key, entry, chinese=chinese)

    @staticmethod
    def _overlay(tokens: list[Token], hits: list[_patterns.PatternHit]) -> list[Token]:
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

    @staticmethod
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
                folded = _lexicon.Entry(_lexicon.SENTIMENT, value, negated=entry.value)
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
                strong = _lexicon.Entry(
                    _lexicon.SENTIMENT, entry.value * EXTREME, negated=entry.negated
                )
                end = tokens[index + 2].end
                composed.append(Token(SENT, token.start, end, token.key, strong, chinese=True))
                index += 3
                continue
            composed.append(token)
            index += 1
        return composed

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

    # --- composition ---------------------------------------------------------------------

    def _walk(self, tokens: list[Token], reading: Reading) -> None:
        clauses = reading.clauses
        clauses.append(Clause(sentence=0))
        after_until = -1  # clauses up to this index get the "after contrast" weight
        negation = 0.0
        negation_start = 0
        negator = ""
        negation_left = 0
        multiplier = 1.0
        modifier_start = -1
        count = len(tokens)
        index = 0
        missing_end = -1  # end of "没有 + nouns" so far, when nothing else followed the negator

        def new_clause(sentence: int, at: int) -> None:
            clauses[-1].end = at
            clauses.append(Clause(sentence=sentence, start=at))
            if len(clauses) - 1 <= after_until:
                clauses[-1].weight *= CONTRAST_AFTER

        while index < count:
            token = tokens[index]
            kind = token.kind
            if kind in (CLAUSE_END, SENTENCE_END, AFTER, BEFORE) and not (
                kind == AFTER and not self._opens_clause(tokens, index, token)
            ):
                if missing_end > 0:
                    self._missing(reading, negation_start, missing_end)
                missing_end = -1
                negation, negation_left, multiplier, modifier_start = 0.0, 0, 1.0, -1
                clause = clauses[-1]
                sentence = clause.sentence
                if kind == SENTENCE_END:
                    after_until = -1
                    new_clause(sentence + 1, token.end)
                elif kind == CLAUSE_END:
                    new_clause(sentence, token.end)
                elif kind == AFTER:
                    has_content = clause.content_words > 0 or clause.hit_count > 0
                    last_before = len(clauses) - 1 if has_content else len(clauses) - 2
                    for before in range(max(0, last_before - CONTRAST_REACH + 1), last_before + 1):
                        clauses[before].weight *= CONTRAST_BEFORE
                    if has_content:
                        new_clause(sentence, token.start)
                    clauses[-1].weight = CONTRAST_AFTER
                    after_until = len(clauses) - 1 + CONTRAST_REACH - 1
                else:  # BEFORE: a concessive clause counts less
                    if clause.content_words > 0:
                        new_clause(sentence, token.start)
                    clauses[-1].weight *= CONCESSIVE
                index += 1
                continue
            if kind == AFTER:  # "就是" inside a clause is emphasis, not contrast
                kind = MOD
            if kind == SENT_MOD:
                kind = MOD if self._sentiment_follows(tokens, index + 1) else SENT
            if kind == NEG:
                if negation and negation_left and not token.chinese:  # "never failed to enjoy"
                    negation, negation_left = 0.0, 0
                    index += 1
                    continue
                negation = token.entry.value if token.entry else 1.0
                negation_start = token.start
                negator = token.key
                missing_end = 0 if token.key in _EXISTENCE else -1
                negation_left = NEGATION_WINDOW_ZH if token.chinese else NEGATION_WINDOW_EN
                if " " in token.key:  # "do not think", "refused to": the verb comes later
                    negation_left += 2
                if token.key in _LONG_REACH:
                    negation_left = len(tokens)
            elif kind == MOD:
                if negation and negator in _EMPHATIC_NEGATORS and token.key in _EMPHATIC:
                    # "never been treated so badly", "never had such rude staff": emphasis
                    negation, negation_left = 0.0, 0
                    multiplier *= EMPHASIS
                multiplier *= self._factor(token)
                if modifier_start < 0:
                    modifier_start = token.start
            elif kind == TOO:
                skip = self._too(tokens, index, reading, negation, negation_start, multiplier)
                if skip:
                    negation, negation_left, multiplier, modifier_start = 0.0, 0, 1.0, -1
                    index += skip
                    continue
                multiplier *= token.entry.value if token.entry else 1.3
                if modifier_start < 0:
                    modifier_start = token.start
            elif (
                kind == SENT
                and token.key in _CLAUSE_FINAL
                and not self._ends_clause(tokens, index + 1)
            ) or (token.key in _NOT_BEFORE_WORD and self._word_follows(tokens, index + 1)):
                index += 1
                continue
            elif (
                kind == SENT
                and negation
                and self._passes_negation_on(token)
                and self._complaint_follows(tokens, index + 1)
            ):
                index += 1  # "not received any complaints": the negation is for the complaint
                continue
            elif kind == SENT:
                missing_end = -1
                value = token.value if token.entry is None else token.entry.value
                start = token.start
                if token.plain:
                    pass
                elif negation:
                    value = self._negate(token.entry, value, multiplier) * negation
                    start = negation_start
                else:
                    value *= multiplier
                    if modifier_start >= 0:
                        start = modifier_start
                if value:
                    negated = bool(negation) and not token.plain
                    hit = Hit(value, start, token.end, len(clauses) - 1, token.key, negated)
                    hit.negated = hit.negated or token.negated or token.key in self._negated_phrases
                    reading.hits.append(hit)
                    clauses[-1].hit_count += 1
                    if token.topic is not None:
                        reading.topics.append((token.start, token.end, token.topic))
                carried = negation and self._coordinated(tokens, index + 1)
                multiplier, modifier_start = 1.0, -1
                if carried:  # "never felt rushed or pressured": the negation carries over
                    negation_left = 2
                else:
                    negation, negation_left = 0.0, 0
            elif kind == WORD:
                if token.key not in _FILLERS:
                    clauses[-1].content_words += 1
                if (
                    missing_end >= 0
                    and negation_left
                    and token.key not in _FILLERS
                    and (token.chinese or token.key not in _FUNCTION_WORDS)
                ):
                    missing_end = token.end
                transparent = _ZH_TRANSPARENT if token.chinese else _EN_TRANSPARENT
                if negation_left and token.key not in transparent:
                    negation_left -= 1
                    if not negation_left:
                        if missing_end > 0 and not token.chinese:  # "no salt at the tables"
                            self._missing(reading, negation_start, missing_end)
                        negation, missing_end = 0.0, -1
                if multiplier != 1.0 and token.key not in _FILLERS:
                    multiplier, modifier_start = 1.0, -1
            index += 1
        if missing_end > 0:
            self._missing(reading, negation_start, missing_end)
        clauses[-1].end = len(reading.text)

    @staticmethod
    def _missing(reading: Reading, start: int, end: int) -> None:
        reading.hits.append(Hit(MISSING, start, end, len(reading.clauses) - 1, "<missing>"))
        reading.clauses[-1].hit_count += 1

    @staticmethod
    def _word_follows(tokens: list[Token], index: int) -> bool:
        return (
            index < len(tokens)
            and tokens[index].kind == WORD
            and tokens[index].chinese
            and tokens[index].entry is None
            and tokens[index].key not in _FILLERS
            and tokens[index].key not in ("的", "得", "地")
        )

    @staticmethod
    def _ends_clause(tokens: list[Token], index: int) -> bool:
        while index < len(tokens) and tokens[index].key in _FILLERS:
            index += 1
        return index >= len(tokens) or tokens[index].kind in (
            CLAUSE_END,
            SENTENCE_END,
            AFTER,
            BEFORE,
        )

    @staticmethod
    def _coordinated(tokens: list[Token], index: int) -> bool:
        return index < len(tokens) and tokens[index].key in ("or", "或", "或者")

    @staticmethod
    def _factor(token: Token) -> float:
        entry = token.entry
        if entry is None or token.kind == AFTER:
            return 1.2
        return entry.multiplier if entry.kind == _lexicon.SENTIMENT_OR_MODIFIER else entry.value

    @staticmethod
    def _opens_clause(tokens: list[Token], index: int, token: Token) -> bool:
        """Chinese contrast words such as 就是/结果/唯一 only contrast at the start of a clause."""
        if not token.chinese or token.key in ("但是", "但", "可是", "不过", "然而", "却"):
            return True
        return index == 0 or tokens[index - 1].kind in (CLAUSE_END, SENTENCE_END)

    @staticmethod
    def _passes_negation_on(token: Token) -> bool:
        """A verb that is a complaint only when negated ("received", "start", "called")."""
        entry = token.entry
        return (
            entry is not None
            and not token.chinese
            and entry.negated is not None
            and abs(entry.value) <= WEAK_VERB
        )

    @staticmethod
    def _complaint_follows(tokens: list[Token], index: int) -> bool:
        """A negative entry comes next in the clause, past at most two plain words."""
        for token in tokens[index : index + 3]:
            if token.kind in (CLAUSE_END, SENTENCE_END, AFTER, BEFORE, NEG):
                return False
            if token.kind == SENT and not token.plain:
                return token.entry is not None and token.entry.value < 0
        return False

    @staticmethod
    def _sentiment_follows(tokens: list[Token], index: int) -> bool:
        return (
            index < len(tokens)
            and tokens[index].kind in (SENT, SENT_MOD, TOO)
            and not (tokens[index].plain)
        )

    @staticmethod
    def _negate(entry: Entry | None, value: float, multiplier: float) -> float:
        if entry is not None and entry.negated is not None:
            return entry.negated
        value = -value * (NEGATED_POSITIVE if value > 0 else NEGATED_NEGATIVE)
        return value * NEGATED_INTENSIFIED if multiplier > 1.0 else value

    def _too(
        self,
        tokens: list[Token],
        index: int,
        reading: Reading,
        negation: float,
        negation_start: int,
        multiplier: float,
    ) -> int:
        """Handle "too X"/"太X" when X has no sentiment; return tokens consumed (0 = not)."""
        following = index + 1
        while following < len(tokens) and tokens[following].kind == MOD:
            following += 1
        if following >= len(tokens):
            return 0
        nxt = tokens[following]
        if nxt.kind != WORD or nxt.entry is not None or nxt.key in _FUNCTION_WORDS | _FILLERS:
            return 0
        if nxt.chinese and nxt.key not in _ZH_EXCESS:
            return 0
        value = EXCESS * multiplier
        start = tokens[index].start
        if negation:
            value = -value * NEGATED_NEGATIVE * negation
            start = negation_start
        hit = Hit(value, start, nxt.end, len(reading.clauses) - 1, "too", bool(negation))
        reading.hits.append(hit)
        reading.clauses[-1].hit_count += 1
        return following - index + 1

    # --- sarcasm -------------------------------------------------------------------------

    @staticmethod
    def _ironic_thanks(reading: Reading) -> None:
        """ "Thanks for ruining my trip", "谢谢你们浪费我一下午": thanks followed in its own
        clause by a complaint is the complaint said politely; the thanks counts for nothing."""
        hits = reading.hits
        for position, hit in enumerate(hits[:-1]):
            if hit.value <= 0 or hit.key not in _THANKS:
                continue
            following = hits[position + 1]
            if following.clause == hit.clause and following.value < 0:
                hit.value = 0.0

    @staticmethod
    def _sarcasm(reading: Reading) -> None:
        """ "Great, another two-hour wait." / "真快啊，才等了三个小时": praise alone in its clause,
        followed in the sentence by a complaint about waiting, is read as a complaint."""
        waits = [(s, e) for s, e, topic in reading.topics if topic == "wait_time"]
        if not waits or len(reading.hits) < 2:
            return
        clauses = reading.clauses
        for position, hit in enumerate(reading.hits):
            if hit.value <= 0 or hit.key not in _SARCASM_PRONE:
                continue
            clause = clauses[hit.clause]
            if clause.content_words > 0:
                continue
            if sum(1 for other in reading.hits if other.clause == hit.clause) > 1:
                continue
            for later in reading.hits[position + 1 :]:
                later_clause = clauses[later.clause]
                if later_clause.sentence != clause.sentence or later.clause == hit.clause:
                    continue
                if later.value < 0 and any(s < later.end and later.start < e for s, e in waits):
                    hit.value = -hit.value
                    break
