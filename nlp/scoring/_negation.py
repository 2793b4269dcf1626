"""Phase two of the scorer: the walk from tokens to hits, with negation and degree.

Tokens are walked left to right. A negator reaches the next sentiment entry a few tokens
ahead in the same clause ("a", "the", "any" and Chinese function characters do not use up
the window): a negated positive becomes negative ("not good", "不太满意"), a negated negative
becomes weakly positive ("not bad", "没有不满意"), and entries with an explicit negated value
use it ("nobody called back", "没修好"). "never" followed by "so"/"such"/"more" is emphasis,
not negation ("never been treated so badly"). Hits read through a negation are marked, so
that the learned correction leaves them to the rules. "No"/"没有" (and "lacked", "hardly
any") before plain nouns says something expected was missing ("no coffee in the lounge",
"没有吸管"): a mild complaint. Modifiers scale the next sentiment entry; "too"/"太" before a
word with no sentiment is a complaint of excess ("too long", "太小了").

Clause boundaries reset all of that; where they fall and what each clause weighs is
``_contrast``'s business.
"""

from __future__ import annotations

from typing import Final

from nlp import lexicons
from nlp._text import word_set
from nlp.lexicons import Entry
from nlp.scoring._contrast import Clauses, opens_clause
from nlp.scoring._reading import (
    AFTER,
    BOUNDARIES,
    MOD,
    NEG,
    SENT,
    SENT_MOD,
    TOO,
    WORD,
    Hit,
    Reading,
    Token,
)

