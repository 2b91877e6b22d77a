"""The deadline sweep and where its reminders go, over HTTP: POST /api/sweep runs the `deadline_sweep` flow once
(the disclosure office, an administrator, or the home's own local token); /api/notify is for administrators only."""

from __future__ import annotations

import hmac
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request

from app.home import notify
from app.home.clock import Clock
from app.web.deps import Caller, EntryId, ReadDep, RuntimeDep, caller, require_role, runtime_of
from app.web.schemas.notify import NotifyTargetIn
from flows.sweep import deadline_sweep
from policies.dates import parse_day
from policies.errors import PolicyRefusal
from policies.reminders import DUE_SOON_WORKING_DAYS, ESCALATE_AFTER_WORKING_DAYS
from policies.roles import Role

router = APIRouter(tags=["sweep"])

AdminDep = Annotated[Caller, Depends(require_role(Role.ADMIN))]


def sweep_day(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_gongkai_as: Annotated[str | None, Header()] = None,
    x_gongkai_today: Annotated[str | None, Header()] = None,
) -> date | None:
    """The day to sweep as of: the home's local token may sweep without naming a user; a user must be the
    disclosure office (reviewer) or an administrator."""
    scheme, _, secret = (authorization or "").partition(" ")
    if scheme == "Local" and not x_gongkai_as and hmac.compare_digest(secret.strip(), request.app.state.local_token):
        pinned = parse_day(x_gongkai_today, what="X-Gongkai-Today") if x_gongkai_today else None
        return Clock(pinned or runtime_of(request).settings.today).today()
    who = caller(request, authorization, x_gongkai_as, x_gongkai_today)
    if who.user.role not in (Role.REVIEWER, Role.ADMIN):
        raise PolicyRefusal(f"用户 {who.user.name} 的角色无权执行期限巡查（限政务公开审查员、系统管理员）")
    return who.clock.today()


@router.post("/api/sweep")
async def run_sweep(
    today: Annotated[date | None, Depends(sweep_day)],
    within: Annotated[int, Query(ge=0, le=60)] = DUE_SOON_WORKING_DAYS,
    escalate_after: Annotated[int, Query(ge=0, le=60)] = ESCALATE_AFTER_WORKING_DAYS,
) -> dict[str, Any]:
    """Run the deadline sweep once, as of today: what is due soon, what is overdue, the reminders sent."""
    result = await deadline_sweep(
        today=today, within_working_days=within, escalate_after=escalate_after, scheduled=False
    )
    return result.to_dict()


@router.get("/api/notify")
def list_targets(who: AdminDep, uow: ReadDep) -> list[dict[str, Any]]:
    """The reminder URLs, their secrets masked."""
    return notify.list_targets(uow)


@router.post("/api/notify")
def add_target(body: NotifyTargetIn, who: AdminDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Add an apprise URL for reminders (for one department, or for supervisors' escalations)."""
    with runtime.unit_of_work() as uow:
        return notify.add_target(uow, who.user.name, url=body.url, department=body.dept, role=body.role)


@router.delete("/api/notify/{target_id}")
def remove_target(who: AdminDep, runtime: RuntimeDep, target_id: EntryId) -> dict[str, Any]:
    """Stop sending reminders to a URL."""
    with runtime.unit_of_work() as uow:
        return notify.remove_target(uow, who.user.name, target_id)
