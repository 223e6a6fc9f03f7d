"""Single-use link tokens: handed out once, stored only as a hash.

A database dump then holds nothing that opens an invitation. SHA-256 without a salt is enough
because the token itself carries 256 random bits: there is nothing to guess.
"""

from __future__ import annotations

import hashlib
import secrets


def hash_token(token: str) -> str:
    """The hex SHA-256 of ``token``, as stored in the database."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh URL-safe token and its hash; give out the first, store the second."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)
