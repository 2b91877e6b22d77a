"""The read model behind `request show` and `request list`, and the often-requested report (条例 Art. 44)."""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_
from sqlmodel import col, select

from policies.attributes import LegalGround
from policies.calendar import WorkingDayCalendar
from policies.dates import chinese_date
from policies.deadlines import DeadlineKind, DeadlineStatus, deadline_status, working_days_late
from policies.often_requested import (
    MONTHLY_FREE_APPLICATIONS,
    OFTEN_REQUESTED_THRESHOLD,
    OFTEN_REQUESTED_WINDOW_DAYS,
    ApplicantMonth,
    RequestedItem,
)
from policies.request_codes import ApplicantType, Channel
from policies.request_lifecycle import RequestAction, RequestState
from policies.request_results import parse_result
from storage.calendar import working_calendar
from storage.models import DeadlineRecord, DisclosureRequest, Document, RequestDocumentLink
from storage.read.common import deadline_fields, event_fields, iso_day
from storage.read.models.documents import GroundView
from storage.read.models.requests import (
    ClockView,
    ConsultationView,
    LinkedDocument,
    MonthlyApplications,
    OftenRequestedDocument,
    OftenRequestedFlag,
    OftenRequestedItem,
    OftenRequestedSubject,
    ReplyView,
    RequestDeadline,
    RequestDetail,
    RequestEvent,
    RequestListItem,
)
from storage.requests import SUBJECT_TYPE
from storage.uow import UnitOfWork

EVENT_LABELS = {
    **{action.value: action.label for action in RequestAction},
    "deadline_set": "设定期限",
    "deadline_superseded": "期限重新计算",
    "deadline_suspended": "期限暂停",
    "deadline_met": "期限已履行",
}


def request_detail(uow: UnitOfWork, request_id: int, *, today: date, show_contact: bool) -> RequestDetail:
    """Everything `request show` tells, with the Chinese labels beside the codes."""
    request = uow.requests.get(request_id)
    document_ids = uow.requests.document_ids(request_id)
    flagged = uow.requests.often_requested(today)
    items: tuple[RequestedItem, ...] = document_ids or (request.subject_key,)
    return RequestDetail(
        **_summary(request),
        version=request.version,
        applicant=request.applicant_name,
        applicant_type_label=ApplicantType(request.applicant_type).label,
        contact=request.applicant_contact if show_contact else None,
        channel=request.channel,
        channel_label=Channel(request.channel).label,
        receipt_rule=Channel(request.channel).receipt_rule,
        documents=[_document(uow.documents.get(document_id)) for document_id in document_ids],
        clock=_clock(uow, request),
        reply=_reply(request),
        deadlines=_deadlines(
            uow.deadlines.history_for(SUBJECT_TYPE, request_id), today, working_calendar(uow.calendar)
        ),
        often_requested=OftenRequestedFlag(
            flagged=any(item in flagged for item in items),
            threshold=OFTEN_REQUESTED_THRESHOLD,
            window_days=OFTEN_REQUESTED_WINDOW_DAYS,
            as_of=today.isoformat(),
            items=_often_items(uow, {item: flagged[item] for item in items if item in flagged}),
        ),
        applicant_month=_applicant_month(uow, request),
        audit=[_event(row) for row in uow.audit.events_for(SUBJECT_TYPE, request_id)],
    )


