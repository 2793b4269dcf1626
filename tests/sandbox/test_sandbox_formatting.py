"""Telegram formatting, table by table: markup to plain text and UTF-16 entities, the
errors Telegram gives for bad markup, and the entities marked in what users type."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox.formatting import ParseError, detect_entities, parse
from bot.sandbox.spec.limits import text_length


def e(kind: str, offset: int, length: int, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "offset": offset, "length": length, **extra}


HTML_LINK = '<a href="https://x.io/?a=1&amp;b=2">link</a>'
PRE = '<pre><code class="language-python">x = 1</code></pre>'
SPOILERS = '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>'
V2_ALL = r"*bold* _it_ __under__ ~s~ ||sp|| `c\`` 5\.0\!"
V2_ALL_ENTITIES = [
    e("bold", 0, 4),
    e("italic", 5, 2),
    e("underline", 8, 5),
    e("strikethrough", 14, 1),
    e("spoiler", 16, 2),
    e("code", 19, 2),
]
LEGACY_ENTITIES = [
    e("bold", 0, 1),
    e("italic", 2, 1),
    e("code", 4, 1),
    e("text_link", 6, 1, url="https://x.io"),
]


@pytest.mark.parametrize(
    ("mode", "source", "text", "entities"),
    [
        (None, "*not* parsed", "*not* parsed", []),
        ("HTML", "<b>Hi</b> &lt;you&gt; &amp; &#128512;", "Hi <you> & 😀", [e("bold", 0, 2)]),
        ("html", "<i>a<u>b</u></i>", "ab", [e("italic", 0, 2), e("underline", 1, 1)]),
        ("HTML", HTML_LINK, "link", [e("text_link", 0, 4, url="https://x.io/?a=1&b=2")]),
        (
            "HTML",
            '<a href="tg://user?id=42">A</a>',
            "A",
            [e("text_mention", 0, 1, user={"id": 42})],
        ),
        ("HTML", PRE, "x = 1", [e("pre", 0, 5, language="python")]),
        ("HTML", SPOILERS, "st", [e("spoiler", 0, 1), e("spoiler", 1, 1)]),
        ("HTML", "<blockquote expandable>q</blockquote>", "q", [e("expandable_blockquote", 0, 1)]),
        ("HTML", "😀<b>满意</b>", "😀满意", [e("bold", 2, 2)]),
        ("MarkdownV2", V2_ALL, "bold it under s sp c` 5.0!", V2_ALL_ENTITIES),
        (
            "MarkdownV2",
            r"[a](https://x.io/a\)b)",
            "a",
            [e("text_link", 0, 1, url="https://x.io/a)b")],
        ),
        ("MarkdownV2", "*a _b_ c*", "a b c", [e("bold", 0, 5), e("italic", 2, 1)]),
        ("MarkdownV2", "```py\nprint(1)\n```", "print(1)\n", [e("pre", 0, 9, language="py")]),
        ("MarkdownV2", ">quoted\n>lines\nafter", "quoted\nlines\nafter", [e("blockquote", 0, 12)]),
        ("Markdown", "*b* _i_ `c` [t](https://x.io)", "b i c t", LEGACY_ENTITIES),
        ("Markdown", r"2\*3 = 6.", "2*3 = 6.", []),
    ],
)
def test_markup_becomes_text_and_entities(
    mode: str | None, source: str, text: str, entities: list[dict[str, Any]]
) -> None:
    result = parse(source, mode)
    assert (result.text, result.entities) == (text, entities)


@pytest.mark.parametrize(
    ("mode", "source", "error"),
    [
        ("HTML", "<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("HTML", "<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found'),
        ("HTML", "a & b < c", 'Unsupported start tag "" at byte offset 6'),
        ("HTML", "line<br>next", 'Unsupported start tag "br" at byte offset 4'),
        ("HTML", "x</b>", "Unexpected end tag at byte offset 1"),
        ("HTML", '<span class="red">x</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("MarkdownV2", "Total: 5.0", "Character '.' is reserved and must be escaped with the pre"),
        ("MarkdownV2", "满意-", "Character '-' is reserved"),
        ("MarkdownV2", "*bold", "Can't find end of Bold entity at byte offset 0"),
        ("MarkdownV2", "ok `code", "Can't find end of Code entity at byte offset 3"),
        ("MarkdownV2", "a|b", "Character '|' is reserved"),
        ("Markdown", "snake_case", "Can't find end of the entity starting at byte offset 5"),
    ],
)
def test_bad_markup_is_refused_with_telegrams_words(mode: str, source: str, error: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse(source, mode)
    assert str(raised.value).startswith(error)


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("/start", [e("bot_command", 0, 6)]),
        ("/start rcpt-7f3a", [e("bot_command", 0, 6)]),
        ("/stop@surveybot_demo_bot", [e("bot_command", 0, 24)]),
        ("not/a command", []),
        ("满意 /help", [e("bot_command", 3, 5)]),
        ("😀 see https://example.com/a?b=1.", [e("url", 7, 25)]),
        ("ask @manager_ann #slow", [e("mention", 4, 12), e("hashtag", 17, 5)]),
    ],
)
def test_entities_marked_in_user_text(text: str, entities: list[dict[str, Any]]) -> None:
    assert detect_entities(text) == entities


@pytest.mark.parametrize(
    ("text", "units"), [("abc", 3), ("满意", 2), ("😀", 2), ("é", 1), ("👍🏽", 4)]
)
def test_text_is_measured_in_utf16_code_units(text: str, units: int) -> None:
    assert text_length(text) == units
