"""Telegram text formatting: ``parse_mode`` markup to plain text plus entities, and the
entities Telegram marks in what users type.

The limits on text and captions apply "after entities parsing", so the sandbox must parse
the markup to measure it; and a bot that forgets to escape a "." in MarkdownV2 or sends a
``<br>`` in HTML is refused by Telegram, so it is refused here with Telegram's wording.
Entity offsets and lengths are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .limits import text_length


class ParseError(Exception):
    """Markup Telegram cannot parse; the message follows "can't parse entities: "."""


@dataclass(slots=True)
class Formatted:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8"))


class _Builder:
    """Accumulates plain text and entities, tracking the UTF-16 position."""

    __slots__ = ("entities", "parts", "pos")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.entities: list[dict[str, Any]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += text_length(text)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.pos > start:
            self.entities.append(
                {"type": kind, "offset": start, "length": self.pos - start, **extra}
            )

    def result(self) -> Formatted:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return Formatted("".join(self.parts), self.entities)


def parse(text: str, parse_mode: str | None) -> Formatted:
    """Plain text and entities for ``text`` sent with ``parse_mode`` (None: as is)."""
    if not parse_mode:
        return Formatted(text)
    mode = parse_mode.lower()
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return _parse_markdown(text)
    raise ValueError(parse_mode)


# --- HTML -------------------------------------------------------------------------------

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
    "tg-time": "date_time",
}
_HTML_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ATTRIBUTE = re.compile(r"""\s*([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


@dataclass(slots=True)
class _OpenTag:
    name: str
    start: int
    attrs: dict[str, str]


def _html_tag_attributes(src: str, index: int, tag_start: int) -> tuple[dict[str, str], int]:
    """Attributes of a start tag from ``index``; returns them and the index after ``>``."""
    attrs: dict[str, str] = {}
    while True:
        while index < len(src) and src[index].isspace():
            index += 1
        if index >= len(src):
            raise ParseError(f"Unclosed start tag at byte offset {_byte_offset(src, tag_start)}")
        if src[index] == ">":
            return attrs, index + 1
        if src.startswith("/>", index):
            return attrs, index + 2
        match = _ATTRIBUTE.match(src, index)
        if match is None or match.end() == index:
            raise ParseError(
                f"Expected equal sign in declaration of an attribute of the tag at byte offset "
                f"{_byte_offset(src, tag_start)}"
            )
        value = next((v for v in match.groups()[1:] if v is not None), "")
        attrs[match[1].lower()] = _unescape_html(value)
        index = match.end()


def _unescape_html(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match[1]:
            return _NAMED[match[1]]
        code = int(match[2]) if match[2] else int(match[3], 16)
        return chr(code) if 0 < code <= 0x10FFFF else match[0]

    return _HTML_ENTITY.sub(replace, text) if "&" in text else text


def _close_html_tag(out: _Builder, tag: _OpenTag, stack: list[_OpenTag]) -> None:
    kind = _HTML_TAGS[tag.name]
    attrs = tag.attrs
    if tag.name == "a":
        href = attrs.get("href", "")
        user = re.fullmatch(r"tg://user\?id=(\d+)", href)
        if user:
            out.entity("text_mention", tag.start, user={"id": int(user[1])})
        elif href:
            out.entity("text_link", tag.start, url=href)
    elif tag.name == "code" and stack and stack[-1].name == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-"):
            stack[-1].attrs["language"] = language[len("language-") :]
        else:
            out.entity("code", tag.start)
    elif tag.name == "pre":
        extra = {"language": attrs["language"]} if attrs.get("language") else {}
        out.entity("pre", tag.start, **extra)
    elif tag.name == "blockquote":
        out.entity("expandable_blockquote" if "expandable" in attrs else "blockquote", tag.start)
    elif tag.name == "tg-emoji":
        out.entity(kind, tag.start, custom_emoji_id=attrs.get("emoji-id", ""))
    elif tag.name == "tg-time":
        extra = {"date_time_format": attrs["format"]} if "format" in attrs else {}
        out.entity(kind, tag.start, unix_time=int(attrs.get("unix", "0") or 0), **extra)
    else:
        out.entity(kind, tag.start)


def _parse_html(src: str) -> Formatted:
    out = _Builder()
    stack: list[_OpenTag] = []
    index = 0
    while index < len(src):
        lt = src.find("<", index)
        chunk = src[index : lt if lt >= 0 else len(src)]
        if chunk:
            out.add(_unescape_html(chunk))
        if lt < 0:
            break
        if src.startswith("</", lt):
            gt = src.find(">", lt)
            if gt < 0:
                raise ParseError(f"Unclosed end tag at byte offset {_byte_offset(src, lt)}")
            name = src[lt + 2 : gt].strip().lower()
            if not stack:
                raise ParseError(f"Unexpected end tag at byte offset {_byte_offset(src, lt)}")
            tag = stack.pop()
            if tag.name != name:
                raise ParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(src, lt)}, "
                    f'expected "</{tag.name}>", found "</{name}>"'
                )
            _close_html_tag(out, tag, stack)
            index = gt + 1
            continue
        end = lt + 1
        while end < len(src) and not src[end].isspace() and src[end] != ">":
            end += 1
        name = src[lt + 1 : end].lower()
        if name not in _HTML_TAGS:
            raise ParseError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(src, lt)}'
            )
        attrs, index = _html_tag_attributes(src, end, lt)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise ParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(src, lt)}'
            )
        stack.append(_OpenTag(name, out.pos, attrs))
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return out.result()


