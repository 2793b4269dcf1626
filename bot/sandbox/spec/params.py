"""Read a Bot API call's parameters from every body Telegram accepts.

Telegram takes parameters from the query string, a form-encoded body, a multipart body
(where file parts are uploads) or a JSON body, and merges them. Client libraries send
form or multipart bodies whose fields hold JSON text; a JSON body holds typed values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import BodyPartReader, web


@dataclass(frozen=True, slots=True)
class Upload:
    """A file part of a multipart body."""

    name: str
    file_name: str | None
    content_type: str | None
    data: bytes

    def summary(self) -> dict[str, Any]:
        return {"upload": self.name, "file_name": self.file_name, "size": len(self.data)}


@dataclass(slots=True)
class RawCall:
    """Parameters as received: strings (or JSON values from a JSON body) and uploads."""

    params: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)
    json_body: bool = False
    body_error: str | None = None

    def loggable(self) -> dict[str, Any]:
        """Parameters for the request log; uploads are summarised, not kept twice."""
        if not self.files:
            return self.params
        logged = dict(self.params)
        for name, upload in self.files.items():
            logged[name] = upload.summary()
        return logged


async def read_call(request: web.Request) -> RawCall:
    call = RawCall()
    if request.query_string:
        call.params.update(request.query.items())
    content_type = request.content_type
    if content_type == "multipart/form-data":
        await _read_multipart(request, call)
        return call
    body = await request.read()
    if not body:
        return call
    if content_type == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError:
            call.body_error = "can't parse JSON encoded request body"
            return call
        if not isinstance(decoded, dict):
            call.body_error = "JSON encoded request body must be an object"
            return call
        call.params.update(decoded)
        call.json_body = True
    elif content_type == "application/x-www-form-urlencoded":
        call.params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    else:
        call.body_error = f"unsupported Content-Type {content_type!r} of a non-empty body"
    return call


async def _read_multipart(request: web.Request, call: RawCall) -> None:
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = bytes(await part.read())
        if part.filename is not None:
            content_type = part.headers.get("Content-Type")
            call.files[part.name] = Upload(part.name, part.filename, content_type, data)
        else:
            call.params[part.name] = data.decode(part.get_charset("utf-8"), "replace")
