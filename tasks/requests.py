"""Prefect tasks, one disclosure-request step each: load → decide (policies.request_clock) → persist the clock, its
deadlines and the audit trail in one transaction.

Retries cover infrastructure only (the database failing); a refusal by a rule is final. Personal data — the
applicant's name and contact, the text of the application, a consulted party's name — travels as SecretStr
(Prefect stores "**********" for it) and lands only in the request's own rows: audit payloads carry ids, codes,
dates and the agency's own reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from loguru import logger
from pydantic import SecretStr

from policies.attributes import LegalGround
from policies.calendar import WorkingDayCalendar
from policies.deadlines import DeadlineKind
from policies.request_clock import (
    ClockChange,
    Reply,
    RequestClock,
    abandon_for_no_correction,
    end_consultation,
    extend,
    open_request,
    receive_correction,
    reply,
    request_correction,
    start_consultation,
)
from policies.request_codes import ApplicantType, Channel, applicant_key, subject_key
from policies.request_lifecycle import RequestAction, RequestState, decide_request_action
from policies.request_results import ResultCode
from policies.roles import Role
from storage.audit import NewEvent
from storage.calendar import working_calendar
from storage.deadlines import DeadlineLedger
from storage.models import DisclosureRequest, User
from storage.requests import SUBJECT_TYPE
from storage.uow import UnitOfWork
from tasks.context import unit_of_work
from tasks.steps import step


@dataclass(frozen=True, slots=True)
class Application:
    """An application as the disclosure office registers it; the applicant's own words and details are secrets."""

    applicant: SecretStr
    applicant_type: ApplicantType
    channel: Channel
    received_on: date
    subject: SecretStr
    document_ids: tuple[int, ...] = ()
    contact: SecretStr | None = None


@dataclass(frozen=True, slots=True)
class RequestStep:
    """Where a request stands after a step."""

    request_id: int
    state: RequestState


@dataclass(frozen=True, slots=True)
class Acting:
    """A request, its reply clock and calendar, and the person acting on it."""

    request: DisclosureRequest
    user: User
    clock: RequestClock
    calendar: WorkingDayCalendar

    @property
    def role(self) -> Role:
        """The acting user's role."""
        return Role(self.user.role)

    @property
    def state(self) -> RequestState:
        """The request's current state (before the step, until the step saves it)."""
        return RequestState(self.request.state)


@step
def register(actor: str, application: Application, today: date | None) -> RequestStep:
    """Register an application: its row, the documents it asks for, the reply due in 20 working days (Arts. 31, 33)."""
    with unit_of_work(today) as uow:
        user = uow.users.get(actor)
        target = decide_request_action(RequestAction.REGISTER, None, Role(user.role))
        calendar = working_calendar(uow.calendar)
        change = open_request(application.received_on, uow.clock.today(), calendar)
        documents = [uow.documents.get(document_id).id or 0 for document_id in application.document_ids]
        request = uow.requests.add(_new_row(application, target, change), document_ids=documents)
        acting = Acting(request, user, change.clock, calendar)
        payload = {"applicant_type": application.applicant_type, "channel": application.channel, "documents": documents}
        _record(uow, acting, RequestAction.REGISTER, None, {"received_on": application.received_on, **payload})
        _apply_deadlines(uow, acting, change, application.received_on)
        uow.commit()
        logger.info("request {} registered by {}", request.id, actor)
        return _step(request)


@step
def ask_for_correction(
    request_id: int, actor: str, today: date | None, *, expected_version: int | None = None
) -> RequestStep:
    """Ask the applicant, once and within 7 working days of receipt, to correct; the reply clock stops (Art. 30)."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, request_id, actor)
        target = decide_request_action(RequestAction.REQUEST_CORRECTION, acting.state, acting.role)
        change = request_correction(acting.clock, uow.clock.today(), acting.calendar)
        _advance(
            uow, acting, RequestAction.REQUEST_CORRECTION, target, change, {"on": uow.clock.today()}, expected_version
        )
        uow.commit()
        return _step(acting.request)


@step
def receive_corrected(
    request_id: int, actor: str, today: date | None, *, expected_version: int | None = None
) -> RequestStep:
    """The corrected application arrived today: the 20 working days run again from today (Art. 30)."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, request_id, actor)
        target = decide_request_action(RequestAction.RECEIVE_CORRECTION, acting.state, acting.role)
        change = receive_correction(acting.clock, uow.clock.today(), acting.calendar)
        _advance(
            uow, acting, RequestAction.RECEIVE_CORRECTION, target, change, {"on": uow.clock.today()}, expected_version
        )
        uow.commit()
        return _step(acting.request)


