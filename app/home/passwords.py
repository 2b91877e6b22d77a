"""Passwords at rest: argon2id through argon2-cffi (its recommended parameters); never stored or shown in clear."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("gongkai: a hash to spend the same time on when there is no user")


def hash_password(password: str) -> str:
    """The argon2id hash (with its salt and parameters) to store."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether the password matches; with nothing stored it still spends a hash's time, so timing tells nothing."""
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether the stored hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored)
