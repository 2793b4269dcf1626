"""Text clean-up and language detection. Pure functions, no data files."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

MAX_CHARS: Final = 20_000
"""Longer answers are cut here; nobody types more into a survey, and it bounds the cost."""
HAN_CHARACTERS: Final = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""What counts as a Chinese character, as a regex class body: every scanner uses this one."""


def word_set(text: str) -> frozenset[str]:
    """The space-separated words of ``text``: how the word lists of the rules are written."""
    return frozenset(text.split())


_DROP: Final[dict[int, str | None]] = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFE0E, 0xFE0F, 0xFEFF, *range(0x1F3FB, 0x1F400)]
)
_CLEAN: Final[dict[int, str | None]] = {
    **_DROP,
    **{ord(quote): "'" for quote in "’‘´"},
    **{ord(quote): '"' for quote in "“”"},
}
# Common traditional characters and their simplified forms, so that answers typed in
# Hong Kong or Taiwan reach the same Chinese lexicon ("態度很差" reads as "态度很差").
_TRADITIONAL: Final = (
    "滿態務長時間個兩這們說話電來還沒給讓對車價錢貴買賣後點麼樣覺應該經過開關問題門員氣發頭實從會為與處無變難壞紅總種質網熱換業專懶雜亂擔擾騙壓歡"
    "謝誤遲鐘場裡裏麵飯湯雞魚蝦髒臉傳聽幫導線銷費優護嗎讚評論講認識記錯單鬆緊盤飲燒邊機號碼約預續辦證險賠償貸帳標準級輛駛輪響異舊劃廠於雖卻結當盡"
    "據勁極隻歲嚴厲絕並進選遠運達週夠訴聯繫絡復覆維衛廁環區齊潔淨顧櫃臺檯闆虧騰戶隊鬧嘆濟彈簡筆紙類確靈戲擊寫讀師術檢測驗補噴鈑剎靜聲煩惱討厭噁惡"
    "騷憤傷憐貨遞鍋爛鹹涼營館飛鳥屬細緻親溫適鬱悶瘋罵謊詐漲減贈禮誠懇穩強較幾萬塊億張條項錄報額統佈況狀階層樓趕隨離際陸陳陰陽屆岡嶺島廣廳庫廢彎彙"
    "徑徵慶憑懷戀戰拋掛採揮損搖擁擇攝數斷暫曆曉東棄構槍樂權歸殘殺毀決沖溝滅漢潛瀏灣燈爭牆獨獲現產畫療盜眾禍稱窮競範築簽糧紀紋納純終組絲綁綜綠編緣"
    "練縣縮績織繳纖罰習聖聞職肅脅脫膚興舉艙藝蘇虛蟲衝製襪規視觀觸訂計訓設許診詞詢試詳誌語請諾謀謹議豐負財貧販責貼資賓賞賴贏趨跡踐躍軍軟載輔輕轉農"
    "連遊遺鄰醫釋鋪錦鍵鏡閉閒闊陣雙雲頁順須領頻顏願顯風飄餘馬駐騎驚體鬥魯鮮麗黃齒龍"
)
_SIMPLIFIED: Final = (
    "满态务长时间个两这们说话电来还没给让对车价钱贵买卖后点么样觉应该经过开关问题门员气发头实从会为与处无变难坏红总种质网热换业专懒杂乱担扰骗压欢"
    "谢误迟钟场里里面饭汤鸡鱼虾脏脸传听帮导线销费优护吗赞评论讲认识记错单松紧盘饮烧边机号码约预续办证险赔偿贷账标准级辆驶轮响异旧划厂于虽却结当尽"
    "据劲极只岁严厉绝并进选远运达周够诉联系络复复维卫厕环区齐洁净顾柜台台板亏腾户队闹叹济弹简笔纸类确灵戏击写读师术检测验补喷钣刹静声烦恼讨厌恶恶"
    "骚愤伤怜货递锅烂咸凉营馆飞鸟属细致亲温适郁闷疯骂谎诈涨减赠礼诚恳稳强较几万块亿张条项录报额统布况状阶层楼赶随离际陆陈阴阳届冈岭岛广厅库废弯汇"
    "径征庆凭怀恋战抛挂采挥损摇拥择摄数断暂历晓东弃构枪乐权归残杀毁决冲沟灭汉潜浏湾灯争墙独获现产画疗盗众祸称穷竞范筑签粮纪纹纳纯终组丝绑综绿编缘"
    "练县缩绩织缴纤罚习圣闻职肃胁脱肤兴举舱艺苏虚虫冲制袜规视观触订计训设许诊词询试详志语请诺谋谨议丰负财贫贩责贴资宾赏赖赢趋迹践跃军软载辅轻转农"
    "连游遗邻医释铺锦键镜闭闲阔阵双云页顺须领频颜愿显风飘余马驻骑惊体斗鲁鲜丽黄齿龙"
)
_TO_SIMPLIFIED: Final = str.maketrans(_TRADITIONAL, _SIMPLIFIED)
_HAS_TRADITIONAL: Final = re.compile(f"[{_TRADITIONAL}]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES: Final = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_CANNOT: Final = re.compile(r"\bcannot\b")
_CONTRACTIONS: Final = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"\bain't\b"), "is not"),
    (re.compile(r"(?<=[a-z])n't\b"), " not"),
    (re.compile(r"(?<![a-z])n't\b"), "not"),
    (re.compile(r"(?<=[a-z])'ve\b"), " have"),
)
_BARE_CONTRACTION: Final = re.compile(
    r"\b(?:(do|does|did|is|was|are|were|have|has|had|would|could|should|must|need)nt"
    r"|(wo|ca|ai)nt)\b"
)
"""Contractions typed without the apostrophe, as on a phone keyboard: "dont", "wont"."""
_BARE_FULL: Final = {"wo": "will", "ca": "can", "ai": "is"}


