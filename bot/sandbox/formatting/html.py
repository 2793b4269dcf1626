"""``parse_mode=HTML``: the tags Telegram supports, its entity escapes, its error wording.

Tags must nest and close; unknown tags, a ``span`` without ``class="tg-spoiler"`` and stray
end tags are refused as Telegram refuses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .entities import Builder, Formatted, ParseError, byte_offset

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
            raise ParseError(f"Unclosed start tag at byte offset {byte_offset(src, tag_start)}")
        if src[index] == ">":
            return attrs, index + 1
        if src.startswith("/>", index):
            return attrs, index + 2
        match = _ATTRIBUTE.match(src, index)
        if match is None or match.end() == index:
            raise ParseError(
                f"Expected equal sign in declaration of an attribute of the tag at byte offset "
                f"{byte_offset(src, tag_start)}"
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


def _close_html_tag(out: Builder, tag: _OpenTag, stack: list[_OpenTag]) -> None:
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


def parse_html(src: str) -> Formatted:
    out = Builder()
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
                raise ParseError(f"Unclosed end tag at byte offset {byte_offset(src, lt)}")
            name = src[lt + 2 : gt].strip().lower()
            if not stack:
                raise ParseError(f"Unexpected end tag at byte offset {byte_offset(src, lt)}")
            tag = stack.pop()
            if tag.name != name:
                raise ParseError(
                    f"Unmatched end tag at byte offset {byte_offset(src, lt)}, "
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
                f'Unsupported start tag "{name}" at byte offset {byte_offset(src, lt)}'
            )
        attrs, index = _html_tag_attributes(src, end, lt)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise ParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(src, lt)}'
            )
        stack.append(_OpenTag(name, out.pos, attrs))
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return out.result()