@step
def consult(
    request_id: int, actor: str, party: SecretStr, today: date | None, *, expected_version: int | None = None
) -> RequestStep:
    """Consult a third party in writing: it has 15 working days, the reply clock pauses (Arts. 32–33)."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, request_id, actor)
        target = decide_request_action(RequestAction.START_CONSULTATION, acting.state, acting.role)
        change = start_consultation(acting.clock, uow.clock.today(), party.get_secret_value(), acting.calendar)
        payload = {"consultation": len(change.clock.consultations), "on": uow.clock.today()}
        _advance(uow, acting, RequestAction.START_CONSULTATION, target, change, payload, expected_version)
        uow.commit()
        return _step(acting.request)


@step
def end_consulting(
    request_id: int, actor: str, today: date | None, *, expected_version: int | None = None
) -> RequestStep:
    """The consulted party answered today: the reply deadline moves out by the working days spent (Art. 33)."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, request_id, actor)
        target = decide_request_action(RequestAction.END_CONSULTATION, acting.state, acting.role)
        change = end_consultation(acting.clock, uow.clock.today(), acting.calendar)
        payload = {"consultation": len(change.clock.consultations), "on": uow.clock.today()}
        _advance(uow, acting, RequestAction.END_CONSULTATION, target, change, payload, expected_version)
        uow.commit()
        return _step(acting.request)


@step
def extend_reply(
    request_id: int, actor: str, reason: str, today: date | None, *, expected_version: int | None = None
) -> RequestStep:
    """Extend the reply deadline once by 20 working days, with the reason told to the applicant (Art. 33)."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, request_id, actor)
        target = decide_request_action(RequestAction.EXTEND, acting.state, acting.role)
        change = extend(acting.clock, uow.clock.today(), reason, acting.calendar)
        payload = {"on": uow.clock.today(), "reason": change.clock.extension_reason, "applicant_notified": True}
        _advance(uow, acting, RequestAction.EXTEND, target, change, payload, expected_version)
        uow.commit()
        return _step(acting.request)


@step
def answer(
    request_id: int,
    actor: str,
    result: ResultCode,
    grounds: tuple[LegalGround, ...],
    withheld_part: str | None,
    reason: str | None,
    today: date | None,
    *,
    expected_version: int | None = None,
) -> RequestStep:
    """Reply with a result (Art. 36); a reply after the due date is recorded as late (Art. 33)."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, request_id, actor)
        target = decide_request_action(RequestAction.REPLY, acting.state, acting.role)
        outcome = reply(
            acting.clock, uow.clock.today(), result, acting.calendar,
            grounds=grounds, withheld_part=withheld_part, reason=reason,
        )  # fmt: skip
        _conclude(uow, acting, RequestAction.REPLY, target, outcome, expected_version)
        uow.commit()
        return _step(acting.request)


@step
def close_for_no_correction(
    request_id: int,
    actor: str,
    wait_working_days: int,
    today: date | None,
    *,
    expected_version: int | None = None,
) -> RequestStep:
    """Close as other:no_correction once the applicant's time to correct has passed (Art. 30)."""
    with unit_of_work(today) as uow:
        acting = _acting(uow, request_id, actor)
        target = decide_request_action(RequestAction.ABANDON, acting.state, acting.role)
        outcome = abandon_for_no_correction(
            acting.clock, uow.clock.today(), acting.calendar, wait_working_days=wait_working_days
        )
        _conclude(
            uow,
            acting,
            RequestAction.ABANDON,
            target,
            outcome,
            expected_version,
            {"wait_working_days": wait_working_days},
        )
        uow.commit()
        return _step(acting.request)


