"""The HTTP API of disclosure requests (依申请公开) under /api/requests: each change awaits its flow, reads do not.

Reads are for the disclosure office and supervisors; the applicant's contact is shown to reviewers only.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field, SecretStr
from sqlmodel import col, select

from app.api import Caller, CallerDep, RuntimeDep, require_role
from app.runtime import Runtime
from flows.requests import (
    close_request,
    consultation_answered,
    correction_received,
    extend_request,
    for_request,
    register_request,
    reply_to_request,
    request_correction,
    start_consultation,
)
from policies.attributes import parse_grounds
from policies.calendar import chinese_date
from policies.errors import BadInput
from policies.requests import (
    CORRECTION_WAIT_WORKING_DAYS,
    MONTHLY_FREE_APPLICATIONS,
    OFTEN_REQUESTED_THRESHOLD,
    OFTEN_REQUESTED_WINDOW_DAYS,
    ApplicantMonth,
    ApplicantType,
    Channel,
    RequestAction,
    RequestedItem,
    RequestState,
    parse_applicant_type,
    parse_channel,
    parse_result,
)
from policies.roles import Role
from storage.models import DeadlineRecord, DisclosureRequest, Document, RequestDocumentLink
from storage.requests import SUBJECT_TYPE
from storage.uow import UnitOfWork
from tasks.requests import Application, RequestStep

router = APIRouter(prefix="/api/requests", tags=["requests"])

ReaderDep = Annotated[Caller, Depends(require_role(Role.REVIEWER, Role.SUPERVISOR))]

DEADLINE_LABELS = {"reply": "答复期限", "third_party": "第三方提出意见期限", "correction_notice": "告知补正期限"}
EVENT_LABELS = {
    **{action.value: action.label for action in RequestAction},
    "deadline_set": "设定期限",
    "deadline_superseded": "期限重新计算",
    "deadline_suspended": "期限暂停",
    "deadline_met": "期限已履行",
}


class NewRequest(BaseModel):
    """An application to register: who, how, when, what."""

    applicant: str
    applicant_type: str
    received: date
    subject: str
    documents: list[int] = Field(default_factory=list)
    channel: str = Channel.IN_PERSON.value
    contact: str | None = None


class Consultation(BaseModel):
    """Whom to consult."""

    party: str


class Extension(BaseModel):
    """Why the reply needs more time."""

    reason: str


class ReplyBody(BaseModel):
    """The reply: a result code, its grounds and, for partial disclosure, what was withheld."""

    result: str
    grounds: list[str] = Field(default_factory=list)
    withheld_part: str | None = None
    reason: str | None = None


class Closing(BaseModel):
    """How long the applicant had to correct, in working days after the notice."""

    wait_working_days: int = CORRECTION_WAIT_WORKING_DAYS


@router.post("")
async def new_request(body: NewRequest, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Register an application (request new)."""
    application = Application(
        applicant=SecretStr(body.applicant),
        applicant_type=parse_applicant_type(body.applicant_type),
        channel=parse_channel(body.channel),
        received_on=body.received,
        subject=SecretStr(body.subject),
        document_ids=tuple(body.documents),
        contact=SecretStr(body.contact) if body.contact else None,
    )
    step = await register_request(actor=who.user.name, application=application, today=who.today)
    return _shown(runtime, step, who)


@router.get("")
def list_requests(
    who: ReaderDep,
    runtime: RuntimeDep,
    state: str | None = None,
    often_requested: bool = False,
) -> list[dict[str, Any]]:
    """Requests in the order received, optionally in one state or only those for often-requested information."""
    with runtime.unit_of_work(readonly=True) as uow:
        return request_list(uow, today=who.clock.today(), state=_state(state), often_requested=often_requested)


@router.get("/often-requested")
def often_requested(
    who: ReaderDep,
    runtime: RuntimeDep,
    as_of: date | None = None,
    threshold: Annotated[int, Query(ge=1)] = OFTEN_REQUESTED_THRESHOLD,
) -> dict[str, Any]:
    """Information asked for by at least `threshold` distinct applicants in the year up to as_of (条例 Art. 44)."""
    day = as_of or who.clock.today()
    with runtime.unit_of_work(readonly=True) as uow:
        found = uow.requests.often_requested(day, threshold=threshold)
        return {
            "as_of": day.isoformat(),
            "threshold": threshold,
            "window_days": OFTEN_REQUESTED_WINDOW_DAYS,
            "items": _often_items(uow, found),
        }


