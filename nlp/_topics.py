"""Complaint topics: the ids, what they mean, and the words that reveal them.

This module is the one place where topics are defined. A topic is reported when one of its
keywords occurs in the answer, whatever the sentiment; ``Analysis.topics`` lists the topics of
the most negative clauses first, so ``topics[0]`` is what the customer is unhappy about.

============== ===================================== ======================================
id             English                               中文
============== ===================================== ======================================
wait_time      waiting, slowness, lateness, delays   等待时间、速度、拖延、迟到
price          prices, fees, quotes, value for money 价格、收费、报价、性价比
staff_attitude how staff treat the customer          人员的服务态度
work_quality   quality of the repair, service, wash  维修、保养、洗车等施工质量
communication  call-backs, updates, explanations     回电、通知、解释、沟通
facilities     lounge, parking, toilets, premises    休息区、停车、卫生间、店内环境
process        booking, paperwork, invoices, loaners 预约、手续、发票、代步车等流程
product        the vehicle or goods themselves       车辆或商品本身的质量与配置
============== ===================================== ======================================

English keywords match whole words; a trailing ``*`` matches any ending. Chinese keywords
match anywhere. A keyword listed under ``_SHADOWS`` belongs to no topic and only stops a
shorter keyword inside it from matching ("waiting room" is a facility, "快递" is not speed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Final, NamedTuple

from nlp._text import HAN_CHARACTERS


class TopicInfo(NamedTuple):
    """Human-readable description of a topic, for cards and reports."""

    en: str
    zh: str


TOPICS: Final[Mapping[str, TopicInfo]] = MappingProxyType(
    {
        "wait_time": TopicInfo("Waiting time and delays", "等待时间与拖延"),
        "price": TopicInfo("Price and charges", "价格与收费"),
        "staff_attitude": TopicInfo("Staff attitude", "服务态度"),
        "work_quality": TopicInfo("Quality of the work done", "维修与施工质量"),
        "communication": TopicInfo("Call-backs and information", "回电与沟通"),
        "facilities": TopicInfo("Facilities and premises", "店内设施与环境"),
        "process": TopicInfo("Booking, paperwork and procedures", "预约、手续与流程"),
        "product": TopicInfo("The vehicle or product itself", "车辆或产品本身"),
    }
)

_KEYWORDS: Final[dict[str, tuple[str, str]]] = {
    "wait_time": (
        "wait waits waited waiting wait time waiting time slow* quick quicker quickly fast "
        "faster fastest speed* speedy prompt promptly punctual* delay* late lateness on time "
        "in time forever took ages too long so long long time longer than later than queue* "
        "turnaround turn around hour-long efficient* in and out overdue dragged on drags on",
        "等待 等了 等着 等候 等到 等多久 等很久 等的时间 排队 慢 快 速度 效率 时间 "
        "小时 钟头 拖 拖延 迟 延迟 延误 超时 准时 按时 久 半天 一上午 一下午 "
        "一整天 磨蹭 神速 麻利 利索 尽快 及时送 送餐 配送 送达 送到",
    ),
    "price": (
        "price* pricing priced pricey cost cost* expensive inexpensive cheap* affordab* "
        "overpric* over priced overcharg* over charged charge charged charges fee fees bill "
        "bills billed billing quote quoted quotation estimate money paid pay paying refund* "
        "discount* deal deals value for money rip off ripoff ripped off dollar* bucks budget "
        "worth the money worth the price bargain $",
        "价格 价钱 价位 报价 价 贵 便宜 实惠 划算 性价比 收费 费用 费 钱 花费 优惠 折扣 打折 "
        "降价 涨价 加价 落地 裸车 首付 月供 万 元 块 坑 宰 多收 免费 退款 超值 不值 物超所值",
    ),
    "staff_attitude": (
        "staff staffer* employee* salesman salesmen salesperson salespeople saleswoman "
        "sales rep* sales guy sales team sales staff sales manager seller advisor* adviser* "
        "consultant* receptionist* reception front desk manager* rude* friendly unfriendly "
        "polite* impolite courteous* courtesy helpful unhelpful attitude* professional* "
        "unprofessional pushy arrogan* dismissive condescend* patroniz* patronis* patient "
        "patiently impatient ignor* greet* welcom* respect* disrespect* attentive caring "
        "pressur* knowledgeable honest dishonest people guy guys lady team waiter* waitress* "
        "waitstaff server servers host hostess bartender* cashier* clerk* attendant* "
        "concierge owner personnel",
        "态度 销售 顾问 前台 接待 服务员 员工 工作人员 店员 经理 客服 热情 冷淡 冷漠 爱答不理 "
        "爱理不理 不理 没人理 耐心 不耐烦 礼貌 专业 推销 脸色 傲慢 凶 骂 素质 客气 微笑 小哥 "
        "骑手 送餐员 快递员 老板 服务生 店长",
    ),
    "work_quality": (
        "repair* fix fixed fixes fixing mechanic* technician* tech workmanship work job "
        "wash washed washing car wash dirtier scratch* dent dents dented damag* still makes "
        "same noise same problem same issue came back bring it back brought it back done "
        "right right the first time sloppy shoddy botch* diagnos* inspection runs running "
        "check engine",
        "修 维修 修理 修车 修好 返修 返工 师傅 技师 技术 手艺 洗车 洗 划痕 划伤 刮花 刮伤 "
        "磕碰 弄脏 异响 检查 检测 施工 贴膜 喷漆 钣金 做得 干活 活儿",
    ),
    "communication": (
        "call calls called calling call back callback phone* phoned email* e-mail text texts "
        "texted message* update* inform* told tell explain* explanation communicat* contact* "
        "respond* response reply replied replies answer* heard back hear back follow up "
        "follow-up followed up get back got back notif* kept me posted voicemail* promised",
        "电话 回电 回复 答复 通知 告知 告诉 联系 沟通 解释 说明 短信 微信 消息 反馈 回访 打不通 "
        "没人接 占线",
    ),
    "facilities": (
        "waiting room waiting area waiting lounge lounge toilet* restroom* bathroom* "
        "washroom* parking car park parking lot coffee tea wifi wi-fi internet seating "
        "chairs sofa* showroom facilit* building premises tv snacks location",
        "休息室 休息区 停车 车位 厕所 洗手间 卫生间 环境 咖啡 茶水 饮料 座位 沙发 展厅 大厅 "
        "装修 wifi 网络 地理位置 交通",
    ),
    "process": (
        "paperwork paper work papers document* registration register registered booking* "
        "book booked appointment* schedul* reschedul* invoice* receipt* warranty claim claims "
        "insurance claim loaner* courtesy car rental check-in check in checked in checkout "
        "check-out handover hand over procedure* process processing system online website "
        "app financ* loan contract* plates license plate",
        "手续 流程 预约 上牌 牌照 车牌 发票 合同 贷款 分期 理赔 资料 材料 登记 审批 开票 办理 "
        "签字 付款 代步车 系统 排号 取号 过户 年检",
    ),
    "product": (
        "new car my new model interior exterior dashboard engine transmission gearbox "
        "brakes fuel economy fuel consumption mileage mpg features design build quality "
        "rattle* squeak* broke down breaks down breakdown defect* faulty recall parts part "
        "accessor* extras battery tyres tires",
        "新车 车型 质量 油耗 动力 操控 内饰 外观 空间 配置 座椅 发动机 变速箱 刹车 底盘 做工 "
        "用料 坏了 故障 召回 零件 配件 轮胎 电池 续航",
    ),
}

_SHADOWS: Final = (
    "waiting for a call waiting for someone what time take care work out "
    "快递 愉快 快乐 凉快 痛快 爽快 不快 价值 万一 千万 一块 块头 时间表 什么时候 修改 进修 修饰 "
    "好久不见 小时候 快餐 天长地久 长久 永久 持久 耐久 很久以前 许久以前 营业时间 开业时间 "
    "午饭时间 晚饭时间 吃饭时间 用餐时间 快车道"
)


class _Matcher:
    """Dictionary look-ups: whole words and phrases in Latin text, the longest entry first in
    Chinese text; a stem (``price*``) matches any word that starts with it."""

    def __init__(self) -> None:
        exact: dict[str, str | None] = {}
        stems: dict[str, str | None] = {}
        for topic, (english, chinese) in _KEYWORDS.items():
            for keyword in _split_english(english):
                key = _glue(keyword.rstrip("*"))
                (stems if keyword.endswith("*") else exact)[key] = topic
            for keyword in chinese.split():
                exact[keyword] = topic
        for keyword in _split_english(_SHADOWS):
            exact.setdefault(_glue(keyword), None)
        self._exact = exact
        self._stems = stems
        self._stem_lengths = sorted({len(stem) for stem in stems}, reverse=True)
        self._longest_phrase = max(len(key.split()) for key in exact if key.isascii())
        self._phrase_starts = frozenset(k.split()[0] for k in exact if " " in k)
        lengths: dict[str, set[int]] = {}
        for key in exact:
            if not key.isascii():
                lengths.setdefault(key[0], set()).add(len(key))
        self._zh_lengths = {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()}
        self._memo: dict[str, str | None] = {}

    def forget(self) -> None:
        """Drop the words seen so far (a customer asked to be forgotten)."""
        self._memo.clear()

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        words: list[tuple[str, int, int]] = []
        for match in _WORDS.finditer(text):
            if match.lastgroup == "han":
                yield from self._english(words)
                words = []
                yield from self._chinese(match.group(), match.start())
            else:
                words.append((match.group(), match.start(), match.end()))
        yield from self._english(words)

    def _english(self, words: list[tuple[str, int, int]]) -> Iterator[tuple[int, int, str]]:
        index = 0
        while index < len(words):
            word, start, _ = words[index]
            size, topic, found = 1, None, False
            if word in self._phrase_starts:
                for size in range(min(self._longest_phrase, len(words) - index), 1, -1):
                    key = " ".join(w for w, _, _ in words[index : index + size])
                    if key in self._exact:
                        topic, found = self._exact[key], True
                        break
                else:
                    size = 1
            if not found:
                topic = self._word_topic(word)
            if topic is not None:
                yield start, words[index + size - 1][2], topic
            index += size

    def _word_topic(self, word: str) -> str | None:
        """The topic of one English word, exact or by stem; remembered, since answers reuse
        a small vocabulary (the memo is bounded)."""
        memo = self._memo
        if word in memo:
            return memo[word]
        topic = self._exact.get(word)
        if topic is None and word not in self._exact:
            for length in self._stem_lengths:
                if length <= len(word) and word[:length] in self._stems:
                    topic = self._stems[word[:length]]
                    break
        if len(memo) < _MEMO_LIMIT:
            memo[word] = topic
        return topic

    def _chinese(self, run: str, offset: int) -> Iterator[tuple[int, int, str]]:
        index = 0
        while index < len(run):
            size = 1
            for length in self._zh_lengths.get(run[index], ()):
                key = run[index : index + length]
                if len(key) == length and key in self._exact:
                    size = length
                    topic = self._exact[key]
                    if topic is not None:
                        yield offset + index, offset + index + length, topic
                    break
            index += size


_MEMO_LIMIT: Final = 50_000
_WORDS: Final = re.compile(rf"(?P<han>[{HAN_CHARACTERS}]+)|(?P<word>[a-z0-9]+|\$)")


def _glue(keyword: str) -> str:
    return " ".join(keyword.replace("-", " ").split())


_PHRASES: Final = (
    "wait time",
    "waiting time",
    "on time",
    "in time",
    "took ages",
    "dragged on",
    "drags on",
    "too long",
    "so long",
    "long time",
    "longer than",
    "later than",
    "turn around",
    "in and out",
    "over priced",
    "over charged",
    "value for money",
    "rip off",
    "ripped off",
    "worth the money",
    "worth the price",
    "sales rep*",
    "sales guy",
    "sales team",
    "sales staff",
    "sales manager",
    "front desk",
    "car wash",
    "still makes",
    "same noise",
    "same problem",
    "same issue",
    "came back",
    "bring it back",
    "brought it back",
    "done right",
    "right the first time",
    "check engine",
    "call back",
    "heard back",
    "hear back",
    "follow up",
    "followed up",
    "get back",
    "got back",
    "kept me posted",
    "waiting room",
    "waiting area",
    "waiting lounge",
    "car park",
    "parking lot",
    "paper work",
    "insurance claim",
    "courtesy car",
    "check in",
    "checked in",
    "hand over",
    "license plate",
    "new car",
    "my new",
    "fuel economy",
    "fuel consumption",
    "build quality",
    "broke down",
    "breaks down",
    "waiting for a call",
    "waiting for someone",
    "what time",
    "take care",
    "work out",
)


def _split_english(words: str) -> list[str]:
    """Split a keyword list, keeping the multi-word keywords of ``_PHRASES`` whole."""
    for phrase in _PHRASES:
        words = words.replace(phrase, phrase.replace(" ", "_"))
    return [word.replace("_", " ") for word in words.split()]


_MATCHER: Final = _Matcher()


def find_topics(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, topic id) of every keyword in normalised ``text``, left to right."""
    return _MATCHER.find(text)


def forget_words() -> None:
    """Drop the words remembered while matching (a customer asked to be forgotten)."""
    _MATCHER.forget()
