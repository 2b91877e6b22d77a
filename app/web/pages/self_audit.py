"""年度自查, the November self-audit as the disclosure office works it: its items, each decision, the progress;
open it, keep an item with a reason or convert its document's attribute, close it. Supervisors read it.

Every form runs the self-audit flow the API runs (flows.self_audit).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from app.web.deps import runtime_of
from app.web.pages.common import PageRoute, ReadUnit, Viewer, allow, checked_form, redirect, render, status_of
from app.web.pages.drafter import text_field
from flows.self_audit import close_self_audit, decide_self_audit_item, open_self_audit
from policies.attributes import Attribute
from policies.dates import parse_day
from policies.deadlines import DeadlineStatus, deadline_status
from policies.errors import BadInput, GongkaiError, NotFound
from policies.roles import Role
from policies.self_audit import ItemReason
from storage.read.models.self_audit import SelfAuditReport
from storage.read.self_audit import self_audit_report
from storage.uow import UnitOfWork

router = APIRouter(route_class=PageRoute, include_in_schema=False)

ReaderDep = Annotated[Viewer, Depends(allow(Role.REVIEWER, Role.SUPERVISOR))]
OfficeDep = Annotated[Viewer, Depends(allow(Role.REVIEWER))]
FIRST_YEAR, LAST_YEAR = 2008, 2100  # the 条例 took effect in 2008


def parse_year(text: str | None, default: int) -> int:
    """The year asked for (?year=2026), or this year; another value is not found."""
    if text is None:
        return default
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise NotFound(f"没有 {text[:8]} 年的自查")
    return int(text)


def _page(request: Request, who: Viewer, uow: UnitOfWork, year: int, *, status: int = 200,
          error: str | None = None, typed: dict[str, Any] | None = None) -> Response:  # fmt: skip
    try:
        report = self_audit_report(uow, year)
    except NotFound:
        report = None
    return render(
        request, "self_audit.html", who, status=status, error=error, title=f"{year}年度自查", year=year,
        report=report, reasons={r.value: r.label for r in ItemReason}, attributes=list(Attribute),
        office=who.role is Role.REVIEWER, typed=typed or {"item": None}, openable=year <= who.today.year,
        timing=_timing(report, who.today).value if report else None,
    )  # fmt: skip


def _timing(report: SelfAuditReport, today: date) -> DeadlineStatus:
    """Where the audit stands against its 完成期限: pending or overdue while open, closed on time or late."""
    closed_on = parse_day(report.closed_on, what="完成日期") if report.closed_on else None
    return deadline_status(parse_day(report.due, what="完成期限"), closed_on, active=True, today=today)


@router.get("/self-audit")
def self_audit(request: Request, who: ReaderDep, uow: ReadUnit) -> Response:
    """The year's self-audit: progress, items, decisions (or, before it is opened, the button to open it)."""
    return _page(request, who, uow, parse_year(request.query_params.get("year"), who.today.year))


Run = Callable[[Any], Awaitable[object]]


async def _act(request: Request, who: Viewer, year: int, run: Run, done: str, *, item: int | None = None) -> Response:
    """Run the step; a refusal is the page again with its line and, for an item's form, what was typed in it."""
    typed: dict[str, Any] = {"item": item}
    try:
        form = await checked_form(request, who)
        typed.update({name: text_field(form, name) or "" for name in ("decision", "reason", "convert")})
        await run(form)
    except GongkaiError as error:
        with runtime_of(request).unit_of_work(readonly=True) as uow:
            return _page(request, who, uow, year, status=status_of(error), error=str(error), typed=typed)
    return redirect(f"/self-audit?year={year}", done)


@router.post("/self-audit/{year}/open")
async def open_audit(request: Request, year: str, who: OfficeDep) -> Response:
    """Open the year's self-audit and list its items."""
    number = parse_year(year, who.today.year)

    async def run(_form: Any) -> object:
        return await open_self_audit(year=number, actor=who.user.name, today=who.today)

    return await _act(request, who, number, run, "年度自查已开始")


@router.post("/self-audit/{year}/items/{item_id}")
async def decide(request: Request, year: str, item_id: str, who: OfficeDep) -> Response:
    """Keep an item with a reason, or convert its document's attribute."""
    number = parse_year(year, who.today.year)
    if not item_id.isdigit() or len(item_id) > 18:
        raise NotFound(f"没有编号为 {item_id[:20]} 的自查事项")

    async def run(form: Any) -> object:
        decision, target = text_field(form, "decision"), text_field(form, "convert")
        if decision not in ("keep", "convert"):
            raise BadInput("请选择维持原属性或转换公开属性")
        return await decide_self_audit_item(
            item_id=int(item_id), actor=who.user.name, today=who.today,
            keep_reason=(text_field(form, "reason") or "") if decision == "keep" else None,
            convert_to=Attribute.parse(target or "") if decision == "convert" else None,
        )  # fmt: skip

    return await _act(request, who, number, run, "自查结论已保存", item=int(item_id))


@router.post("/self-audit/{year}/close")
async def close(request: Request, year: str, who: OfficeDep) -> Response:
    """Close the audit once every item is decided (the spot check is drawn)."""
    number = parse_year(year, who.today.year)

    async def run(_form: Any) -> object:
        return await close_self_audit(year=number, actor=who.user.name, today=who.today)

    return await _act(request, who, number, run, "年度自查已完成")
