"""Signing in and out of the web pages: a password checked against its argon2 hash, refusals slowed down per user
name and client, a session whose random id only the browser holds (the database keeps its SHA-256)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from loguru import logger

from app.home.passwords import hash_password, needs_rehash, verify_password
from app.home.runtime import Runtime
from app.home.tokens import token_digest
from policies.errors import PolicyRefusal
from policies.login import REFUSED, SESSION_LIFETIME, retry_at, wait_message
from storage.audit import NewEvent
from storage.logins import LoginRepository
from storage.models import LoginSession, User


class LoginRefused(PolicyRefusal):
    """A refused login: one message whatever was wrong (HTTP 401)."""

    http_status = 401


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A new session: the cookie value (shown to the browser only), its CSRF token, the user."""

    cookie: str
    csrf_token: str
    user: User


@dataclass(frozen=True, slots=True)
class LiveSession:
    """A request's session and its user."""

    session: LoginSession
    user: User


def new_csrf_token() -> str:
    """A random token for one form owner (a session, or a browser before it signs in)."""
    return secrets.token_urlsafe(32)


def sign_in(runtime: Runtime, *, username: str, password: str, client: str) -> SignedIn:
    """Check the password and open a session; refused (LoginRefused) alike for a wrong name, a wrong password, a
    disabled user or a user without a password, and refused without checking while earlier refusals slow it."""
    username = username.strip()[:64]
    with runtime.unit_of_work() as uow:
        logins = LoginRepository(uow.session)
        now = uow.clock.now()
        earlier = logins.failures(username, client)
        if earlier is not None and now < retry_at(*earlier):
            raise LoginRefused(wait_message(now, retry_at(*earlier)))
        user = uow.users.find(username)
        stored = user.password_hash if user is not None and user.active else None
        if user is None or not verify_password(stored, password):
            count = logins.count_failure(username, client, now)
            uow.commit()
            logger.warning(f"login refused for {username!r} from {client} ({count} in a row)")
            raise LoginRefused(REFUSED)
        if stored is not None and needs_rehash(stored):
            user.password_hash = hash_password(password)
            uow.session.add(user)
        logins.clear_failures(username, client)
        cookie, csrf = secrets.token_urlsafe(32), new_csrf_token()
        logins.open(user=user, token_hash=token_digest(cookie), csrf_token=csrf, client=client,
                    expires_at=now + SESSION_LIFETIME)  # fmt: skip
        uow.record(NewEvent(actor=user.name, role=user.role, action="login", subject_type="user",
                            subject_id=user.name, payload={"client": client}))  # fmt: skip
        uow.commit()
    return SignedIn(cookie=cookie, csrf_token=csrf, user=user)


def live_session(runtime: Runtime, cookie: str) -> LiveSession | None:
    """The open session this cookie value names, with its active user; None when ended, expired or unknown."""
    with runtime.unit_of_work(readonly=True) as uow:
        found = LoginRepository(uow.session).live(token_digest(cookie), uow.clock.now())
    return None if found is None else LiveSession(session=found[0], user=found[1])


def sign_out(runtime: Runtime, live: LiveSession) -> None:
    """End the session, audited."""
    with runtime.unit_of_work() as uow:
        row = uow.session.get(LoginSession, live.session.id)
        if row is None or row.ended_at is not None:
            return
        LoginRepository(uow.session).end(row, uow.clock.now())
        uow.record(NewEvent(actor=live.user.name, role=live.user.role, action="logout", subject_type="user",
                            subject_id=live.user.name))  # fmt: skip
        uow.commit()
