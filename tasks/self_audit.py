"""Prefect tasks of the yearly self-audit (自查): open it (listing its items set-based), decide an item, close it
with the office's spot-check sample. Each loads, asks policies.self_audit, applies and audits in one transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from loguru import logger

from policies.attributes import Attribute
from policies.deadlines import Deadline, DeadlineKind, self_audit_due
from policies.errors import BadInput
from policies.often_requested import OFTEN_REQUESTED_THRESHOLD, OFTEN_REQUESTED_WINDOW_DAYS
from policies.roles import Role
from policies.self_audit import (
    AuditState,
    ItemReason,
    audit_as_of,
    audit_year,
    conversion_reason,
    decide_close,
    decide_item,
    decide_opening,
    spot_check,
)
from storage.audit import NewEvent
from storage.calendar import working_calendar
from storage.deadlines import DeadlineLedger
from storage.models import Organisation, SelfAudit, User
from storage.self_audit import SUBJECT_TYPE, SelfAuditRepository
from storage.uow import UnitOfWork
from tasks.context import unit_of_work
from tasks.documents import convert_attribute
from tasks.steps import step

SCHEDULE_ACTOR = "年度自查计划"
"""Who the audit event names when the 1 November schedule opens the audit (no person acts)."""
SCHEDULE_ROLE = "system"
SEED_BITS = 31


@dataclass(frozen=True, slots=True)
class AuditStep:
    """Where an audit stands after a step: its id, year and state, how many items, whether this step opened it."""

    audit_id: int
    year: int
    state: str
    items: int
    opened_now: bool = False


@dataclass(frozen=True, slots=True)
class ItemStep:
    """A decided item: its audit, its decision, and the document it converted, if any."""

    item_id: int
    audit_id: int
    decision: str
    document_id: int | None


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """What the run's artifact tells about an audit: counts by reason and decision, the spot check and its seed."""

    audit_id: int
    year: int
    state: str
    due: date
    by_reason: dict[str, int]
    by_decision: dict[str | None, int]
    seed: int | None
    spot_check: list[int]


@step
def open_audit(
    year: int | None,
    actor: str | None,
    today: date | None,
    *,
    threshold: int = OFTEN_REQUESTED_THRESHOLD,
    window_days: int = OFTEN_REQUESTED_WINDOW_DAYS,
) -> AuditStep:
    """Open the year's audit and list its items; opening it again returns the same audit and adds nothing, also
    when another caller opens it at the same moment (the second waits for the first and takes its audit)."""
    with unit_of_work(today) as uow:
        day = uow.clock.today()
        chosen = audit_year(year, day)
        organisation_id = _organisation(uow).id or 0
        audits = SelfAuditRepository(uow.session)
        found = audits.of_year(organisation_id, chosen)
        if found is None:
            user = uow.users.get(actor) if actor else None
            decide_opening(Role(user.role) if user else None)
            due = self_audit_due(chosen, working_calendar(uow.calendar))
            audit = audits.add(SelfAudit(
                organisation_id=organisation_id, year=chosen, opened_on=day, opened_by=_name(user), due=due.due,
                threshold=threshold, window_days=window_days,
            ))  # fmt: skip
            if audit is not None:
                return _list_items(uow, audit, user, due, as_of=audit_as_of(chosen, day))
            found = audits.require_year(organisation_id, chosen)
        return AuditStep(found.id or 0, found.year, found.state, audits.count(found.id or 0))


def _list_items(uow: UnitOfWork, audit: SelfAudit, user: User | None, due: Deadline, *, as_of: date) -> AuditStep:
    """List a newly staged audit's items, start its deadline, record the open event and commit."""
    audits = SelfAuditRepository(uow.session)
    listed = audits.list_items(audit, as_of=as_of)
    _ledger(uow, audit, user).start(due)
    payload = {"year": audit.year, "due": due.due, "items": listed, "as_of": as_of, "threshold": audit.threshold,
               "window_days": audit.window_days, "by_reason": audits.counts_by_reason(audit.id or 0)}  # fmt: skip
    uow.record(_event(audit, user, "open", payload, from_state=None))
    uow.commit()
    logger.info("self-audit {} of {} opened with {} item(s)", audit.id, audit.year, listed)
    return AuditStep(audit.id or 0, audit.year, audit.state, listed, opened_now=True)


