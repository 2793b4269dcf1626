"""Telegram text formatting: ``parse_mode`` markup to plain text plus entities, and the
entities Telegram marks in what users type.

The limits on text and captions apply "after entities parsing", so the sandbox must parse
the markup to measure it; and a bot that forgets to escape a "." in MarkdownV2 or sends a
``<br>`` in HTML is refused by Telegram, so it is refused here with Telegram's wording.
Entity offsets and lengths are in UTF-16 code units, as in the Bot API.

One module per parse mode (``html``, ``markdown_v2``, legacy ``markdown``), all writing
through ``entities.Builder``; ``detected`` marks what users type. May import
``bot.sandbox.spec`` only.
"""

from __future__ import annotations

from .detected import detect_entities
from .entities import Formatted, ParseError
from .html import parse_html
from .markdown import parse_markdown
from .markdown_v2 import parse_markdown_v2

__all__ = ["Formatted", "ParseError", "detect_entities", "parse"]


def parse(text: str, parse_mode: str | None) -> Formatted:
    """Plain text and entities for ``text`` sent with ``parse_mode`` (None: as is)."""
    if not parse_mode:
        return Formatted(text)
    mode = parse_mode.lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    raise ValueError(parse_mode)