# --- MarkdownV2 -------------------------------------------------------------------------

_RESERVED_V2 = frozenset("_*[]()~`>#+-=|{}.!")
_V2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def _reserved(src: str, index: int) -> ParseError:
    return ParseError(
        f"Character '{src[index]}' is reserved and must be escaped with the preceding '\\'"
    )


def _v2_unclosed(src: str, kind: str, index: int) -> ParseError:
    name = _V2_NAMES.get(kind, kind)
    return ParseError(f"Can't find end of {name} entity at byte offset {_byte_offset(src, index)}")


def _v2_read_until(src: str, index: int, stop: str) -> tuple[str, int] | None:
    """Text up to an unescaped ``stop`` (inside code, pre and link URLs only ``\\`` escapes)."""
    parts: list[str] = []
    while index < len(src):
        if src[index] == "\\" and index + 1 < len(src):
            parts.append(src[index + 1])
            index += 2
            continue
        if src.startswith(stop, index):
            return "".join(parts), index + len(stop)
        parts.append(src[index])
        index += 1
    return None


def _parse_markdown_v2(src: str) -> Formatted:
    out = _Builder()
    stack: list[tuple[str, int, int]] = []  # (entity type, utf-16 start, source index)
    quote_start: int | None = None
    line_start = True
    index = 0
    while index < len(src):
        ch = src[index]
        if line_start:
            line_start = False
            if ch == ">":
                if quote_start is None:
                    quote_start = out.pos
                index += 1
                continue
            if quote_start is not None:
                out.entity("blockquote", quote_start)
                quote_start = None
        if ch == "\\" and index + 1 < len(src) and 0 < ord(src[index + 1]) < 127:
            out.add(src[index + 1])
            index += 2
            continue
        if ch == "\n":
            if quote_start is not None and not src.startswith(">", index + 1):
                out.entity("blockquote", quote_start)
                quote_start = None
            out.add(ch)
            line_start = True
            index += 1
            continue
        if ch not in _RESERVED_V2:
            out.add(ch)
            index += 1
            continue
        if ch == "`":
            fence = "```" if src.startswith("```", index) else "`"
            body = _v2_read_until(src, index + len(fence), fence)
            if body is None:
                raise _v2_unclosed(src, "Pre" if fence == "```" else "Code", index)
            content, after = body
            start = out.pos
            if fence == "```":
                first, newline, rest = content.partition("\n")
                language = first if newline and first and " " not in first else ""
                out.add(rest if language else content)
                out.entity("pre", start, **({"language": language} if language else {}))
            else:
                out.add(content)
                out.entity("code", start)
            index = after
            continue
        if ch == "!" and src.startswith("[", index + 1):
            stack.append(("custom_emoji", out.pos, index))
            index += 2
            continue
        if ch == "[":
            stack.append(("text_link", out.pos, index))
            index += 1
            continue
        if ch == "]":
            if not stack or stack[-1][0] not in ("text_link", "custom_emoji"):
                raise _reserved(src, index)
            kind, start, opened = stack.pop()
            index += 1
            url = ""
            if src.startswith("(", index):
                body = _v2_read_until(src, index + 1, ")")
                if body is None:
                    raise _v2_unclosed(src, kind, opened)
                url, index = body
            if kind == "custom_emoji":
                emoji_id = url.partition("id=")[2]
                out.entity("custom_emoji", start, custom_emoji_id=emoji_id)
            elif url:
                out.entity("text_link", start, url=url)
            continue
        marker = _v2_marker(src, index)
        if marker is None:
            raise _reserved(src, index)
        kind, width = marker
        if stack and stack[-1][0] == kind:
            _, start, _ = stack.pop()
            out.entity(kind, start)
        elif any(open_kind == kind for open_kind, _, _ in stack):
            opened = next(i for k, _, i in stack if k == kind)
            raise _v2_unclosed(src, kind, opened)
        else:
            stack.append((kind, out.pos, index))
        index += width
    if stack:
        kind, _, opened = stack[-1]
        raise _v2_unclosed(src, kind, opened)
    if quote_start is not None:
        out.entity("blockquote", quote_start)
    return out.result()


