"""Legacy ``parse_mode=Markdown``: bold, italic, code, pre and links, with no nesting.

Only ``_ * ` [`` can be escaped; an entity that is not closed is refused.
"""

from __future__ import annotations

from .entities import Builder, Formatted, ParseError, byte_offset

_LEGACY = {"*": "bold", "_": "italic", "`": "code"}


def parse_markdown(src: str) -> Formatted:
    out = Builder()
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
            out.pre(src[index + 3 : end])
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
        f"Can't find end of the entity starting at byte offset {byte_offset(src, index)}"
    )