NEGATION_WINDOW_EN: Final = 3
NEGATION_WINDOW_ZH: Final = 3
_ZH_TRANSPARENT: Final = word_set(
    "给 我 你 他 她 它 们 的 得 地 了 都 也 再 就 还 又 把 被 让 对 跟 和 任 何 有 "
    "出现 出现过 发生 发生过 遇到 遇到过 碰到 发现"
)
"""Chinese function characters that a negation reaches across ("没人给我回电话")."""
_EN_TRANSPARENT: Final = word_set("a an the any")
"""English words a negation reaches across without using up its window ("never had any")."""
NEGATED_POSITIVE: Final = 0.8
"""A negated positive keeps this share of its strength, with the sign flipped."""
NEGATED_NEGATIVE: Final = 0.5
"""A negated negative keeps this share: "not bad" is faintly good, not "good"."""
NEGATED_INTENSIFIED: Final = 0.6
""""not very good" is softer than "not good"."""
EXCESS: Final = -1.2
"""Value of "too X"/"太X" when X itself has no sentiment."""
_FILLERS: Final = word_set(
    "oh just yeah yes wow well so ah aha ha haha hah 啊 呀 哇 了 吧 呢 哦 嗯 哈 哈哈 呵"
)
_FUNCTION_WORDS: Final = word_set(
    "a an the i me my we you he she it they them was is am are were be been have has had and "
    "or to of in on at for with as that this there then so but do did does"
)
_NOT_EXCESS: Final = _FUNCTION_WORDS | _FILLERS
"""Words "too" does not complain about the excess of: "too" before them is something else."""
_ZH_EXCESS: Final = word_set(
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
WEAK_VERB: Final = 0.3
"""Entries this faint on their own ("received" 0.2) pass a negation on to a complaint after
them: "have not received any complaints" is praise, "never received the invoice" is not."""


def walk(tokens: list[Token], reading: Reading, negated_phrases: frozenset[str]) -> None:
    """Add the hits and clauses of ``tokens`` to ``reading``.

    ``negated_phrases`` are lexicon phrases that hold their own negator ("not worth it"):
    their hits are marked as read through a negation.
    """
    clauses = reading.clauses
    cutter = Clauses(clauses)
    negation = 0.0
    negation_start = 0
    negator = ""
    negation_left = 0
    multiplier = 1.0
    modifier_start = -1
    count = len(tokens)
    index = 0
    missing_end = -1  # end of "没有 + nouns" so far, when nothing else followed the negator

    while index < count:
        token = tokens[index]
        kind = token.kind
        if kind in BOUNDARIES and not (kind == AFTER and not opens_clause(tokens, index, token)):
            if missing_end > 0:
                _missing(reading, negation_start, missing_end)
            missing_end = -1
            negation, negation_left, multiplier, modifier_start = 0.0, 0, 1.0, -1
            cutter.cut(token)
            index += 1
            continue
        if kind == AFTER:  # "就是" inside a clause is emphasis, not contrast
            kind = MOD
        if kind == SENT_MOD:
            kind = MOD if _sentiment_follows(tokens, index + 1) else SENT
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
            multiplier *= _factor(token)
            if modifier_start < 0:
                modifier_start = token.start
        elif kind == TOO:
            skip = _too(tokens, index, reading, negation, negation_start, multiplier)
            if skip:
                negation, negation_left, multiplier, modifier_start = 0.0, 0, 1.0, -1
                index += skip
                continue
            multiplier *= token.entry.value if token.entry else 1.3
            if modifier_start < 0:
                modifier_start = token.start
        elif (
            kind == SENT and token.key in _CLAUSE_FINAL and not _ends_clause(tokens, index + 1)
        ) or (token.key in _NOT_BEFORE_WORD and _word_follows(tokens, index + 1)):
            index += 1
            continue
        elif (
            kind == SENT
            and negation
            and _passes_negation_on(token)
            and _complaint_follows(tokens, index + 1)
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
                value = _negate(token.entry, value, multiplier) * negation
                start = negation_start
            else:
                value *= multiplier
                if modifier_start >= 0:
                    start = modifier_start
            if value:
                negated = bool(negation) and not token.plain
                hit = Hit(value, start, token.end, len(clauses) - 1, token.key, negated)
                hit.negated = hit.negated or token.negated or token.key in negated_phrases
                reading.hits.append(hit)
                clauses[-1].hit_count += 1
                if token.topic is not None:
                    reading.topics.append((token.start, token.end, token.topic))
            carried = negation and _coordinated(tokens, index + 1)
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
                        _missing(reading, negation_start, missing_end)
                    negation, missing_end = 0.0, -1
            if multiplier != 1.0 and token.key not in _FILLERS:
                multiplier, modifier_start = 1.0, -1
        index += 1
    if missing_end > 0:
        _missing(reading, negation_start, missing_end)
    cutter.finish(len(reading.text))


def _missing(reading: Reading, start: int, end: int) -> None:
    reading.hits.append(Hit(MISSING, start, end, len(reading.clauses) - 1, "<missing>"))
    reading.clauses[-1].hit_count += 1


def _word_follows(tokens: list[Token], index: int) -> bool:
    return (
        index < len(tokens)
        and tokens[index].kind == WORD
        and tokens[index].chinese
        and tokens[index].entry is None
        and tokens[index].key not in _FILLERS
        and tokens[index].key not in ("的", "得", "地")
    )


def _ends_clause(tokens: list[Token], index: int) -> bool:
    while index < len(tokens) and tokens[index].key in _FILLERS:
        index += 1
    return index >= len(tokens) or tokens[index].kind in BOUNDARIES


def _coordinated(tokens: list[Token], index: int) -> bool:
    return index < len(tokens) and tokens[index].key in ("or", "或", "或者")


def _factor(token: Token) -> float:
    entry = token.entry
    if entry is None or token.kind == AFTER:
        return 1.2
    return entry.multiplier if entry.kind == lexicons.SENTIMENT_OR_MODIFIER else entry.value


def _passes_negation_on(token: Token) -> bool:
    """A verb that is a complaint only when negated ("received", "start", "called")."""
    entry = token.entry
    return (
        entry is not None
        and not token.chinese
        and entry.negated is not None
        and abs(entry.value) <= WEAK_VERB
    )


def _complaint_follows(tokens: list[Token], index: int) -> bool:
    """A negative entry comes next in the clause, past at most two plain words."""
    for token in tokens[index : index + 3]:
        if token.kind in BOUNDARIES or token.kind == NEG:
            return False
        if token.kind == SENT and not token.plain:
            return token.entry is not None and token.entry.value < 0
    return False


def _sentiment_follows(tokens: list[Token], index: int) -> bool:
    return (
        index < len(tokens)
        and tokens[index].kind in (SENT, SENT_MOD, TOO)
        and not (tokens[index].plain)
    )


def _negate(entry: Entry | None, value: float, multiplier: float) -> float:
    if entry is not None and entry.negated is not None:
        return entry.negated
    value = -value * (NEGATED_POSITIVE if value > 0 else NEGATED_NEGATIVE)
    return value * NEGATED_INTENSIFIED if multiplier > 1.0 else value


def _too(
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
    if nxt.kind != WORD or nxt.entry is not None or nxt.key in _NOT_EXCESS:
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