def _v2_marker(src: str, index: int) -> tuple[str, int] | None:
    ch = src[index]
    if ch == "*":
        return "bold", 1
    if ch == "_":
        return ("underline", 2) if src.startswith("__", index) else ("italic", 1)
    if ch == "~":
        return "strikethrough", 1
    if ch == "|" and src.startswith("||", index):
        return "spoiler", 2
    return None


# --- legacy Markdown --------------------------------------------------------------------

_LEGACY = {"*": "bold", "_": "italic", "`": "code"}


def _parse_markdown(src: str) -> Formatted:
    out = _Builder()
    index = 0
    while index < len(src):
        ch = src[index]
        if ch == "\\" and index + 1 < len(src) and src[index + 1] in "_*`[":
            out.add(src[index + 1])
            index += 2
            continue
        if src.startswith("```", index):
            end = src.find("```", index + 3)
            if end < 0:
                raise _legacy_unclosed(src, index)
            content = src[index + 3 : end]
            first, newline, rest = content.partition("\n")
            language = first if newline and first and " " not in first else ""
            start = out.pos
            out.add(rest if language else content)
            out.entity("pre", start, **({"language": language} if language else {}))
            index = end + 3
            continue
        if ch in _LEGACY:
            end = src.find(ch, index + 1)
            if end < 0:
                raise _legacy_unclosed(src, index)
            start = out.pos
            out.add(src[index + 1 : end])
            out.entity(_LEGACY[ch], start)
            index = end + 1
            continue
        if ch == "[":
            end = src.find("]", index + 1)
            if end < 0:
                raise _legacy_unclosed(src, index)
            start = out.pos
            out.add(src[index + 1 : end])
            index = end + 1
            if src.startswith("(", index):
                close = src.find(")", index)
                if close < 0:
                    raise _legacy_unclosed(src, index)
                out.entity("text_link", start, url=src[index + 1 : close])
                index = close + 1
            continue
        out.add(ch)
        index += 1
    return out.result()


def _legacy_unclosed(src: str, index: int) -> ParseError:
    return ParseError(
        f"Can't find end of the entity starting at byte offset {_byte_offset(src, index)}"
    )


# --- what Telegram marks in users' messages -------------------------------------------

_DETECTED = re.compile(
    r"(?P<bot_command>(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/]))"
    r"|(?P<url>\bhttps?://[^\s]+[^\s.,;:!?)\]'\"])"
    r"|(?P<mention>(?<![\w@])@[A-Za-z0-9_]{5,32}\b)"
    r"|(?P<hashtag>(?<![\w#])#\w*[^\W\d]\w*)"
)


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Entities a Telegram client gets for plain ``text`` a user typed.

    Commands (``/start``, ``/start@bot``), URLs, @mentions and #hashtags are marked, as
    Telegram does; phone numbers, e-mails and bare domain names are not (a simplification).
    """
    entities: list[dict[str, Any]] = []
    for match in _DETECTED.finditer(text):
        kind = match.lastgroup or "url"
        start = text_length(text[: match.start()])
        entities.append({"type": kind, "offset": start, "length": text_length(match[0])})
    return entities