def request_list(
    uow: UnitOfWork,
    *,
    today: date,
    state: RequestState | None,
    often_requested: bool,
    overdue: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[RequestListItem]:
    """Requests in the order received, each with its reply deadline in force and its often-requested flag;
    `state` keeps those in one state, `often_requested` those for often-requested information, `overdue` those
    whose reply deadline has passed unmet; `limit` and `offset` take a slice of that order (all when no limit)."""
    query = select(DisclosureRequest)
    if state is not None:
        query = query.where(col(DisclosureRequest.state) == state)
    if overdue:
        query = query.where(_reply_overdue(today))
    if often_requested:
        query = query.where(_asks_for_often_requested(uow, today))
    query = query.order_by(col(DisclosureRequest.received_on), col(DisclosureRequest.id)).offset(offset)
    requests = uow.session.exec(query.limit(limit) if limit is not None else query).all()
    return list_items(uow, requests, today=today)


def list_items(uow: UnitOfWork, requests: Sequence[DisclosureRequest], *, today: date) -> list[RequestListItem]:
    """The list rows of these requests, in their order: linked documents, the reply deadline in force, and whether
    what each asks for is often requested as of today (counted for these requests' documents and subjects only)."""
    ids = [request.id or 0 for request in requests]
    links = _document_links(uow, ids)
    replies = _reply_dues(uow, ids)
    asked: set[RequestedItem] = {document for documents in links.values() for document in documents}
    asked.update(request.subject_key for request in requests if not links[request.id or 0])
    flagged = uow.requests.often_requested(today, among=asked)
    rows = []
    for request in requests:
        items: list[RequestedItem] = list(links[request.id or 0]) or [request.subject_key]
        due = replies.get(request.id or 0)
        rows.append(
            RequestListItem(
                **_summary(request),
                applicant=request.applicant_name,
                documents=links[request.id or 0],
                reply_due=due.isoformat() if due else None,
                often_requested=any(item in flagged for item in items),
            )
        )
    return rows


def often_requested_items(uow: UnitOfWork, *, as_of: date, threshold: int) -> list[OftenRequestedItem]:
    """Information asked for by at least `threshold` distinct applicants in the year up to as_of (Art. 44)."""
    return _often_items(uow, uow.requests.often_requested(as_of, threshold=threshold))


def _reply_overdue(today: date) -> ColumnElement[bool]:
    """The request's reply deadline is in force, unmet, and its due date has passed (deadline_status OVERDUE)."""
    return exists().where(
        col(DeadlineRecord.subject_type) == SUBJECT_TYPE,
        col(DeadlineRecord.subject_id) == col(DisclosureRequest.id),
        col(DeadlineRecord.kind) == DeadlineKind.REPLY,
        col(DeadlineRecord.active).is_(True),
        col(DeadlineRecord.met_on).is_(None),
        col(DeadlineRecord.due) < today,
    )


def _asks_for_often_requested(uow: UnitOfWork, today: date) -> ColumnElement[bool]:
    """The request asks for a document often requested as of today, or, linking none, for an often-requested
    subject (uow.requests.often_requested's counts, as subqueries)."""
    by_document, by_subject = (query.subquery() for query in uow.requests.often_requested_queries(today))
    link = RequestDocumentLink
    links = exists().where(col(link.request_id) == col(DisclosureRequest.id))
    flagged_link = exists().where(
        col(link.request_id) == col(DisclosureRequest.id),
        col(link.document_id).in_(select(by_document.c.document_id)),
    )
    flagged_subject = col(DisclosureRequest.subject_key).in_(select(by_subject.c.subject_key))
    return or_(flagged_link, and_(~links, flagged_subject))


def _chunks(ids: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    """The ids in slices small enough for one IN list on every database."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _document_links(uow: UnitOfWork, ids: Sequence[int]) -> defaultdict[int, list[int]]:
    """The documents each of these requests asks for, by request id, in document order."""
    links: defaultdict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(ids):
        query = select(RequestDocumentLink).where(col(RequestDocumentLink.request_id).in_(chunk))
        for link in uow.session.exec(query.order_by(col(RequestDocumentLink.document_id))):
            links[link.request_id].append(link.document_id)
    return links


def _reply_dues(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, date]:
    """The due date of the reply deadline in force (met or not) of each of these requests."""
    found: dict[int, date] = {}
    for chunk in _chunks(ids):
        query = select(col(DeadlineRecord.subject_id), col(DeadlineRecord.due)).where(
            col(DeadlineRecord.subject_type) == SUBJECT_TYPE,
            col(DeadlineRecord.subject_id).in_(chunk),
            col(DeadlineRecord.kind) == DeadlineKind.REPLY,
            col(DeadlineRecord.active),
        )
        found.update(dict(uow.session.exec(query).all()))
    return found


def _summary(request: DisclosureRequest) -> dict[str, Any]:
    """The fields every read model of a request starts with (RequestSummary's)."""
    return {
        "id": request.id,
        "state": request.state,
        "state_label": RequestState(request.state).label,
        "applicant_type": request.applicant_type,
        "received_on": request.received_on.isoformat(),
        "subject": request.subject,
        "result": request.result,
        "late": request.late,
    }


def _document(document: Document) -> LinkedDocument:
    return LinkedDocument(id=document.id, title=document.title, doc_number=document.doc_number, state=document.state)


def _clock(uow: UnitOfWork, request: DisclosureRequest) -> ClockView:
    return ClockView(
        received_on=request.received_on.isoformat(),
        clock_start=request.clock_start.isoformat(),
        correction_requested_on=iso_day(request.correction_requested_on),
        corrected_on=iso_day(request.corrected_on),
        extended_on=iso_day(request.extended_on),
        extension_reason=request.extension_reason,
        consultations=[
            ConsultationView(party=c.party, started_on=c.started_on.isoformat(), ended_on=iso_day(c.ended_on))
            for c in uow.requests.consultations(request.id or 0)
        ],
    )


def _reply(request: DisclosureRequest) -> ReplyView | None:
    if request.result is None:
        return None
    grounds = [LegalGround(code) for code in request.result_detail.get("grounds", ())]
    return ReplyView(
        result=request.result,
        label=parse_result(request.result).label,
        replied_on=iso_day(request.replied_on),
        late=request.late,
        named_grounds=[GroundView(code=g.value, label=g.label, article=g.article) for g in grounds],
        **request.result_detail,
    )


def _applicant_month(uow: UnitOfWork, request: DisclosureRequest) -> MonthlyApplications:
    """How many applications the applicant made in the month of this one (国办函〔2020〕109号: more than 10 flagged)."""
    received = request.received_on
    first, last = received.replace(day=1), received.replace(day=monthrange(received.year, received.month)[1])
    counts = uow.requests.applications_over_monthly_limit(received_from=first, received_to=last, limit=0)
    count = counts.get(ApplicantMonth(request.applicant_key, received.year, received.month), 0)
    return MonthlyApplications(
        month=f"{received.year}-{received.month:02d}",
        count=count,
        limit=MONTHLY_FREE_APPLICATIONS,
        over_limit=count > MONTHLY_FREE_APPLICATIONS,
    )


def _often_items(uow: UnitOfWork, found: dict[RequestedItem, int]) -> list[OftenRequestedItem]:
    """Often-requested items: documents by id and title, unlinked requests by their subject key and a sample subject."""
    items: list[OftenRequestedItem] = []
    for item, applicants in sorted(found.items(), key=lambda pair: (-pair[1], str(pair[0]))):
        if isinstance(item, int):
            items.append(
                OftenRequestedDocument(document=item, title=uow.documents.get(item).title, applicants=applicants)
            )
        else:
            sample = uow.session.exec(
                select(DisclosureRequest.subject).where(DisclosureRequest.subject_key == item).limit(1)
            ).first()
            items.append(OftenRequestedSubject(subject_key=item, subject=sample, applicants=applicants))
    return items


def _deadlines(records: Sequence[DeadlineRecord], today: date, calendar: WorkingDayCalendar) -> list[RequestDeadline]:
    """The request's deadlines in the order set; one out of force and unmet is superseded by the next of its kind
    (the clock restarted or moved), and stopped when none followed (the applicant corrects, a party is consulted)."""
    views = []
    for index, record in enumerate(records):
        later = (r.id for r in records[index + 1 :] if r.kind == record.kind)
        replaced_by = next(later, None) if not record.active and record.met_on is None else None
        views.append(_deadline(record, today, calendar, replaced_by))
    return views


def _deadline(
    record: DeadlineRecord, today: date, calendar: WorkingDayCalendar, superseded_by: int | None
) -> RequestDeadline:
    status = deadline_status(record.due, record.met_on, active=record.active, today=today)
    late_on = {DeadlineStatus.MET_LATE: record.met_on, DeadlineStatus.OVERDUE: today}.get(status)
    return RequestDeadline(
        **deadline_fields(record, DeadlineKind(record.kind).label),
        overdue=status is DeadlineStatus.OVERDUE,
        status=status.value,
        status_label=status.label,
        working_days_late=working_days_late(record.due, late_on, calendar) if late_on else None,
        superseded_by=superseded_by,
    )


def _event(row: dict[str, Any]) -> RequestEvent:
    view = event_fields(row, EVENT_LABELS.get(row["action"], row["action"]))
    return RequestEvent(**view, detail=_event_detail(row["payload"]))


def _event_detail(payload: dict[str, Any]) -> str | None:
    """A deadline event in a few words: which deadline and its due date."""
    if "kind" not in payload:
        return None
    return f"{DeadlineKind(payload['kind']).label} {chinese_date(date.fromisoformat(payload['due']))}"
