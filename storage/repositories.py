"""Repositories: load and stage rows inside a unit of work. They never commit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

from sqlalchemy import update
from sqlmodel import Session, col, select

from policies.errors import BadInput, Conflict, NotFound
from storage.models import (
    CalendarOverrideRecord,
    DeadlineRecord,
    Department,
    DisclosureRequest,
    Document,
    Organisation,
    User,
    utc_now,
)


class DeadlineLike(Protocol):
    """What a computed deadline (policies.deadlines.Deadline) gives storage."""

    @property
    def kind(self) -> Any: ...
    @property
    def due(self) -> date: ...
    @property
    def rule(self) -> str: ...
    @property
    def rule_text(self) -> str: ...
    @property
    def computed_from(self) -> date: ...
    @property
    def provisional(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...


Versioned = TypeVar("Versioned", Document, DisclosureRequest)


def change_versioned(
    session: Session, row: Versioned, expected_version: int | None, conflict: Callable[[int], str], **values: Any
) -> Versioned:
    """The optimistic version check every guarded change goes through: update only the version the caller saw,
    bump it, and raise Conflict (with the caller's message) when someone else changed the row first."""
    model = type(row)
    version = row.version if expected_version is None else expected_version
    result = session.execute(
        update(model)
        .where(col(model.id) == row.id, col(model.version) == version)
        .values(version=version + 1, updated_at=utc_now(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(conflict(version))
    session.refresh(row)
    return row


class UserRepository:
    """Users by name."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, name: str, role: str, department_id: int | None = None) -> User:
        """Stage a new user; a taken name is refused."""
        if self.find(name) is not None:
            raise BadInput(f"用户 {name} 已存在")
        user = User(name=name, role=role, department_id=department_id)
        self.session.add(user)
        self.session.flush()
        return user

    def find(self, name: str) -> User | None:
        """The user with this name, if any."""
        return self.session.exec(select(User).where(User.name == name)).first()

    def get(self, name: str) -> User:
        """The active user with this name, or NotFound."""
        user = self.find(name)
        if user is None or not user.active:
            raise NotFound(f"用户 {name} 不存在")
        return user

    def by_id(self, user_id: int) -> User:
        """The user with this id, or NotFound."""
        user = self.session.get(User, user_id)
        if user is None:
            raise NotFound(f"用户 #{user_id} 不存在")
        return user

    def by_token_digest(self, digest: str) -> User | None:
        """The active user holding the token with this digest."""
        return self.session.exec(select(User).where(User.token_hash == digest, User.active == True)).first()  # noqa: E712

    def list(self) -> Sequence[User]:
        """Every user, by name."""
        return self.session.exec(select(User).order_by(User.name)).all()


class OrganisationRepository:
    """Organisations and their departments."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def default(self) -> Organisation | None:
        """The first organisation: an embedded install serves one organ."""
        return self.session.exec(select(Organisation).order_by(Organisation.id)).first()  # type: ignore[arg-type]

    def ensure(self, *, code: str, name: str, kind: str = "department") -> Organisation:
        """The organisation with this code, created when missing."""
        found = self.session.exec(select(Organisation).where(Organisation.code == code)).first()
        if found is not None:
            return found
        organisation = Organisation(code=code, name=name, kind=kind)
        self.session.add(organisation)
        self.session.flush()
        return organisation

    def department(self, organisation_id: int, name: str) -> Department:
        """The department with this name, created when missing."""
        found = self.session.exec(
            select(Department).where(Department.organisation_id == organisation_id, Department.name == name)
        ).first()
        if found is not None:
            return found
        department = Department(organisation_id=organisation_id, name=name)
        self.session.add(department)
        self.session.flush()
        return department


class DocumentRepository:
    """Documents; every change goes through `change`, which checks the version first."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, document: Document) -> Document:
        """Stage a new document and give it its id."""
        self.session.add(document)
        self.session.flush()
        return document

    def get(self, document_id: int) -> Document:
        """The document with this id, or NotFound."""
        document = self.session.get(Document, document_id)
        if document is None:
            raise NotFound(f"公文 {document_id} 不存在")
        return document

    def change(self, document: Document, *, expected_version: int | None = None, **values: Any) -> Document:
        """Apply changes if nobody changed the document since `expected_version`; raises Conflict otherwise."""
        return change_versioned(
            self.session, document, expected_version,
            lambda seen: f"公文 {document.id} 已被他人修改（你看到的是第 {seen} 版），请刷新后重试",
            **values,
        )  # fmt: skip


class DeadlineRepository:
    """Deadlines of documents and requests; superseded ones are kept, inactive, for the record."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, subject_type: str, subject_id: int, deadline: DeadlineLike) -> DeadlineRecord:
        """Store a computed deadline with its rule and how it was computed."""
        record = DeadlineRecord(
            subject_type=subject_type,
            subject_id=subject_id,
            kind=str(deadline.kind),
            due=deadline.due,
            rule=deadline.rule,
            rule_text=deadline.rule_text,
            computed_from=deadline.computed_from,
            basis=deadline.to_dict(),
            provisional=deadline.provisional,
        )
        self.session.add(record)
        self.session.flush()
        return record

    def active_for(self, subject_type: str, subject_id: int) -> Sequence[DeadlineRecord]:
        """The deadlines in force for one subject, soonest first."""
        return self.session.exec(
            select(DeadlineRecord)
            .where(
                DeadlineRecord.subject_type == subject_type,
                DeadlineRecord.subject_id == subject_id,
                DeadlineRecord.active == True,  # noqa: E712
            )
            .order_by(DeadlineRecord.due)  # type: ignore[arg-type]
        ).all()

    def history_for(self, subject_type: str, subject_id: int) -> Sequence[DeadlineRecord]:
        """Every deadline a subject ever had, in the order they were set."""
        return self.session.exec(
            select(DeadlineRecord)
            .where(DeadlineRecord.subject_type == subject_type, DeadlineRecord.subject_id == subject_id)
            .order_by(DeadlineRecord.id)  # type: ignore[arg-type]
        ).all()

    def supersede(self, subject_type: str, subject_id: int, kind: str) -> list[DeadlineRecord]:
        """Deactivate the subject's deadlines of one kind (a change restarts or moves the clock)."""
        found = [d for d in self.active_for(subject_type, subject_id) if d.kind == kind]
        for record in found:
            record.active = False
            self.session.add(record)
        self.session.flush()
        return found

    def meet(self, subject_type: str, subject_id: int, kind: str, on: date) -> DeadlineRecord | None:
        """Record that the subject's active deadline of this kind was met on a date."""
        for record in self.active_for(subject_type, subject_id):
            if record.kind == kind and record.met_on is None:
                record.met_on = on
                self.session.add(record)
                self.session.flush()
                return record
        return None


class CalendarOverrideRepository:
    """Local calendar arrangements."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> Sequence[CalendarOverrideRecord]:
        """Every override, by date."""
        return self.session.exec(select(CalendarOverrideRecord).order_by(CalendarOverrideRecord.day)).all()  # type: ignore[arg-type]

    def put(self, *, day: date, working: bool, name: str) -> CalendarOverrideRecord:
        """Set the override for a day, replacing any earlier one."""
        record = self.session.get(CalendarOverrideRecord, day) or CalendarOverrideRecord(
            day=day, working=working, name=name
        )
        record.working, record.name = working, name
        self.session.add(record)
        self.session.flush()
        return record

    def remove(self, day: date) -> None:
        """Drop the override for a day, or NotFound."""
        record = self.session.get(CalendarOverrideRecord, day)
        if record is None:
            raise NotFound(f"{day.isoformat()} 没有本地日历调整")
        self.session.delete(record)
        self.session.flush()
