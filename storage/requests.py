"""Disclosure requests in storage: the request row, its reply clock, linked documents and consultations, and the read
model behind `show` and `list`.

Like every repository it never commits; a unit of work does. Counts for often-requested information and
applications per month run as one SQL statement each, whatever the number of requests.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import distinct, extract, func
from sqlmodel import Session, col, select

from policies.calendar import chinese_date
from policies.deadlines import DeadlineStatus, deadline_status
from policies.errors import NotFound
from policies.requests import (
    MONTHLY_FREE_APPLICATIONS,
    OFTEN_REQUESTED_THRESHOLD,
    OFTEN_REQUESTED_WINDOW_DAYS,
    ApplicantMonth,
    ApplicantType,
    Channel,
    ConsultationPeriod,
    RequestAction,
    RequestClock,
    RequestedItem,
    RequestState,
    parse_result,
)
from storage.models import Consultation, DeadlineRecord, DisclosureRequest, Document, RequestDocumentLink
from storage.repositories import change_versioned
from storage.views import deadline_view, event_view, iso_day

if TYPE_CHECKING:
    from storage.uow import UnitOfWork

SUBJECT_TYPE = "request"
"""The subject_type of a request's deadlines and audit events."""

DEADLINE_LABELS = {"reply": "答复期限", "third_party": "第三方提出意见期限", "correction_notice": "告知补正期限"}
EVENT_LABELS = {
    **{action.value: action.label for action in RequestAction},
    "deadline_set": "设定期限",
    "deadline_superseded": "期限重新计算",
    "deadline_suspended": "期限暂停",
    "deadline_met": "期限已履行",
}


class RequestRepository:
    """Disclosure requests; every change goes through `change` (or `save_clock`), which checks the version."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: DisclosureRequest, *, document_ids: Iterable[int] = ()) -> DisclosureRequest:
        """Stage a new request, give it its id, and link the documents it asks for."""
        self.session.add(request)
        self.session.flush()
        for document_id in dict.fromkeys(document_ids):
            self.session.add(RequestDocumentLink(request_id=self._id(request), document_id=document_id))
        self.session.flush()
        return request

    def get(self, request_id: int) -> DisclosureRequest:
        """The request with this id, or NotFound."""
        request = self.session.get(DisclosureRequest, request_id)
        if request is None:
            raise NotFound(f"政府信息公开申请 {request_id} 不存在")
        return request

    def list(self, *, state: str | None = None) -> Sequence[DisclosureRequest]:
        """Requests, optionally in one state, in the order they were received."""
        query = select(DisclosureRequest)
        if state is not None:
            query = query.where(DisclosureRequest.state == state)
        return self.session.exec(query.order_by(col(DisclosureRequest.received_on), col(DisclosureRequest.id))).all()

    def change(
        self, request: DisclosureRequest, *, expected_version: int | None = None, **values: Any
    ) -> DisclosureRequest:
        """Apply changes if nobody changed the request since `expected_version`; raises Conflict otherwise."""
        return change_versioned(
            self.session, request, expected_version,
            lambda seen: f"政府信息公开申请 {request.id} 已被他人修改（你看到的是第 {seen} 版），请刷新后重试",
            **values,
        )  # fmt: skip

    def document_ids(self, request_id: int) -> tuple[int, ...]:
        """The documents a request asks for, by id."""
        query = select(RequestDocumentLink.document_id).where(RequestDocumentLink.request_id == request_id)
        return tuple(sorted(self.session.exec(query).all()))

    def consultations(self, request_id: int) -> Sequence[Consultation]:
        """A request's consultations, in the order they started."""
        query = select(Consultation).where(Consultation.request_id == request_id).order_by(col(Consultation.id))
        return self.session.exec(query).all()

    def clock_of(self, request: DisclosureRequest) -> RequestClock:
        """The request's reply clock, as the policy computes on it."""
        return RequestClock(
            received_on=request.received_on,
            clock_start=request.clock_start,
            correction_requested_on=request.correction_requested_on,
            corrected_on=request.corrected_on,
            consultations=tuple(
                ConsultationPeriod(c.party, c.started_on, c.ended_on) for c in self.consultations(self._id(request))
            ),
            extended_on=request.extended_on,
            extension_reason=request.extension_reason,
        )

    def save_clock(
        self,
        request: DisclosureRequest,
        clock: RequestClock,
        *,
        expected_version: int | None = None,
        **values: Any,
    ) -> DisclosureRequest:
        """Store a clock the policy returned (and any other changes), behind the version check."""
        self.change(
            request,
            expected_version=expected_version,
            clock_start=clock.clock_start,
            correction_requested_on=clock.correction_requested_on,
            corrected_on=clock.corrected_on,
            extended_on=clock.extended_on,
            extension_reason=clock.extension_reason,
            **values,
        )
        stored = list(self.consultations(self._id(request)))
        for position, period in enumerate(clock.consultations):
            if position < len(stored):
                stored[position].ended_on = period.ended_on
                self.session.add(stored[position])
            else:
                self.session.add(
                    Consultation(
                        request_id=self._id(request),
                        party=period.party,
                        started_on=period.started_on,
                        ended_on=period.ended_on,
                    )
                )
        self.session.flush()
        return request

    def often_requested(
        self,
        as_of: date,
        *,
        threshold: int = OFTEN_REQUESTED_THRESHOLD,
        window_days: int = OFTEN_REQUESTED_WINDOW_DAYS,
    ) -> dict[RequestedItem, int]:
        """policies.requests.often_requested in SQL: documents by id, unlinked requests by subject key (Art. 44)."""
        in_window = (
            col(DisclosureRequest.received_on) > as_of - timedelta(days=window_days),
            col(DisclosureRequest.received_on) <= as_of,
        )
        applicants = func.count(distinct(col(DisclosureRequest.applicant_key)))
        by_document = (
            select(RequestDocumentLink.document_id, applicants)
            .join(DisclosureRequest, col(DisclosureRequest.id) == col(RequestDocumentLink.request_id))
            .where(*in_window)
            .group_by(col(RequestDocumentLink.document_id))
            .having(applicants >= threshold)
        )
        linked = select(RequestDocumentLink.request_id).where(
            col(RequestDocumentLink.request_id) == col(DisclosureRequest.id)
        )
        by_subject = (
            select(DisclosureRequest.subject_key, applicants)
            .where(*in_window, ~linked.exists())
            .group_by(col(DisclosureRequest.subject_key))
            .having(applicants >= threshold)
        )
        found: dict[RequestedItem, int] = {}
        for query in (by_document, by_subject):
            found.update({item: count for item, count in self.session.execute(query).all()})
        return found

    def applications_over_monthly_limit(
        self, *, received_from: date, received_to: date, limit: int = MONTHLY_FREE_APPLICATIONS
    ) -> dict[ApplicantMonth, int]:
        """policies.requests.applications_over_monthly_limit in SQL, over requests received in a date range."""
        year = extract("year", col(DisclosureRequest.received_on))
        month = extract("month", col(DisclosureRequest.received_on))
        applications = func.count(col(DisclosureRequest.id))
        query = (
            select(DisclosureRequest.applicant_key, year, month, applications)
            .where(
                col(DisclosureRequest.received_on) >= received_from,
                col(DisclosureRequest.received_on) <= received_to,
            )
            .group_by(col(DisclosureRequest.applicant_key), year, month)
            .having(applications > limit)
        )
        return {
            ApplicantMonth(key, int(year), int(month)): count
            for key, year, month, count in self.session.execute(query).all()
        }

    @staticmethod
    def _id(request: DisclosureRequest) -> int:
        assert request.id is not None, "a staged request has its id (add flushes)"
        return request.id


