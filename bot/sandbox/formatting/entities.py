"""What every parse mode produces and how: plain text plus entities, built in UTF-16 units.

Telegram words its parse errors with byte offsets into the markup, so ``byte_offset`` is
here too: each mode reports positions the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..spec.limits import text_length


class ParseError(Exception):
    """Markup Telegram cannot parse; the message follows "can't parse entities: "."""


@dataclass(slots=True)
class Formatted:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def byte_offset(src: str, index: int) -> int:
    """Where ``src[index]`` starts in UTF-8 bytes, as Telegram's error messages count."""
    return len(src[:index].encode("utf-8"))


class Builder:
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

    def pre(self, content: str) -> None:
        """A ``` block, in either Markdown: a one-word first line names its language."""
        first, newline, rest = content.partition("\n")
        language = first if newline and first and " " not in first else ""
        start = self.pos
        self.add(rest if language else content)
        self.entity("pre", start, **({"language": language} if language else {}))

    def result(self) -> Formatted:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return Formatted("".join(self.parts), self.entities)