def _new_row(application: Application, state: RequestState, change: ClockChange) -> DisclosureRequest:
    """The request's row: the applicant's details stay here and nowhere else."""
    contact = application.contact.get_secret_value().strip() if application.contact else ""
    return DisclosureRequest(
        applicant_name=application.applicant.get_secret_value().strip(),
        applicant_type=application.applicant_type,
        applicant_key=applicant_key(application.applicant.get_secret_value()),
        applicant_contact=contact or None,
        channel=application.channel,
        received_on=application.received_on,
        subject=application.subject.get_secret_value().strip(),
        subject_key=subject_key(application.subject.get_secret_value()),
        state=state,
        clock_start=change.clock.clock_start,
    )


def _acting(uow: UnitOfWork, request_id: int, actor: str) -> Acting:
    """Load the request, its clock and the calendar, and the person acting on it."""
    request = uow.requests.get(request_id)
    user = uow.users.get(actor)
    return Acting(request, user, uow.requests.clock_of(request), working_calendar(uow.calendar))


def _advance(
    uow: UnitOfWork,
    acting: Acting,
    action: RequestAction,
    target: RequestState,
    change: ClockChange,
    payload: dict[str, Any],
    expected_version: int | None,
) -> None:
    """Store the clock a step returned, its audit event, and what it does to the deadlines."""
    from_state = acting.state
    uow.requests.save_clock(acting.request, change.clock, expected_version=expected_version, state=target)
    _record(uow, acting, action, from_state, payload)
    _apply_deadlines(uow, acting, change, uow.clock.today())
    logger.info("request {}: {} by {}, {} -> {}", _id(acting), action, acting.user.name, from_state, target)


def _conclude(
    uow: UnitOfWork,
    acting: Acting,
    action: RequestAction,
    target: RequestState,
    outcome: Reply,
    expected_version: int | None,
    payload: dict[str, Any] | None = None,
) -> None:
    """Store how the request ended and its audit event; the reply deadline is met on the day of the reply."""
    from_state = acting.state
    uow.requests.change(
        acting.request,
        expected_version=expected_version,
        state=target,
        result=outcome.result.code,
        result_detail=outcome.detail(),
        replied_on=outcome.replied_on,
        late=outcome.late,
    )
    summary = {"result": outcome.result.code, "on": outcome.replied_on, "due": outcome.due, "late": outcome.late}
    _record(uow, acting, action, from_state, {**summary, **outcome.detail(), **(payload or {})})
    _ledger(uow, acting).meet(DeadlineKind.REPLY, outcome.replied_on)
    logger.info("request {}: {} by {}, result {}, late: {}", _id(acting), action, acting.user.name,
                outcome.result.code, outcome.late)  # fmt: skip


def _apply_deadlines(uow: UnitOfWork, acting: Acting, change: ClockChange, on: date) -> None:
    """Suspend, meet and set the request's deadlines as the step says; the ledger audits each change."""
    ledger = _ledger(uow, acting)
    for kind in change.suspended:
        ledger.stop(kind)
    for kind in change.met:
        ledger.meet(kind, on)
    for deadline in change.deadlines:
        ledger.start(deadline)


def _ledger(uow: UnitOfWork, acting: Acting) -> DeadlineLedger:
    """The request's deadlines, their audit events stamped like the request's own."""
    return DeadlineLedger(uow, SUBJECT_TYPE, _id(acting), partial(_event, acting))


def _record(
    uow: UnitOfWork, acting: Acting, action: str, from_state: RequestState | None, payload: dict[str, Any]
) -> None:
    uow.record(_event(acting, action, payload, from_state))


def _event(acting: Acting, action: str, payload: dict[str, Any], from_state: RequestState | None = None) -> NewEvent:
    """An audit event of the request, as it stands now."""
    return NewEvent(
        actor=acting.user.name,
        role=acting.user.role,
        action=action,
        subject_type=SUBJECT_TYPE,
        subject_id=_id(acting),
        from_state=from_state,
        to_state=acting.request.state,
        payload={"version": acting.request.version, **payload},
    )


def _id(acting: Acting) -> int:
    return acting.request.id or 0


def _step(request: DisclosureRequest) -> RequestStep:
    return RequestStep(request_id=request.id or 0, state=RequestState(request.state))