def request_detail(uow: UnitOfWork, request_id: int, *, today: date, show_contact: bool) -> dict[str, Any]:
    """Everything `request show` tells, as JSON-ready data with the Chinese labels beside the codes."""
    request = uow.requests.get(request_id)
    document_ids = uow.requests.document_ids(request_id)
    flagged = uow.requests.often_requested(today)
    items: tuple[RequestedItem, ...] = document_ids or (request.subject_key,)
    month = _applicant_month(uow, request)
    return {
        **_summary(request),
        "version": request.version,
        "applicant": request.applicant_name,
        "applicant_type_label": ApplicantType(request.applicant_type).label,
        "contact": request.applicant_contact if show_contact else None,
        "channel": request.channel,
        "channel_label": Channel(request.channel).label,
        "receipt_rule": Channel(request.channel).receipt_rule,
        "documents": [_document(uow.documents.get(document_id)) for document_id in document_ids],
        "clock": {
            "received_on": request.received_on.isoformat(),
            "clock_start": request.clock_start.isoformat(),
            "correction_requested_on": iso_day(request.correction_requested_on),
            "corrected_on": iso_day(request.corrected_on),
            "extended_on": iso_day(request.extended_on),
            "extension_reason": request.extension_reason,
            "consultations": [
                {"party": c.party, "started_on": c.started_on.isoformat(), "ended_on": iso_day(c.ended_on)}
                for c in uow.requests.consultations(request_id)
            ],
        },
        "reply": _reply(request),
        "deadlines": [_deadline(record, today) for record in uow.deadlines.history_for(SUBJECT_TYPE, request_id)],
        "often_requested": {
            "flagged": any(item in flagged for item in items),
            "threshold": OFTEN_REQUESTED_THRESHOLD,
            "window_days": OFTEN_REQUESTED_WINDOW_DAYS,
            "as_of": today.isoformat(),
            "items": _often_items(uow, {item: flagged[item] for item in items if item in flagged}),
        },
        "applicant_month": month,
        "audit": [_event(row) for row in uow.audit.events_for(SUBJECT_TYPE, request_id)],
    }


