"""The unit of work: one transaction in which state changes and their audit events commit together."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, RootTransaction
from sqlmodel import Session

from storage.audit import AuditLog, NewEvent
from storage.db import Database
from storage.models import Document, User
from storage.repositories import (
    CalendarOverrideRepository,
    DeadlineRepository,
    DocumentRepository,
    OrganisationRepository,
    UserRepository,
)
from storage.requests import RequestRepository


class Clock(Protocol):
    """What a unit of work asks of the clock it is given: today's local date and the current UTC instant."""

    def today(self) -> date:
        """Today's date in Asia/Shanghai."""
        ...

    def now(self) -> datetime:
        """The current instant in UTC."""
        ...


class _SystemClock:
    """The machine's time, when no clock is given (tools and tests that only read)."""

    def today(self) -> date:
        return datetime.now(ZoneInfo("Asia/Shanghai")).date()

    def now(self) -> datetime:
        return datetime.now(UTC)


class UnitOfWork:
    """Opens a transaction; `commit()` makes everything staged in it durable, leaving without it rolls back."""

    connection: Connection
    session: Session
    audit: AuditLog
    users: UserRepository
    organisations: OrganisationRepository
    documents: DocumentRepository
    deadlines: DeadlineRepository
    calendar: CalendarOverrideRepository
    requests: RequestRepository

    def __init__(
        self,
        database: Database,
        *,
        clock: Clock | None = None,
        flow_run_id: str | None = None,
        readonly: bool = False,
    ) -> None:
        self.database = database
        self.clock: Clock = clock or _SystemClock()
        self.flow_run_id = flow_run_id
        self.readonly = readonly
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> UnitOfWork:
        connection = self.database.engine.connect()
        if self.readonly:
            connection = connection.execution_options(gongkai_readonly=True)
        self.connection = connection
        self._transaction = connection.begin()
        self.session = Session(bind=connection, expire_on_commit=False, autoflush=True)
        self.audit = AuditLog(connection)
        self.users = UserRepository(self.session)
        self.organisations = OrganisationRepository(self.session)
        self.documents = DocumentRepository(self.session)
        self.deadlines = DeadlineRepository(self.session)
        self.calendar = CalendarOverrideRepository(self.session)
        self.requests = RequestRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            if self._transaction is not None and self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self.session.close()
            self.connection.close()

    def record(self, event: NewEvent) -> dict[str, Any]:
        """Append an audit event to the chain inside this transaction."""
        self.session.flush()
        return self.audit.append(event, at=self.clock.now(), flow_run_id=self.flow_run_id)

    def transition(
        self,
        document: Document,
        *,
        actor: User,
        action: str,
        to_state: str | None = None,
        payload: dict[str, Any] | None = None,
        expected_version: int | None = None,
        **changes: Any,
    ) -> dict[str, Any]:
        """A document's state change and its audit event, guarded by the optimistic version check."""
        from_state = document.state
        self.documents.change(
            document, expected_version=expected_version, state=to_state or from_state, **changes
        )
        return self.record(
            NewEvent(
                actor=actor.name,
                role=actor.role,
                action=action,
                subject_type="document",
                subject_id=str(document.id),
                from_state=from_state,
                to_state=document.state,
                payload={"version": document.version, **(payload or {})},
            )
        )

    def commit(self) -> None:
        """Make the staged changes and their audit events durable together."""
        if self.readonly:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.flush()
        assert self._transaction is not None
        self._transaction.commit()
