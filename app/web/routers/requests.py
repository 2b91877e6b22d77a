"""The HTTP API of disclosure requests (依申请公开) under /api/requests: each change awaits its flow, reads do not.

Reads are for the disclosure office and supervisors; the applicant's contact is shown to reviewers only. A change
may say which version it was prepared against (If-Match: N); a stale one is a conflict (409).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import SecretStr

from app.home.runtime import Runtime
from app.web.deps import Caller, CallerDep, ExpectedVersion, ReadDep, RequestId, RuntimeDep, require_role
from app.web.schemas.requests import Closing, ConsultationIn, Extension, NewRequest, ReplyBody
from flows.disclosure_requests import (
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
from policies.characters import one_line
from policies.errors import BadInput
from policies.ids import MAX_ID
from policies.often_requested import OFTEN_REQUESTED_THRESHOLD, OFTEN_REQUESTED_WINDOW_DAYS
from policies.request_codes import ApplicantType, Channel
from policies.request_lifecycle import RequestState
from policies.request_results import parse_result
from policies.roles import Role
from storage.read.models.requests import OftenRequestedReport, RequestDetail, RequestListItem
from storage.read.requests import often_requested_items, request_detail, request_list
from tasks.requests import Application, RequestStep

router = APIRouter(prefix="/api/requests", tags=["requests"])
MAX_LIST_LIMIT = 1000

ReaderDep = Annotated[Caller, Depends(require_role(Role.REVIEWER, Role.SUPERVISOR))]


@router.post("")
async def new_request(body: NewRequest, who: CallerDep, runtime: RuntimeDep) -> RequestDetail:
    """Register an application (request new)."""
    application = Application(
        applicant=SecretStr(body.applicant),
        applicant_type=ApplicantType.parse(body.applicant_type),
        channel=Channel.parse(body.channel),
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
    uow: ReadDep,
    state: str | None = None,
    often_requested: bool = False,
    overdue: bool = False,
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIST_LIMIT)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> list[RequestListItem]:
    """Requests in the order received, optionally in one state, only those for often-requested information, or only
    those whose reply is overdue; `limit` and `offset` take a slice of that list (the whole list without them)."""
    return request_list(
        uow, today=who.clock.today(), state=_state(state), often_requested=often_requested, overdue=overdue,
        limit=limit, offset=offset,
    )  # fmt: skip


@router.get("/often-requested")
def often_requested(
    who: ReaderDep,
    uow: ReadDep,
    as_of: date | None = None,
    threshold: Annotated[int, Query(ge=1)] = OFTEN_REQUESTED_THRESHOLD,
) -> OftenRequestedReport:
    """Information asked for by at least `threshold` distinct applicants in the year up to as_of (条例 Art. 44)."""
    day = as_of or who.clock.today()
    return OftenRequestedReport(
        as_of=day.isoformat(),
        threshold=threshold,
        window_days=OFTEN_REQUESTED_WINDOW_DAYS,
        items=often_requested_items(uow, as_of=day, threshold=threshold),
    )


@router.get("/{request_id}")
def show_request(request_id: RequestId, who: ReaderDep, uow: ReadDep) -> RequestDetail:
    """Everything about a request: clock, deadlines and how each was computed, reply, audit trail, flags."""
    return request_detail(uow, request_id, today=who.clock.today(), show_contact=who.user.role == Role.REVIEWER)


@router.post("/{request_id}/correction")
async def ask_correction(
    request_id: RequestId, who: CallerDep, runtime: RuntimeDep, expected: ExpectedVersion
) -> RequestDetail:
    """Ask the applicant to correct the application, as of today."""
    step = await for_request(
        request_id, request_correction, actor=who.user.name, today=who.today, expected_version=expected
    )
    return _shown(runtime, step, who)


@router.post("/{request_id}/corrected")
async def corrected(
    request_id: RequestId, who: CallerDep, runtime: RuntimeDep, expected: ExpectedVersion
) -> RequestDetail:
    """The corrected application arrived today."""
    step = await for_request(
        request_id, correction_received, actor=who.user.name, today=who.today, expected_version=expected
    )
    return _shown(runtime, step, who)


@router.post("/{request_id}/consult")
async def consult(
    request_id: RequestId, body: ConsultationIn, who: CallerDep, runtime: RuntimeDep, expected: ExpectedVersion
) -> RequestDetail:
    """Start a written consultation of a third party, as of today."""
    step = await for_request(
        request_id, start_consultation, actor=who.user.name, party=SecretStr(body.party), today=who.today,
        expected_version=expected,
    )  # fmt: skip
    return _shown(runtime, step, who)


@router.post("/{request_id}/consulted")
async def consulted(
    request_id: RequestId, who: CallerDep, runtime: RuntimeDep, expected: ExpectedVersion
) -> RequestDetail:
    """The consulted party answered today."""
    step = await for_request(
        request_id, consultation_answered, actor=who.user.name, today=who.today, expected_version=expected
    )
    return _shown(runtime, step, who)


@router.post("/{request_id}/extend")
async def extend(
    request_id: RequestId, body: Extension, who: CallerDep, runtime: RuntimeDep, expected: ExpectedVersion
) -> RequestDetail:
    """Extend the reply deadline, once, with a reason."""
    step = await for_request(
        request_id, extend_request, actor=who.user.name, reason=body.reason, today=who.today,
        expected_version=expected,
    )  # fmt: skip
    return _shown(runtime, step, who)


@router.post("/{request_id}/reply")
async def reply(
    request_id: RequestId, body: ReplyBody, who: CallerDep, runtime: RuntimeDep, expected: ExpectedVersion
) -> RequestDetail:
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
        expected_version=expected,
    )
    return _shown(runtime, step, who)


@router.post("/{request_id}/close")
async def close(
    request_id: RequestId, body: Closing, who: CallerDep, runtime: RuntimeDep, expected: ExpectedVersion
) -> RequestDetail:
    """Close as other:no_correction once the applicant's time to correct has passed."""
    step = await for_request(
        request_id, close_request, actor=who.user.name, wait_working_days=body.wait_working_days, today=who.today,
        expected_version=expected,
    )  # fmt: skip
    return _shown(runtime, step, who)


def _shown(runtime: Runtime, step: RequestStep, who: Caller) -> RequestDetail:
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
        raise BadInput(f"未知申请状态 '{one_line(text)[:40]}'：可选 {choices}") from None