def _expand_bare(match: re.Match[str]) -> str:
    verb = match.group(1)
    return (verb or _BARE_FULL[match.group(2)]) + " not"


def normalize(text: str) -> str:
    """NFKC, lower case, simplified Chinese, straight quotes, no control or zero-width
    characters, "n't" and "nt" -> " not", "cannot" -> "can not", "'ve" -> " have"."""
    if not isinstance(text, str):  # callers may pass anything; never raise
        text = str(text)
    text = text[:MAX_CHARS]
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = text.translate(_CLEAN)
        if _HAS_TRADITIONAL.search(text):
            text = text.translate(_TO_SIMPLIFIED)
    text = text.lower()
    text = _CONTROL.sub(" ", text)
    if "cannot" in text:
        text = _CANNOT.sub("can not", text)
    if "'" in text:
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
    if "nt" in text:
        text = _BARE_CONTRACTION.sub(_expand_bare, text)
    return _SPACES.sub(" ", text).strip()


# --- language detection -------------------------------------------------------------------

_HAN: Final = re.compile(f"[{HAN_CHARACTERS}]")
_KANA: Final = re.compile(r"[\u3040-\u30ff]")
_HANGUL: Final = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_LATIN_WORD: Final = re.compile(r"[a-zà-ÿāăąćčďđēėęěğīıįłńňōőœřśşšţťūůűųźżžơưạ-ỹ']+")
_SCRIPTS: Final = (
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
    (re.compile(r"[\u0900-\u097f]"), "hi"),
    (re.compile(r"[\u10a0-\u10ff]"), "ka"),
    (re.compile(r"[\u0530-\u058f]"), "hy"),
)
_STOPWORDS: Final = {
    "en": "the a an and or is was were are it i you we they my our your to of in on for with "
    "not no very but this that have had has be been me so too at good bad great car service "
    "thanks thank please would could should did do does will just all nothing never ok okay "
    "staff time again back wait waited hours price nobody called",
    "fr": "le la les et est un une des du je très pas bien mais avec pour nous vous c'est été "
    "voiture merci au aux être trop rien jamais ce cette",
    "de": "der die das und ist nicht sehr ich ein eine mit auf für war aber auch gut danke "
    "schlecht es wir zu den dem nichts immer",
    "es": "el los las y es muy pero con para por que bien mal gracias fue coche una del al "
    "nada servicio",
    "it": "il lo gli e è molto ma con per che non bene grazie sono della del nulla servizio",
    "pt": "o os e é um uma muito mas com para não bem obrigado foi carro do da nada serviço",
    "nl": "de het een en niet zeer erg maar met voor ik goed dank van op dat zijn",
}
_STOPWORD_SETS: Final = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_STOPWORD_LANGUAGES: Final[dict[str, tuple[str, ...]]] = {}
for _lang, _words in _STOPWORD_SETS.items():
    for _word in _words:
        _STOPWORD_LANGUAGES[_word] = (*_STOPWORD_LANGUAGES.get(_word, ()), _lang)
_LATIN_MARKS: Final = (
    (re.compile(r"[ơưđăạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]"), "vi"),
    (re.compile(r"[ğış]"), "tr"),
    (re.compile(r"[łąęśźżń]"), "pl"),
    (re.compile(r"[ß]"), "de"),
    (re.compile(r"[ñ¿¡]"), "es"),
    (re.compile(r"[ãõ]"), "pt"),
)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the dominant language, or "und" when there is nothing to go on.

    Chinese wins over English in mixed answers when it carries at least as much text
    (one Chinese word is about 1.5 characters). Latin text is told apart by common words.
    """
    return language_of(normalize(text))


def language_of(clean: str) -> str:
    """``detect_language`` for text that is already normalised."""
    if not clean:
        return "und"
    if _KANA.search(clean):
        return "ja"
    han = len(_HAN.findall(clean))
    hangul = len(_HANGUL.findall(clean))
    if hangul > han:
        return "ko"
    words = _LATIN_WORD.findall(clean)
    if han and han / 1.5 >= len(words):
        return "zh"
    for pattern, code in _SCRIPTS:
        found = len(pattern.findall(clean))
        if found and found > len(words):
            return _refine_script(code, clean)
    if not words:
        return "zh" if han else "und"
    for pattern, code in _LATIN_MARKS:
        if pattern.search(clean):
            return code
    counts = dict.fromkeys(_STOPWORD_SETS, 0)
    for word in words[:200]:
        for lang in _STOPWORD_LANGUAGES.get(word, ()):
            counts[lang] += 1
    best = max(counts, key=lambda lang: (counts[lang], lang == "en"))
    if counts[best]:
        return best
    return "zh" if han else "und"


def _refine_script(code: str, text: str) -> str:
    if code == "ru" and re.search(r"[іїєґ]", text):
        return "uk"
    if code == "ar" and re.search(r"[پچژگ]", text):
        return "fa"
    return code
