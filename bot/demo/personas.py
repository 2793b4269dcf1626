"""The demo's cast: imported customers, how they link, and how they answer.

Answers are keyed by question id; what is not listed follows the persona's
mood. The cast covers the cases worth seeing: delighted and unhappy customers
in both languages, answers typed instead of tapped, skipping, opting out
mid-survey, a customer who never linked, one who opted out before the wave,
and one with two visits in the window (merged into one survey).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class Tap:
    value: int


@dataclass(frozen=True, slots=True)
class Choose:
    option: str


@dataclass(frozen=True, slots=True)
class Type:
    text: str


@dataclass(frozen=True, slots=True)
class Skip:
    pass


@dataclass(frozen=True, slots=True)
class Stop:
    """Send /stop instead of answering."""


Move = Tap | Choose | Type | Skip | Stop
LinkMethod = Literal["deep_link", "contact", "contact_plus", "never"]


@dataclass(frozen=True, slots=True)
class Persona:
    customer_id: str
    name: str
    phone: str
    language: Literal["zh", "en"]
    event: Literal["sale", "service"]
    branch: str
    staff: str
    vehicle: str
    telegram_id: int
    links_by: LinkMethod = "deep_link"
    mood: int = 4
    answers: dict[str, Move] = field(default_factory=dict)
    opts_out_first: bool = False
    extra_visit: bool = False

    def move_for(self, question_id: str, kind: str) -> Move:
        if question_id in self.answers:
            return self.answers[question_id]
        if kind == "nps":
            return Tap({1: 1, 2: 3, 3: 6, 4: 8, 5: 10}[self.mood])
        if kind == "rating":
            return Tap(self.mood)
        if kind == "yesno":
            return Tap(1 if self.mood >= 3 else 0)
        return Skip()


CAST: tuple[Persona, ...] = (
    Persona(
        "C1001",
        "王芳",
        "13800138001",
        "zh",
        "service",
        "浦东店",
        "李伟",
        "Model 3",
        telegram_id=700001,
        links_by="contact",
        mood=5,
        answers={"comment": Type("师傅很专业，还顺便帮我检查了轮胎，点赞！")},
    ),
    Persona(
        "C1002",
        "李强",
        "13800138002",
        "zh",
        "service",
        "浦东店",
        "赵磊",
        "Model Y",
        telegram_id=700002,
        mood=2,
        answers={
            "nps": Tap(3),
            "waiting_time": Tap(1),
            "main_problem": Choose("wait_time"),
            "comment": Type("说好中午交车，结果拖到傍晚，等了三个多小时也没人通知我，太慢了。"),
        },
    ),
    Persona(
        "C1003",
        "Emily Carter",
        "+44 7911 123456",
        "en",
        "service",
        "闵行店",
        "Sun Yu",
        "Model S",
        telegram_id=700003,
        mood=4,
        answers={
            "overall": Type("4"),
            "nps": Type("I'd say 8"),
            "reception": Type("five"),
            "comment": Type("The lounge coffee machine was broken, otherwise fine."),
        },
    ),
    Persona(
        "C1004",
        "张伟",
        "13800138004",
        "zh",
        "sale",
        "闵行店",
        "孙宇",
        "Model Y",
        telegram_id=700004,
        links_by="contact_plus",
        mood=4,
        answers={
            "paperwork": Tap(3),
            "comment": Type("交车很顺利，就是上牌手续有点慢。"),
        },
    ),
    Persona(
        "C1005",
        "James Wu",
        "13800138005",
        "en",
        "sale",
        "浦东店",
        "李伟",
        "Model 3",
        telegram_id=700005,
        mood=1,
        answers={
            "product_explanation": Tap(3),
            "main_problem": Choose("price"),
            "comment": Type(
                "Too expensive. The invoice was higher than agreed and nobody called me back."
            ),
        },
    ),
    Persona(
        "C1006",
        "陈静",
        "13800138006",
        "zh",
        "service",
        "浦东店",
        "赵磊",
        "Model 3",
        telegram_id=700006,
        mood=4,
        answers={
            q: Skip()
            for q in (
                "nps",
                "reception",
                "waiting_time",
                "price_transparency",
                "work_quality",
                "staff_attitude",
                "comment",
            )
        },
    ),
    Persona(
        "C1007",
        "刘洋",
        "13800138007",
        "zh",
        "service",
        "闵行店",
        "孙宇",
        "Model S",
        telegram_id=700007,
        links_by="contact",
        mood=3,
        answers={"nps": Stop()},
    ),
    Persona(
        "C1008",
        "Sophie Martin",
        "13800138008",
        "en",
        "service",
        "浦东店",
        "李伟",
        "Model Y",
        telegram_id=700008,
        mood=3,
        answers={
            "nps": Tap(5),
            "main_problem": Choose("wait_time"),
            "comment": Type("Great, another two-hour wait."),
        },
    ),
    Persona(
        "C1009",
        "赵敏",
        "13800138009",
        "zh",
        "service",
        "闵行店",
        "孙宇",
        "Model 3",
        telegram_id=700009,
        mood=3,
        answers={"nps": Tap(7), "comment": Type("一般，还行吧。")},
    ),
    Persona(
        "C1010",
        "周杰",
        "13800138010",
        "zh",
        "service",
        "浦东店",
        "赵磊",
        "Model 3",
        telegram_id=700010,
        mood=5,
        extra_visit=True,
        answers={"comment": Type("两次来都很满意，服务顾问很热情。")},
    ),
    Persona(
        "C1011",
        "孙磊",
        "13800138011",
        "zh",
        "service",
        "浦东店",
        "李伟",
        "Model Y",
        telegram_id=700011,
        links_by="never",
    ),
    Persona(
        "C1012",
        "Olivia Brown",
        "13800138012",
        "en",
        "service",
        "闵行店",
        "Sun Yu",
        "Model 3",
        telegram_id=700012,
        opts_out_first=True,
    ),
)
