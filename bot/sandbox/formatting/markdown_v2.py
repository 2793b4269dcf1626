"""``parse_mode=MarkdownV2``: markers, links, code, block quotes and the reserved characters.

Every reserved character outside an entity must be escaped with ``\\``; one that is not is
refused with Telegram's "is reserved and must be escaped" wording.
"""

from __future__ import annotations

from .entities import Builder, Formatted, ParseError, byte_offset

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
    return ParseError(f"Can't find end of {name} entity at byte offset {byte_offset(src, index)}")


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


def parse_markdown_v2(src: str) -> Formatted:
    out = Builder()
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
            if fence == "```":
                out.pre(content)
            else:
                start = out.pos
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
