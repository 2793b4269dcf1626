"""Where an export's bytes go: a path (opened and closed here) or a caller's stream."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import BinaryIO


def opened(target: Path | BinaryIO) -> AbstractContextManager[BinaryIO]:
    """A path opened for binary writing (and closed), or a caller's stream (left open)."""
    return target.open("wb") if isinstance(target, Path) else nullcontext(target)