@router.get("/{request_id}")
def show_request(request_id: int, who: ReaderDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Everything about a request: clock, deadlines and how each was computed, reply, audit trail, flags."""
    with runtime.unit_of_work(readonly=True) as uow:
        return request_detail(uow, request_id, today=who.clock.today(), show_contact=who.user.role == Role.REVIEWER)


@router.post("/{request_id}/correction")
async def ask_correction(request_id: int, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Ask the applicant to correct the application, as of today."""
    step = await for_request(request_id, request_correction, actor=who.user.name, today=who.today)
    return _shown(runtime, step, who)


@router.post("/{request_id}/corrected")
async def corrected(request_id: int, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """The corrected application arrived today."""
    step = await for_request(request_id, correction_received, actor=who.user.name, today=who.today)
    return _shown(runtime, step, who)


@router.post("/{request_id}/consult")
async def consult(request_id: int, body: Consultation, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Start a written consultation of a third party, as of today."""
    step = await for_request(
        request_id, start_consultation, actor=who.user.name, party=SecretStr(body.party), today=who.today
    )
    return _shown(runtime, step, who)


@router.post("/{request_id}/consulted")
async def consulted(request_id: int, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """The consulted party answered today."""
    step = await for_request(request_id, consultation_answered, actor=who.user.name, today=who.today)
    return _shown(runtime, step, who)


@router.post("/{request_id}/extend")
async def extend(request_id: int, body: Extension, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Extend the reply deadline, once, with a reason."""
    step = await for_request(request_id, extend_request, actor=who.user.name, reason=body.reason, today=who.today)
    return _shown(runtime, step, who)


@router.post("/{request_id}/reply")
async def reply(request_id: int, body: ReplyBody, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Reply with a result code, as of today."""
    step = await for_request(
        request_id,
        reply_to_request,
        actor=who.user.name,
        result=parse_result(body.result),
        grounds=parse_grounds(body.grounds),
        withheld_part=body.withheld_part,
        reason=body.reason,
        today=who.today,
    )
    return _shown(runtime, step, who)


@router.post("/{request_id}/close")
async def close(request_id: int, body: Closing, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Close as other:no_correction once the applicant's time to correct has passed."""
    step = await for_request(
        request_id, close_request, actor=who.user.name, wait_working_days=body.wait_working_days, today=who.today
    )
    return _shown(runtime, step, who)


def _shown(runtime: Runtime, step: RequestStep, who: Caller) -> dict[str, Any]:
    """The request after a step, as `show` gives it."""
    with runtime.unit_of_work(readonly=True) as uow:
        return request_detail(
            uow, step.request_id, today=who.clock.today(), show_contact=who.user.role == Role.REVIEWER
        )


def _state(text: str | None) -> RequestState | None:
    if text is None:
        return None
    try:
        return RequestState(text.strip().lower())
    except ValueError:
        choices = "、".join(f"{state.value}（{state.label}）" for state in RequestState)
        raise BadInput(f"未知申请状态 '{text}'：可选 {choices}") from None


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
            "correction_requested_on": _iso(request.correction_requested_on),
            "corrected_on": _iso(request.corrected_on),
            "extended_on": _iso(request.extended_on),
            "extension_reason": request.extension_reason,
            "consultations": [
                {"party": c.party, "started_on": c.started_on.isoformat(), "ended_on": _iso(c.ended_on)}
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
    links: defaultdict[int, list[int]] = defaultdict(list)
    for link in uow.session.exec(select(RequestDocumentLink)):
        links[link.request_id].append(link.document_id)
    replies = {
        record.subject_id: record
        for record in uow.session.exec(
            select(DeadlineRecord).where(
                DeadlineRecord.subject_type == SUBJECT_TYPE,
                DeadlineRecord.kind == "reply",
                col(DeadlineRecord.active),
            )
        )
    }
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
        "replied_on": _iso(request.replied_on),
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
    return {
        **record.basis,
        "id": record.id,
        "kind": record.kind,
        "kind_label": DEADLINE_LABELS.get(record.kind, record.kind),
        "due": record.due.isoformat(),
        "active": record.active,
        "met_on": _iso(record.met_on),
        "overdue": record.active and record.met_on is None and today > record.due,
    }


def _event(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "seq": row["seq"],
        "at": row["at"].isoformat(),
        "actor": row["actor"],
        "role": row["role"],
        "action": row["action"],
        "action_label": EVENT_LABELS.get(row["action"], row["action"]),
        "detail": _event_detail(row["payload"]),
        "from_state": row["from_state"],
        "to_state": row["to_state"],
        "payload": row["payload"],
        "flow_run_id": row["flow_run_id"],
    }


def _event_detail(payload: dict[str, Any]) -> str | None:
    """A deadline event in a few words: which deadline and its due date."""
    if "kind" not in payload:
        return None
    return f"{DEADLINE_LABELS.get(payload['kind'], payload['kind'])} {chinese_date(date.fromisoformat(payload['due']))}"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
