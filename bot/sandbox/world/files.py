"""Files bots and users send, kept in memory and served like Telegram's file storage.

Each upload gets a file_id (valid for re-sending and getFile) and a file_path (for
``/file/bot<token>/<file_path>``). Photos report their real size when the bytes are PNG,
GIF or JPEG.
"""

from __future__ import annotations

import itertools
import mimetypes
import secrets
import struct
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any


@dataclass(slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None
    url: str | None = None

    def as_file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


class FileStore:
    def __init__(self) -> None:
        self.by_id: dict[str, StoredFile] = {}
        self.by_path: dict[str, StoredFile] = {}
        self._numbers = itertools.count(1)

    def add(
        self,
        data: bytes,
        *,
        photo: bool,
        file_name: str | None = None,
        mime_type: str | None = None,
        url: str | None = None,
    ) -> StoredFile:
        number = next(self._numbers)
        prefix = "AgAC" if photo else "BQAC"
        file_id = f"{prefix}{number:06d}{secrets.token_urlsafe(18)}"
        if photo:
            path = f"photos/file_{number}.jpg"
        else:
            suffix = PurePosixPath(file_name or "").suffix
            path = f"documents/file_{number}{suffix}"
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=f"AQAD{number:06d}",
            file_path=path,
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            url=url,
        )
        self.by_id[file_id] = stored
        self.by_path[path] = stored
        return stored

    def get(self, file_id: str) -> StoredFile | None:
        return self.by_id.get(file_id)


def guess_mime(file_name: str | None, declared: str | None) -> str:
    """The MIME type Telegram reports: the declared one unless it is a generic stream."""
    if declared and declared.split(";", 1)[0].strip() != "application/octet-stream":
        return declared.split(";", 1)[0].strip()
    guessed, _ = mimetypes.guess_type(file_name or "")
    return guessed or "application/octet-stream"


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    width, height = image_size(stored.data)
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "width": width,
            "height": height,
        }
    ]


def document(stored: StoredFile) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    if stored.file_name:
        doc["file_name"] = stored.file_name
    if stored.mime_type:
        doc["mime_type"] = stored.mime_type
    return doc


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, GIF or JPEG; (0, 0) for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    return 0, 0


def _jpeg_size(data: bytes) -> tuple[int, int]:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return 0, 0
        marker = data[index + 1]
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return 0, 0
