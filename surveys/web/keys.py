"""Signed, single-use, expiring tokens for links, and session ids for the desk.

A token is 20 random characters followed by 16 characters of HMAC-SHA256 over its
purpose and the random part: a forged token is refused before the database is asked, and
a survey token cannot sign anyone in. The database keeps only a SHA-256 of each token, so
a copy of it opens nothing. Signatures are compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update

from surveys.storage.tables import WebToken
from surveys.storage.uow import UnitOfWork

_RANDOM_BYTES = 15
_SIGNATURE_CHARS = 16
TOKEN_LENGTH = 20 + _SIGNATURE_CHARS
SHAPE = re.compile(rf"^[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}$")


class Purpose(StrEnum):
    SURVEY = "survey"
    DESK = "desk"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def digest(secret_value: str) -> str:
    """What the database keeps of a token or a session id."""
    return hashlib.sha256(secret_value.encode()).hexdigest()


class WebKeys:
    """Mints and checks tokens with the deployment's secret."""

    def __init__(self, secret: str) -> None:
        if len(secret) < 16:
            raise ValueError("the web secret must be at least 16 characters")
        self._key = hashlib.sha256(b"web:" + secret.encode()).digest()

    def _signature(self, purpose: Purpose, body: str) -> str:
        mac = hmac.new(self._key, f"{purpose.value}:{body}".encode(), hashlib.sha256).digest()
        return _b64(mac)[:_SIGNATURE_CHARS]

    def new_token(self, purpose: Purpose) -> str:
        body = _b64(secrets.token_bytes(_RANDOM_BYTES))
        return body + self._signature(purpose, body)

    def genuine(self, token: str, purpose: Purpose) -> bool:
        """True when the token was minted here for ``purpose`` (not whether it still works)."""
        if not SHAPE.match(token):
            return False
        body, signature = token[:-_SIGNATURE_CHARS], token[-_SIGNATURE_CHARS:]
        return hmac.compare_digest(signature, self._signature(purpose, body))

    async def mint(
        self,
        uow: UnitOfWork,
        purpose: Purpose,
        now: datetime,
        valid_for: timedelta,
        *,
        delivery_id: int | None = None,
        staff_user_id: int | None = None,
    ) -> str:
        token = self.new_token(purpose)
        uow.session.add(
            WebToken(
                token_hash=digest(token),
                purpose=purpose.value,
                delivery_id=delivery_id,
                staff_user_id=staff_user_id,
                created_at=now,
                expires_at=now + valid_for,
            )
        )
        await uow.session.flush()
        return token

    async def find(
        self,
        uow: UnitOfWork,
        token: str,
        purpose: Purpose,
        now: datetime,
        *,
        allow_used: bool = False,
    ) -> WebToken | None:
        """The live row of a genuine, unexpired, unused token; None for anything else.
        ``allow_used`` lets a spent one through (a survey's last page still offers Stop)."""
        if not self.genuine(token, purpose):
            return None
        row = (
            await uow.session.execute(
                select(WebToken).where(
                    WebToken.token_hash == digest(token), WebToken.purpose == purpose.value
                )
            )
        ).scalar_one_or_none()
        if row is None or (row.used_at is not None and not allow_used) or now >= row.expires_at:
            return None
        return row

    @staticmethod
    async def spend(uow: UnitOfWork, row: WebToken, now: datetime) -> bool:
        """Use the token up; False when another request used it first."""
        spent = await uow.session.execute(
            update(WebToken)
            .where(WebToken.id == row.id, WebToken.used_at.is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(spent.rowcount == 1)  # type: ignore[attr-defined]
