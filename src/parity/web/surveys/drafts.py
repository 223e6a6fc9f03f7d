"""Unfinished answers, sealed with a key that only the respondent's link holds.

A draft sits on the invitation row, beside the e-mail address it was sent to. Stored in clear,
anyone who can read the database (an administrator, a backup, a dump) could read what Ann has
written so far. So the draft is encrypted (Fernet: AES-128-CBC with an HMAC-SHA256 tag) with a
key derived from the link's token and the installation's secret key. The database keeps only the
token's SHA-256, from which the key cannot be computed; the link itself is never logged
(:mod:`parity.web.logmask`). A draft that cannot be opened (a changed secret key, a damaged row)
reads as empty: the respondent starts again, and nothing else is at stake.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

_CONTEXT = b"parity-draft-v1\x00"


def _box(token: str) -> Fernet:
    secret = str(settings.SECRET_KEY).encode("utf-8")
    key = hmac.new(secret, _CONTEXT + token.encode("utf-8"), hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(token: str, draft: dict[str, Any]) -> str:
    """The draft as stored: ciphertext, or an empty string for an empty draft."""
    if not draft:
        return ""
    plain = json.dumps(draft, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return _box(token).encrypt(plain).decode("ascii")


def unseal(token: str, sealed: str) -> dict[str, Any]:
    """The stored draft in clear; empty when there is none or it cannot be opened."""
    if not sealed:
        return {}
    try:
        plain = _box(token).decrypt(sealed.encode("ascii"))
    except (InvalidToken, ValueError):
        return {}
    value = json.loads(plain)
    return value if isinstance(value, dict) else {}
