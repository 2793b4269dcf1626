"""Critical keywords: words that make any text critical, unless the customer denies them.

Matched case-insensitively after Unicode normalisation (full-width letters and digits count).
English keywords (and digits, e.g. ``12315``) match whole words only: "brakes" matches, and
so does "刹车brakes", but "brakesman" does not; a trailing ``*`` matches any ending.
Chinese keywords match anywhere, also inside longer text ("我要打12315投诉").

A keyword is cleared only where the customer plainly denies it, judged for each occurrence
within its clause (up to the next punctuation mark):

* any keyword, when a problem is denied: "no safety issue", "not a brake problem",
  "没有安全问题", "无安全隐患", "刹车没问题", "安全方面没有任何问题";
* an ``action`` keyword (something a customer does or demands), also when the customer says
  they do not want or need it: "don't need a refund", "no need for a lawyer", "不是投诉",
  "不想投诉", "不需要退款".

A plain "no" or "没有" does not clear a keyword, because there the absence is the
complaint: "no brakes", "still no refund", "没有刹车", "没有退款". So "no safety issue"
is not critical, "no safety issue, but the brakes squeal" is. A ``danger`` keyword is
never cleared by "don't want": "I don't want the brakes to fail again" stays critical.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Final, Literal

KeywordKind = Literal["danger", "action"]
_CLAUSE: Final = re.compile(r"[,.;:!?，。；：！？、\n]")
_WORD: Final = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_BLANK: Final = "\ue000"
_EN_NEGATORS: Final = frozenset(
    {"no", "not", "never", "without", "nor", "zero", "dont", "didnt", "doesnt", "wont", "isnt"}
    | {"wasnt", "arent", "werent", "cant", "havent", "hasnt"}
)
_EN_AUXILIARIES: Final = frozenset({"do", "does", "did", "will", "would", "really", "certainly"})
_EN_SELF: Final = frozenset({"i", "we", "i'm", "there's", "theres", "is"})
"""Who may come before "don't want": the customer, or nobody ("there is no need")."""
_EN_FILLERS: Final = frozenset(
    {"a", "an", "any", "the", "my", "real", "major", "serious", "actual", "to", "for"}
)
_EN_WANTING: Final = frozenset({"need", "needed", "want", "wanted", "plan", "intend"})
_EN_PROBLEMS: Final = frozenset(
    {"issue", "issues", "problem", "problems", "concern", "concerns", "risk", "risks"}
    | {"hazard", "hazards", "worry", "worries", "complaint", "complaints"}
)
_ZH_DENIAL: Final = re.compile(
    r"(?:没有|没|无|不是|并非|不存在|未发现|没发现|未见|不涉及)(?:任何|什么)?$"
)
_ZH_PROBLEM: Final = re.compile(r"(?:方面)?(?:的)?(?:问题|隐患|风险|故障|毛病)")
_ZH_FINE: Final = re.compile(
    r"(?:方面|上)?(?:都|也|完全|一切)?(?:没有?|无|不存在)(?:任何|什么)?(?:问题|毛病|隐患|故障)"
)
_ZH_NOT_WANTING: Final = re.compile(
    r"(?:^|我|我们|这|这个)\s*(?:也|并|真的|其实)?"
    r"(?:不是|并非|不想|不打算|不需要|不用|无需|没必要|不必)(?:要|去|再|找)?$"
)
"""The customer (or nobody) declining: "不是投诉", "我不想投诉"; not "他们不想退款"."""


def normalize(text: str) -> str:
    """Text as keywords are matched: NFKC, case-folded, plain apostrophes."""
    return unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("‘", "'")


def is_english(word: str) -> bool:
    """English keywords match whole words; others match anywhere."""
    return word.isascii()


def _pattern(word: str) -> re.Pattern[str]:
    clean = normalize(word).strip()
    if not is_english(clean):
        return re.compile(re.escape(clean))
    body = clean.removesuffix("*")
    regex = r"[\s\-]+".join(re.escape(part) for part in re.split(r"[\s\-]+", body))
    if clean.endswith("*"):
        regex += "[a-z0-9]*"
    return re.compile(rf"(?<![a-z0-9]){regex}(?![a-z0-9])")


def _is_negator(word: str) -> bool:
    return word in _EN_NEGATORS or word.endswith("n't")


def _denied_en(kind: KeywordKind, before: str, after: str) -> bool:
    words = _WORD.findall(before)
    skipped = 0
    while words and words[-1] in _EN_FILLERS and skipped < 2:
        words.pop()
        skipped += 1
    if not words:
        return False
    last = words[-1]
    if kind == "action" and last in _EN_WANTING and len(words) >= 2 and _is_negator(words[-2]):
        rest = words[:-2]
        while rest and rest[-1] in _EN_AUXILIARIES:
            rest.pop()
        if not rest or rest[-1] in _EN_SELF:
            return True  # "I don't need a refund", "no need for a lawyer"; not "they didn't want"
    following = [word for word in _WORD.findall(after) if word != "related"]
    return _is_negator(last) and bool(following) and following[0] in _EN_PROBLEMS


def _denied_zh(kind: KeywordKind, before: str, after: str) -> bool:
    if _ZH_FINE.match(after):
        return True  # "刹车没问题"
    if _ZH_DENIAL.search(before) and _ZH_PROBLEM.match(after):
        return True  # "没有安全问题"
    return kind == "action" and _ZH_NOT_WANTING.search(before) is not None  # "不是投诉"


class Keywords:
    """Keywords that make a text critical, with the clearing policy of the module docstring."""

    def __init__(
        self,
        danger: Sequence[str],
        action: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ) -> None:
        self.danger = tuple(danger)
        self.action = tuple(action)
        self.ignore = tuple(ignore)
        kinds: list[tuple[KeywordKind, Sequence[str]]] = [("danger", danger), ("action", action)]
        self._patterns = [
            (word.removesuffix("*"), kind, _pattern(word))
            for kind, words in kinds
            for word in words
        ]
        self._ignored = [_pattern(phrase) for phrase in ignore]

    def find(self, text: str) -> tuple[str, ...]:
        """The keywords ``text`` raises (as listed, without ``*``), in order of appearance."""
        clean = normalize(text)
        for pattern in self._ignored:
            clean = pattern.sub(lambda found: _BLANK * len(found.group()), clean)
        hits: list[tuple[int, str]] = []
        for word, kind, pattern in self._patterns:
            for found in pattern.finditer(clean):
                if not self._denied(kind, clean, found.start(), found.end(), word):
                    hits.append((found.start(), word))
                    break
        return tuple(word for _, word in sorted(hits, key=lambda hit: hit[0]))

    @staticmethod
    def _denied(kind: KeywordKind, clean: str, start: int, end: int, word: str) -> bool:
        before = _CLAUSE.split(clean[:start])[-1]
        after = _CLAUSE.split(clean[end:])[0]
        if is_english(word):
            return _denied_en(kind, before, after)
        return _denied_zh(kind, before, after)
