"""callback_data codec: domain actions to short ASCII strings and back.

Telegram allows 1-64 bytes. The format is versioned (``"1"`` first) so that
buttons already in chats keep working, or are refused cleanly, after a
change. Only ids and small numbers are encoded: callback_data is a lookup
key, never trusted (the engine re-checks ownership and state).
"""

from __future__ import annotations

from surveys.inputs import BIG_ID_MAX, ID_MAX, parse_number
from surveys.ports import (
    Action,
    AnswerAction,
    AuditButton,
    CallMeAnswer,
    ComplaintButton,
    ForgetAction,
    LanguageAction,
    ResumeAction,
    SkipAction,
    SolvedAnswer,
    StatsAction,
    WaveControlAction,
    WizardAction,
)

VERSION = "1"
MAX_BYTES = 64
_LANGUAGES = ("zh", "en")
_WIZARD_STEPS = ("t", "w", "b", "s", "c")
_WAVE_OPS = ("v", "p", "r", "c")
_COMPLAINT_OPS = ("c", "t", "r", "a", "g", "q", "v")
_PERIODS = ("7", "30", "90")
_AUDIT_OPS = ("s", "a", "p", "b", "v", "n", "f")


class CallbackTooLong(ValueError):
    pass


def encode(action: Action) -> str:
    match action:
        case AnswerAction(delivery_id, question, value):
            data = f"{VERSION}:a:{delivery_id}:{question}:{value}"
        case SkipAction(delivery_id, question):
            data = f"{VERSION}:s:{delivery_id}:{question}"
        case LanguageAction(language):
            data = f"{VERSION}:l:{language}"
        case ForgetAction(confirm):
            data = f"{VERSION}:f:{int(confirm)}"
        case ResumeAction():
            data = f"{VERSION}:r"
        case WizardAction(draft_id, step, choice):
            data = f"{VERSION}:w:{draft_id}:{step}:{choice}"
        case WaveControlAction(wave_id, op):
            data = f"{VERSION}:v:{wave_id}:{op}"
        case ComplaintButton(complaint_id, op, arg):
            data = f"{VERSION}:k:{complaint_id}:{op}:{arg}"
        case SolvedAnswer(complaint_id, solved):
            data = f"{VERSION}:y:{complaint_id}:{int(solved)}"
        case CallMeAnswer(delivery_id, yes):
            data = f"{VERSION}:m:{delivery_id}:{int(yes)}"
        case StatsAction(period, compare):
            data = f"{VERSION}:t:{period}:{compare}"
        case AuditButton(target, op, item, value):
            data = f"{VERSION}:u:{target}:{op}:{item}:{value}"
    if len(data.encode()) > MAX_BYTES:
        raise CallbackTooLong(data)
    return data


def _ints(parts: list[str], count: int, last_maximum: int = ID_MAX) -> list[int] | None:
    """``count`` ASCII numbers within INTEGER (the last within ``last_maximum``), or None:
    ``²`` passes ``str.isdigit`` and a 12-digit id overflows an INTEGER column."""
    if len(parts) != count:
        return None
    limits = [ID_MAX] * (count - 1) + [last_maximum]
    numbers = [parse_number(p, minimum=0, maximum=m) for p, m in zip(parts, limits, strict=True)]
    return None if None in numbers else [n for n in numbers if n is not None]


def decode(data: str | None) -> Action | None:
    """The action encoded in ``data``, or None for anything unknown, old or malformed."""
    if not data or len(data) > MAX_BYTES:
        return None
    version, _, rest = data.partition(":")
    if version != VERSION:
        return None
    kind, _, tail = rest.partition(":")
    parts = tail.split(":") if tail else []
    if kind == "a" and (numbers := _ints(parts, 3)):
        return AnswerAction(*numbers)
    if kind == "s" and (numbers := _ints(parts, 2)):
        return SkipAction(*numbers)
    if kind == "l" and len(parts) == 1 and parts[0] in _LANGUAGES:
        return LanguageAction(parts[0])
    if kind == "f" and parts in (["0"], ["1"]):
        return ForgetAction(confirm=parts[0] == "1")
    if kind == "r" and not parts:
        return ResumeAction()
    if kind == "w" and len(parts) == 3 and parts[1] in _WIZARD_STEPS:
        numbers = _ints([parts[0], parts[2]], 2)
        if numbers:
            return WizardAction(numbers[0], parts[1], numbers[1])
    if kind == "k" and len(parts) == 3 and parts[1] in _COMPLAINT_OPS:
        numbers = _ints([parts[0], parts[2]], 2, BIG_ID_MAX)  # "g" carries a user id
        if numbers:
            return ComplaintButton(numbers[0], parts[1], numbers[1])
    if kind in ("y", "m") and len(parts) == 2 and parts[1] in ("0", "1"):
        numbers = _ints(parts[:1], 1)
        if numbers:
            if kind == "y":
                return SolvedAnswer(numbers[0], parts[1] == "1")
            return CallMeAnswer(numbers[0], parts[1] == "1")
    if kind == "t" and len(parts) == 2 and parts[0] in _PERIODS and parts[1] in ("b", "s"):
        return StatsAction(parts[0], parts[1])
    if kind == "u" and len(parts) == 4 and parts[1] in _AUDIT_OPS:
        numbers = _ints([parts[0], parts[2], parts[3]], 3)
        if numbers:
            return AuditButton(numbers[0], parts[1], numbers[1], numbers[2])
    if kind == "v" and len(parts) == 2 and parts[1] in _WAVE_OPS:
        numbers = _ints(parts[:1], 1)
        if numbers:
            return WaveControlAction(numbers[0], parts[1])
    return None
