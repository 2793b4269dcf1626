"""Deep-link tokens that connect a chat to an imported customer.

A token names the imported customer id and is signed with the deployment's
secret, so nobody can link themselves to someone else's record by guessing.
It fits Telegram's start parameter: at most 64 characters of ``A-Za-z0-9_-``.

Layout: ``"a"`` + base64url(customer id) + 16 characters of HMAC-SHA256, for a
customer whose links were never revoked (version 0: every receipt printed before versions
existed keeps working); ``"b"`` + base64url(customer id, NUL, version) + the signature
after ``surveybot link --revoke`` moved the customer's version on, which invalidates every
earlier token. Customer ids longer than 35 bytes (a little less with a version) do not
fit; :meth:`LinkTokens.issue` raises for them rather than issue a token Telegram would cut
short.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_TOKEN_LENGTH = 64
_VERSION = "a"
_VERSIONED = "b"
_SIGNATURE_CHARS = 16


class TokenTooLong(ValueError):
    """The customer id is too long to fit in a Telegram start parameter."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class LinkTokens:
    def __init__(self, secret: str) -> None:
        if len(secret) < 16:
            raise ValueError("the link secret must be at least 16 characters")
        self._key = secret.encode()

    def _signature(self, payload: bytes) -> str:
        digest = hmac.new(self._key, b"link:" + payload, hashlib.sha256).digest()
        return _b64(digest)[:_SIGNATURE_CHARS]

    def pseudonym(self, user_id: int) -> str:
        """A stable stand-in for a Telegram user id, keyed by the same secret: the audit log
        keeps it when the person is forgotten, so their earlier attempts stay linked to each
        other (and to them, by whoever holds the secret and their id) without naming them."""
        return hmac.new(self._key, b"audit-actor:%d" % user_id, hashlib.sha256).hexdigest()

    def issue(self, customer_id: str, version: int = 0) -> str:
        payload = customer_id.encode()
        if version:
            payload += b"\x00" + str(version).encode()
        token = (_VERSIONED if version else _VERSION) + _b64(payload) + self._signature(payload)
        if len(token) > MAX_TOKEN_LENGTH:
            raise TokenTooLong(
                f"customer id {customer_id!r} is too long for a deep link (at most 35 bytes)"
            )
        return token

    def claim(self, token: str) -> LinkClaim | None:
        """The customer id and link version a genuine token names, or None for anything
        else."""
        if not TOKEN_PATTERN.match(token) or token[:1] not in (_VERSION, _VERSIONED):
            return None
        body, signature = token[1:-_SIGNATURE_CHARS], token[-_SIGNATURE_CHARS:]
        if not body:
            return None
        try:
            payload = _unb64(body)
        except (binascii.Error, ValueError):
            return None
        if _b64(payload) != body:
            return None
        if not hmac.compare_digest(signature, self._signature(payload)):
            return None
        version = 0
        if token[0] == _VERSIONED:
            payload, _, number = payload.rpartition(b"\x00")
            if not number.isdigit() or not payload:
                return None
            version = int(number)
        try:
            return LinkClaim(payload.decode(), version)
        except UnicodeDecodeError:
            return None

    def read(self, token: str) -> str | None:
        """The customer id a genuine token names, or None for anything else."""
        found = self.claim(token)
        return None if found is None else found.customer_id


@dataclass(frozen=True, slots=True)
class LinkClaim:
    """What a genuine token says: whose it is, and of which link version."""

    customer_id: str
    version: int


def deep_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username.lstrip('@')}?start={token}"
