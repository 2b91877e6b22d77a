"""API tokens: shown once when issued, kept only as a SHA-256 digest at rest."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "gk_"


def new_token() -> str:
    """A fresh random token for a user."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored for a token: its SHA-256 (tokens are random, so a plain digest suffices)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