def request_list(
    uow: UnitOfWork, *, today: date, state: RequestState | None, often_requested: bool
) -> list[dict[str, Any]]:
    """Requests in the order received, each with its reply deadline in force and its often-requested flag."""
    requests = uow.requests.list(state=state)
    flagged = uow.requests.often_requested(today)
    links = _document_links(uow)
    replies = _reply_deadlines(uow)
    rows = []
    for request in requests:
        items: list[RequestedItem] = list(links[request.id or 0]) or [request.subject_key]
        is_flagged = any(item in flagged for item in items)
        if often_requested and not is_flagged:
            continue
        deadline = replies.get(request.id or 0)
        rows.append(
            {
                **_summary(request),
                "applicant": request.applicant_name,
                "documents": links[request.id or 0],
                "reply_due": deadline.due.isoformat() if deadline else None,
                "often_requested": is_flagged,
            }
        )
    return rows


def often_requested_items(uow: UnitOfWork, *, as_of: date, threshold: int) -> list[dict[str, Any]]:
    """Information asked for by at least `threshold` distinct applicants in the year up to as_of (Art. 44)."""
    return _often_items(uow, uow.requests.often_requested(as_of, threshold=threshold))


def _document_links(uow: UnitOfWork) -> defaultdict[int, list[int]]:
    links: defaultdict[int, list[int]] = defaultdict(list)
    for link in uow.session.exec(select(RequestDocumentLink)):
        links[link.request_id].append(link.document_id)
    return links


def _reply_deadlines(uow: UnitOfWork) -> dict[int, DeadlineRecord]:
    return {
        record.subject_id: record
        for record in uow.session.exec(
            select(DeadlineRecord).where(
                DeadlineRecord.subject_type == SUBJECT_TYPE,
                DeadlineRecord.kind == "reply",
                col(DeadlineRecord.active),
            )
        )
    }


def _summary(request: DisclosureRequest) -> dict[str, Any]:
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


def _document(document: Document) -> dict[str, Any]:
    return {"id": document.id, "title": document.title, "doc_number": document.doc_number, "state": document.state}


def _reply(request: DisclosureRequest) -> dict[str, Any] | None:
    if request.result is None:
        return None
    return {
        "result": request.result,
        "label": parse_result(request.result).label,
        "replied_on": iso_day(request.replied_on),
        "late": request.late,
        **request.result_detail,
    }


def _applicant_month(uow: UnitOfWork, request: DisclosureRequest) -> dict[str, Any]:
    """How many applications the applicant made in the month of this one (国办函〔2020〕109号: more than 10 flagged)."""
    received = request.received_on
    first, last = received.replace(day=1), received.replace(day=monthrange(received.year, received.month)[1])
    counts = uow.requests.applications_over_monthly_limit(received_from=first, received_to=last, limit=0)
    count = counts.get(ApplicantMonth(request.applicant_key, received.year, received.month), 0)
    return {
        "month": f"{received.year}-{received.month:02d}",
        "count": count,
        "limit": MONTHLY_FREE_APPLICATIONS,
        "over_limit": count > MONTHLY_FREE_APPLICATIONS,
    }


def _often_items(uow: UnitOfWork, found: dict[RequestedItem, int]) -> list[dict[str, Any]]:
    """Often-requested items: documents by id and title, unlinked requests by their subject key and a sample subject."""
    items = []
    for item, applicants in sorted(found.items(), key=lambda pair: (-pair[1], str(pair[0]))):
        if isinstance(item, int):
            items.append({"document": item, "title": uow.documents.get(item).title, "applicants": applicants})
        else:
            sample = uow.session.exec(
                select(DisclosureRequest.subject).where(DisclosureRequest.subject_key == item).limit(1)
            ).first()
            items.append({"subject_key": item, "subject": sample, "applicants": applicants})
    return items


def _deadline(record: DeadlineRecord, today: date) -> dict[str, Any]:
    overdue = deadline_status(record.due, record.met_on, active=record.active, today=today) is DeadlineStatus.OVERDUE
    return {**deadline_view(record, DEADLINE_LABELS.get(record.kind, record.kind)), "overdue": overdue}


def _event(row: dict[str, Any]) -> dict[str, Any]:
    view = event_view(row, EVENT_LABELS.get(row["action"], row["action"]))
    return {**view, "detail": _event_detail(row["payload"])}


def _event_detail(payload: dict[str, Any]) -> str | None:
    """A deadline event in a few words: which deadline and its due date."""
    if "kind" not in payload:
        return None
    return f"{DEADLINE_LABELS.get(payload['kind'], payload['kind'])} {chinese_date(date.fromisoformat(payload['due']))}"
