"""Choosing the text encoding of a CSV file.

Without an explicit encoding: a byte order mark decides (UTF-8 or UTF-16); otherwise the whole
file must decode as strict UTF-8, and if it does not, as GB18030 (what Chinese dealership
systems and Excel on Chinese Windows export). The file is read once in chunks for this, so a
Chinese name far down an otherwise ASCII file is not misread, and memory stays flat.
An explicit encoding is checked the same way, so a decoding error never appears mid-import.
"""

from __future__ import annotations

import codecs
import io
from typing import BinaryIO

from surveys.importing.records import ImportFileError

CHUNK_SIZE = 1 << 20
_BINARY_PROBE = 1 << 16


def detect_encoding(stream: BinaryIO, requested: str | None = None) -> str:
    """The codec name to read ``stream`` with; leaves the stream at its start."""
    stream.seek(0)
    probe = stream.read(_BINARY_PROBE)
    has_utf16_bom = probe.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if requested is not None:
        name = _text_codec(requested)
        if name == "utf-8" and probe.startswith(codecs.BOM_UTF8):
            requested = "utf-8-sig"
        candidates: tuple[str, ...] = (requested,)
    elif probe.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif has_utf16_bom:
        candidates = ("utf-16",)
    else:
        if b"\x00" in probe:
            raise ImportFileError("file_binary")
        candidates = ("utf-8", "gb18030")
    problems = []
    for candidate in candidates:
        position = first_undecodable_byte(stream, candidate)
        if position is None:
            return candidate
        problems.append(f"invalid {codecs.lookup(candidate).name} at byte {position}")
    names = " or ".join(codecs.lookup(candidate).name.upper() for candidate in candidates)
    raise ImportFileError("file_not_text", encodings=names, reason="; ".join(problems))


def first_undecodable_byte(stream: BinaryIO, encoding: str) -> int | None:
    """Offset of the first byte that ``encoding`` cannot decode, or None if all of it decodes.

    Leaves the stream at its start.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    stream.seek(0)
    offset = 0
    try:
        while chunk := stream.read(CHUNK_SIZE):
            # exc.start counts from the bytes the decoder still held from the last chunk.
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return offset - pending + max(exc.start, 0)
            offset += len(chunk)
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return offset - pending + max(exc.start, 0)
        return None
    finally:
        stream.seek(0)


def _text_codec(requested: str) -> str:
    try:
        name = codecs.lookup(requested).name
        io.TextIOWrapper(io.BytesIO(), encoding=requested).detach()
    except LookupError:
        raise ImportFileError("file_unknown_encoding", name=requested) from None
    return name
