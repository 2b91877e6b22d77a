"""Login rules: what a password must be, and how repeated refusals slow the next attempts (pure: the time is a
parameter)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from policies.errors import BadInput

MIN_PASSWORD_LENGTH: Final = 10
MAX_PASSWORD_LENGTH: Final = 256
FREE_ATTEMPTS: Final = 3
"""Refusals in a row (per user name and client) before the next attempt must wait."""
FIRST_WAIT: Final = timedelta(seconds=2)
LONGEST_WAIT: Final = timedelta(minutes=15)
SESSION_LIFETIME: Final = timedelta(hours=10)
REFUSED: Final = "用户名或密码不正确"
"""The one message for every refused login: it never says which part was wrong, or whether the user exists."""


def validate_password(password: str) -> str:
    """The password, if long enough and free of line breaks; it is never stripped or shown."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(f"密码过短：至少 {MIN_PASSWORD_LENGTH} 个字符")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise BadInput(f"密码过长：最多 {MAX_PASSWORD_LENGTH} 个字符")
    if any(ch in password for ch in "\r\n\x00"):
        raise BadInput("密码不能含换行或空字符")
    if not password.strip():
        raise BadInput("密码不能只由空白组成")
    return password


def wait_after(failures: int) -> timedelta:
    """How long after the last refusal the next attempt must wait: nothing for the first few, then doubling."""
    if failures < FREE_ATTEMPTS:
        return timedelta(0)
    doublings = min(failures - FREE_ATTEMPTS, 20)
    return min(FIRST_WAIT * (2**doublings), LONGEST_WAIT)


def retry_at(failures: int, last_failed_at: datetime) -> datetime:
    """The first instant at which another attempt is heard."""
    return last_failed_at + wait_after(failures)


def wait_message(now: datetime, until: datetime) -> str:
    """The refusal while attempts are slowed down: how many seconds to wait (the same whether the user exists)."""
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    return f"登录失败次数过多，请 {seconds} 秒后再试"
