"""Phase three of the scorer: praise that what follows it shows to be meant the other way.

Sarcasm about waiting: a clause made of nothing but praise ("Great,", "真快啊，") that is
followed in the same sentence by a complaint about waiting is read as its opposite. Thanks
followed in the same clause by a complaint ("Thanks for wasting my afternoon") counts for
nothing: the complaint is what was said. Both run on the finished hits, because they need
to see what comes after the praise.
"""

from __future__ import annotations

from typing import Final

from nlp._text import word_set
from nlp.scoring._reading import Reading

_THANKS: Final = word_set("thanks thank thx 谢谢 感谢 多谢")
_SARCASM_PRONE: Final = word_set(
    "great wonderful fantastic perfect brilliant lovely nice awesome amazing excellent thanks "
    "thank super fine cool 好 真好 太好 很好 快 很快 真快 挺快 不错 棒 "
    "谢谢 感谢 厉害 给力 效率 高效 神速"
)


def reread_praise(reading: Reading) -> None:
    """Apply both rules to ``reading``'s hits, sarcasm first."""
    _sarcasm(reading)
    _ironic_thanks(reading)


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
