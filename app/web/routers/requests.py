"""The HTTP API of disclosure requests (依申请公开) under /api/requests: each change awaits its flow, reads do not.

Reads are for the disclosure office and supervisors; the applicant's contact is shown to reviewers only.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field, SecretStr

from app.home.runtime import Runtime
from app.web.app import Caller, CallerDep, RuntimeDep, require_role
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
from policies.errors import BadInput
from policies.often_requested import OFTEN_REQUESTED_THRESHOLD, OFTEN_REQUESTED_WINDOW_DAYS
from policies.request_clock import CORRECTION_WAIT_WORKING_DAYS
from policies.request_codes import ApplicantType, Channel
from policies.request_lifecycle import RequestState
from policies.request_results import parse_result
from policies.roles import Role
from storage.requests import often_requested_items, request_detail, request_list
from tasks.requests import Application, RequestStep

router = APIRouter(prefix="/api/requests", tags=["requests"])

ReaderDep = Annotated[Caller, Depends(require_role(Role.REVIEWER, Role.SUPERVISOR))]


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
        items = often_requested_items(uow, as_of=day, threshold=threshold)
    return {
        "as_of": day.isoformat(),
        "threshold": threshold,
        "window_days": OFTEN_REQUESTED_WINDOW_DAYS,
        "items": items,
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
