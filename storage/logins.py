"""Browser sessions and refused logins: sessions are found by the digest of their cookie value only, end on
logout, on expiry and when their user is disabled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from storage.models import LoginFailure, LoginSession, User


def _aware(instant: datetime) -> datetime:
    """SQLite gives naive datetimes back: they were stored in UTC."""
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


class LoginRepository:
    """Sessions and the refused-attempt counters."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def open(self, *, user: User, token_hash: str, csrf_token: str, client: str, expires_at: datetime) -> LoginSession:
        """Stage a new session for the user."""
        row = LoginSession(
            token_hash=token_hash, user_id=user.id or 0, csrf_token=csrf_token, client=client[:100],
            expires_at=expires_at,
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return row

    def live(self, token_hash: str, now: datetime) -> tuple[LoginSession, User] | None:
        """The unexpired, not ended session with this digest and its active user, if any."""
        found = self.session.exec(
            select(LoginSession, User)
            .join(User, col(User.id) == LoginSession.user_id)
            .where(LoginSession.token_hash == token_hash, col(LoginSession.ended_at).is_(None), col(User.active))
        ).first()
        if found is None or _aware(found[0].expires_at) <= now:
            return None
        return found[0], found[1]

    def end(self, row: LoginSession, now: datetime) -> None:
        """End one session (logout)."""
        row.ended_at = now
        self.session.add(row)

    def end_all_for(self, user: User, now: datetime) -> int:
        """End every open session of a user (disabled, or a new password); how many were open."""
        rows: Sequence[LoginSession] = self.session.exec(
            select(LoginSession).where(LoginSession.user_id == user.id, col(LoginSession.ended_at).is_(None))
        ).all()
        for row in rows:
            self.end(row, now)
        return len(rows)

    def failures(self, username: str, client: str) -> tuple[int, datetime] | None:
        """Refusals in a row for this name from this client, and when the last was; None when there are none."""
        row = self._failure(username, client)
        return None if row is None else (row.failures, _aware(row.last_failed_at))

    def count_failure(self, username: str, client: str, now: datetime) -> int:
        """One more refusal; the count in a row. One atomic upsert, so refusals counted at the same moment by
        concurrent requests are each counted (none lost, none failing on the (name, client) key)."""
        dialect = self.session.get_bind().dialect.name
        insert_failure = postgresql_insert if dialect == "postgresql" else sqlite_insert
        statement = (
            insert_failure(LoginFailure)
            .values(username=username[:64], client=client[:100], failures=1, last_failed_at=now)
            .on_conflict_do_update(
                index_elements=["username", "client"],
                set_={"failures": col(LoginFailure.failures) + 1, "last_failed_at": now},
            )
            .returning(col(LoginFailure.failures))
        )
        return int(self.session.execute(statement).scalar_one())

    def clear_failures(self, username: str, client: str) -> None:
        """Forget the refusals after a successful login."""
        row = self._failure(username, client)
        if row is not None:
            self.session.delete(row)

    def _failure(self, username: str, client: str) -> LoginFailure | None:
        return self.session.exec(
            select(LoginFailure).where(LoginFailure.username == username[:64], LoginFailure.client == client[:100])
        ).first()
