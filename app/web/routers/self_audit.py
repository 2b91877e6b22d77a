"""The HTTP API of the yearly self-audit (自查) under /api/self-audits: each change awaits its flow, reads do not.

The disclosure office opens, decides and closes (the policies refuse anyone else); supervisors read the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request

from app.home.runtime import Runtime
from app.web.deps import CallerDep, EntryId, ReadDep, RuntimeDep, YearInPath, caller, reader
from app.web.schemas.self_audit import ItemDecisionIn, Opening
from flows.self_audit import close_self_audit, decide_self_audit_item, open_self_audit
from policies.attributes import Attribute
from policies.errors import PolicyRefusal
from policies.roles import Role
from storage.read.models.self_audit import ItemDecisionView, OpenedAudit, SelfAuditReport
from storage.read.self_audit import item_decision, opened_audit, self_audit_report

router = APIRouter(prefix="/api/self-audits", tags=["self-audit"])

READERS = (Role.REVIEWER, Role.SUPERVISOR)


@dataclass(frozen=True, slots=True)
class Acting:
    """Who acts and on which day: a user, or the home's holder with the local token and no user (actor None)."""

    actor: str | None
    today: date | None


def acting(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_gongkai_as: Annotated[str | None, Header()] = None,
    x_gongkai_today: Annotated[str | None, Header()] = None,
) -> Acting:
    """The caller, or the holder of the home's local token acting as the schedule does (no `--as`)."""
    scheme = (authorization or "").partition(" ")[0]
    if scheme == "Local" and not x_gongkai_as:
        return Acting(None, reader(request, authorization, None, x_gongkai_today).today)
    who = caller(request, authorization, x_gongkai_as, x_gongkai_today)
    if who.user.role not in READERS:
        raise PolicyRefusal(f"用户 {who.user.name} 的角色无权查看或开始年度自查")
    return Acting(who.user.name, who.today)


ActingDep = Annotated[Acting, Depends(acting)]


@router.post("")
async def open_audit(body: Opening, who: ActingDep, runtime: RuntimeDep) -> OpenedAudit:
    """Open the year's self-audit and list its items; opening it again returns the same audit."""
    step = await open_self_audit(year=body.year, actor=who.actor, today=who.today)
    with runtime.unit_of_work(readonly=True) as uow:
        return opened_audit(uow, step.audit_id)


@router.get("/{year}")
def report(year: YearInPath, who: ActingDep, uow: ReadDep) -> SelfAuditReport:
    """The audit's report: counts, each decision, the conversions, the spot check and its seed, the trail."""
    return self_audit_report(uow, year)


@router.post("/items/{item_id}/decision")
async def decide(item_id: EntryId, body: ItemDecisionIn, who: CallerDep, runtime: RuntimeDep) -> ItemDecisionView:
    """Keep an item with a reason, or convert its document's attribute."""
    step = await decide_self_audit_item(
        item_id=item_id,
        actor=who.user.name,
        keep_reason=(body.reason or "") if body.keep else None,
        convert_to=Attribute.parse(body.convert) if body.convert is not None else None,
        today=who.today,
    )
    return _item(runtime, step.item_id)


@router.post("/{year}/close")
async def close(year: YearInPath, who: CallerDep, runtime: RuntimeDep) -> SelfAuditReport:
    """Close the audit once every item is decided; the spot-check sample is drawn and its seed recorded."""
    await close_self_audit(year=year, actor=who.user.name, today=who.today)
    with runtime.unit_of_work(readonly=True) as uow:
        return self_audit_report(uow, year)


def _item(runtime: Runtime, item_id: int) -> ItemDecisionView:
    with runtime.unit_of_work(readonly=True) as uow:
        return item_decision(uow, item_id)
