"""Printing the demo's conversations so a person can follow them."""

from __future__ import annotations

import unicodedata
from typing import TextIO

from bot.demo.simulated import Conversation

WIDTH = 78
LABEL = 14


def display_width(text: str) -> int:
    """Columns a terminal uses for ``text`` (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _right(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text


def print_transcript(out: TextIO, conversations: list[Conversation]) -> None:
    for conversation in conversations:
        persona = conversation.persona
        title = conversation.title or (
            f" {persona.name} ({persona.language}, {persona.event} at {persona.branch}; "
            f"{conversation.outcome}) "
        )
        out.write("\n──" + title + "─" * max(2, WIDTH - display_width(title) - 2) + "\n")
        for speaker, text in conversation.lines:
            lines = text.splitlines() or [""]
            label = "bot" if speaker == "bot" else speaker
            out.write(f"{_right(label, LABEL)} │ {lines[0]}\n")
            for line in lines[1:]:
                out.write(f"{'':>{LABEL}} │ {line}\n")
    out.flush()
