"""The requests whose reply is owed in a range of days (督查: 逾期未答复, 本周到期): one query joining each open
request to its reply deadline in force, paged with LIMIT/OFFSET, one COUNT for the total, ordered by the deadline.

The rows carry what a supervisor needs to follow a request up, never the applicant's contact (personal data).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func
from sqlmodel import col, select

from policies.calendar import WorkingDayCalendar
from policies.deadlines import DeadlineKind
from policies.request_codes import ApplicantType
from policies.request_lifecycle import RequestState
from storage.calendar import working_calendar
from storage.models import DeadlineRecord, DisclosureRequest
from storage.read.pages import PAGE_SIZE, Page
from storage.requests import SUBJECT_TYPE
from storage.uow import UnitOfWork

ANSWERED = (RequestState.REPLIED.value, RequestState.CLOSED.value)


@dataclass(frozen=True, slots=True)
class OwedReply:
    """A request whose reply is still owed: its reply deadline and how many working days it is past (or away)."""

    id: int
    subject: str
    applicant: str
    applicant_type_label: str
    state_label: str
    received_on: date
    reply_due: date
    working_days_overdue: int
    working_days_left: int


OwedReplyPage = Page[OwedReply]


def _owed(first: date | None, last: date) -> tuple[ColumnElement[bool], ...]:
    """An unanswered request's reply deadline in force (active, unmet), due within [first, last]."""
    return (
        col(DeadlineRecord.subject_type) == SUBJECT_TYPE,
        col(DeadlineRecord.kind) == DeadlineKind.REPLY.value,
        col(DeadlineRecord.active).is_(True),
        col(DeadlineRecord.met_on).is_(None),
        col(DeadlineRecord.due) <= last,
        *([col(DeadlineRecord.due) >= first] if first is not None else []),
        col(DisclosureRequest.state).not_in(ANSWERED),
    )


def owed_replies(
    uow: UnitOfWork, *, today: date, due_within: tuple[date | None, date], page: int = 1, size: int = PAGE_SIZE
) -> OwedReplyPage:
    """The unanswered requests whose reply is due within (first, last) — `first` None for "any day up to last" —
    earliest deadline first, as one page with the total."""
    joined = (DisclosureRequest, col(DeadlineRecord.subject_id) == col(DisclosureRequest.id))
    conditions = _owed(*due_within)
    total = uow.session.exec(select(func.count()).select_from(DeadlineRecord).join(*joined).where(*conditions)).one()
    page = max(1, min(page, max(1, -(-total // size))))
    rows = uow.session.exec(
        select(DisclosureRequest, col(DeadlineRecord.due))
        .join_from(DeadlineRecord, *joined)
        .where(*conditions)
        .order_by(col(DeadlineRecord.due), col(DisclosureRequest.id))
        .offset((page - 1) * size)
        .limit(size)
    ).all()
    calendar = working_calendar(uow.calendar)
    items = [_owed_reply(request, due, today, calendar) for request, due in rows]
    return Page(items=items, total=total, page=page, size=size)


def _owed_reply(request: DisclosureRequest, due: date, today: date, calendar: WorkingDayCalendar) -> OwedReply:
    return OwedReply(
        id=request.id or 0,
        subject=request.subject,
        applicant=request.applicant_name,
        applicant_type_label=ApplicantType(request.applicant_type).label,
        state_label=RequestState(request.state).label,
        received_on=request.received_on,
        reply_due=due,
        working_days_overdue=calendar.working_days_between(due, today),
        working_days_left=calendar.working_days_between(today, due),
    )