@step
def decide(
    item_id: int, actor: str, keep_reason: str | None, convert_to: Attribute | None, today: date | None
) -> ItemStep:
    """Decide one item: keep it with a reason, or convert its document's attribute (the document's own path)."""
    with unit_of_work(today) as uow:
        audits = SelfAuditRepository(uow.session)
        item = audits.item(item_id, for_update=True)
        audit = audits.get(item.audit_id, for_update=True)
        user = uow.users.get(actor)
        current = Attribute(uow.documents.get(item.document_id).attribute or "") if item.document_id else None
        decision = decide_item(AuditState(audit.state), Role(user.role), current, decided=item.decision is not None,
                               keep_reason=keep_reason, convert_to=convert_to)  # fmt: skip
        reason = decision.reason
        if decision.target is not None and item.document_id is not None:
            reason = conversion_reason(audit.year, ItemReason(item.reason), decision.target)
            convert_attribute(uow, item.document_id, actor, decision.target, reason)
        target = decision.target.value if decision.target else None
        audits.decide(item, decision=decision.decision.value, target_attribute=target, decision_reason=reason,
                      decided_by=user.name, decided_on=uow.clock.today(), decided_at=uow.clock.now())  # fmt: skip
        payload = {**item.detail(), "decision": decision.decision, "to": target, "decision_reason": reason}
        uow.record(_event(audit, user, "decide", payload))
        uow.commit()
        logger.info("self-audit item {}: {} by {}", item_id, decision.decision, actor)
        return ItemStep(item_id, audit.id or 0, decision.decision.value, item.document_id)


@step
def close_audit(year: int, actor: str, today: date | None, *, seed: int | None = None) -> AuditStep:
    """Close the year's audit once every item is decided, drawing the office's spot-check sample from a new seed
    that the close event records, so anyone can draw the same sample again."""
    with unit_of_work(today) as uow:
        audits = SelfAuditRepository(uow.session)
        audit = audits.require_year(_organisation(uow).id or 0, year, for_update=True)
        user = uow.users.get(actor)
        decide_close(AuditState(audit.state), Role(user.role), audits.undecided(audit.id or 0))
        drawn_from = secrets.randbits(SEED_BITS) if seed is None else seed
        item_ids = audits.item_ids(audit.id or 0)
        sample = spot_check(item_ids, drawn_from)
        audits.close(audit, closed_on=uow.clock.today(), closed_by=user.name, seed=drawn_from, spot_check=sample)
        _ledger(uow, audit, user).meet(DeadlineKind.SELF_AUDIT, uow.clock.today())
        payload = {"year": year, "items": len(item_ids), "seed": drawn_from, "spot_check": sample}
        uow.record(_event(audit, user, "close", payload, from_state=AuditState.OPEN.value))
        uow.commit()
        logger.info("self-audit {} closed; spot check of {} drawn with seed {}", audit.id, len(sample), drawn_from)
        return AuditStep(audit.id or 0, year, audit.state, len(item_ids))


@step
def summarise(audit_id: int) -> AuditSummary:
    """The audit's counts, read in two aggregate queries (never the items themselves)."""
    with unit_of_work(readonly=True) as uow:
        audits = SelfAuditRepository(uow.session)
        audit = audits.get(audit_id)
        return AuditSummary(audit_id, audit.year, audit.state, audit.due, audits.counts_by_reason(audit_id),
                            audits.counts_by_decision(audit_id), audit.seed, list(audit.spot_check))  # fmt: skip


def _organisation(uow: UnitOfWork) -> Organisation:
    organisation = uow.organisations.default()
    if organisation is None:
        raise BadInput("尚未设置本机关：请先运行 gongkai init")
    return organisation


def _name(user: User | None) -> str:
    return user.name if user else SCHEDULE_ACTOR


def _event(
    audit: SelfAudit, user: User | None, action: str, payload: dict[str, Any], *, from_state: str | None = "open"
) -> NewEvent:
    """The audit's event: who acted (the schedule when nobody did), the audit's state before and after."""
    return NewEvent(
        actor=_name(user),
        role=user.role if user else SCHEDULE_ROLE,
        action=action,
        subject_type=SUBJECT_TYPE,
        subject_id=str(audit.id),
        from_state=from_state,
        to_state=audit.state,
        payload=payload,
    )


def _ledger(uow: UnitOfWork, audit: SelfAudit, user: User | None) -> DeadlineLedger:
    """The audit's own deadline (the last working day of November), which the daily sweep watches."""

    def note(action: str, payload: dict[str, Any]) -> NewEvent:
        return _event(audit, user, action, payload, from_state=audit.state)

    return DeadlineLedger(uow, SUBJECT_TYPE, audit.id or 0, note)
