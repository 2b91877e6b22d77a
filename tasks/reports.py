"""Prefect tasks of the reports: each report built in one read-only unit of work from set-based aggregates, and
the report's own records (cases, hand-entered figures, sections) each changed with its audit event.

Who may: supervisors, reviewers and admins read reports; only the disclosure office (reviewers) records cases
and enters figures and sections (policies.annual_report).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from loguru import logger

from policies.annual_report import (
    CaseFact,
    CaseKind,
    CaseResult,
    FigureItem,
    Section,
    check_case_decision,
    check_case_filing,
    check_may_edit,
    check_may_read,
    check_report_year,
    parse_figure,
)
from policies.errors import BadInput
from policies.roles import Role
from storage.audit import NewEvent
from storage.models import ReviewCase, User
from storage.read.models.reports import AnnualReport, CaseView, CycleTimeReport
from storage.read.reports import annual_report as build_annual_report
from storage.read.reports import case_view
from storage.read.reports import cycle_time_report as build_cycle_time_report
from storage.reports import CASE_SUBJECT, REPORT_SUBJECT, ReportRepository
from storage.uow import UnitOfWork
from tasks.context import unit_of_work
from tasks.steps import step

MAX_SECTION_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class CycleWindow:
    """The days a cycle-time report covers: a year, or part of it."""

    year: int
    start: date | None = None
    end: date | None = None


def _reader(uow: UnitOfWork, actor: str | None) -> None:
    """A named reader must be allowed to read reports; a scheduled run (no actor) reads as the system."""
    if actor is not None:
        check_may_read(Role(uow.users.get(actor).role))


def _editor(uow: UnitOfWork, actor: str) -> User:
    user = uow.users.get(actor)
    check_may_edit(Role(user.role))
    return user


@step
def gather_cycle_times(window: CycleWindow, actor: str | None, today: date | None) -> CycleTimeReport:
    """The cycle-time report: three aggregate statements, working days counted over the aggregated rows."""
    with unit_of_work(today, readonly=True) as uow:
        _reader(uow, actor)
        check_report_year(window.year, uow.clock.today())
        return build_cycle_time_report(uow, window.year, today=uow.clock.today(), start=window.start, end=window.end)


@step
def gather_annual_report(year: int, actor: str | None, today: date | None) -> AnnualReport:
    """The annual report: tables 二, 三 and 四 from aggregate statements, the sections as written or generated."""
    with unit_of_work(today, readonly=True) as uow:
        _reader(uow, actor)
        check_report_year(year, uow.clock.today())
        return build_annual_report(uow, year, today=uow.clock.today())


@step
def record_case(actor: str, request_id: int, kind: CaseKind, filed_on: date, today: date | None) -> CaseView:
    """Record a reconsideration or lawsuit about a request (table 四), with its audit event."""
    with unit_of_work(today) as uow:
        user = _editor(uow, actor)
        request = uow.requests.get(request_id)
        check_case_filing(filed_on, request.received_on, uow.clock.today())
        case = ReportRepository(uow.session).add_case(
            ReviewCase(request_id=request_id, kind=kind.value, filed_on=filed_on, recorded_by=user.name)
        )
        payload = {"request_id": request_id, "kind": kind.value, "filed_on": filed_on}
        uow.record(_event(user, "case_recorded", CASE_SUBJECT, case.id or 0, payload, to_state=CaseResult.PENDING))
        uow.commit()
        logger.info("case {} ({}) recorded for request {} by {}", case.id, kind.value, request_id, actor)
        return case_view(case)


@step
def decide_case(actor: str, case_id: int, result: CaseResult, decided_on: date | None, today: date | None) -> CaseView:
    """Record how a case ended (维持, 纠正, 其他), once, with its audit event."""
    with unit_of_work(today) as uow:
        user = _editor(uow, actor)
        reports = ReportRepository(uow.session)
        case = reports.case(case_id)
        on = decided_on or uow.clock.today()
        fact = CaseFact(CaseKind(case.kind), case.filed_on, CaseResult(case.result) if case.result else None)
        check_case_decision(fact, on, uow.clock.today())
        case.result, case.decided_on = result.value, on
        uow.session.add(case)
        payload = {"request_id": case.request_id, "result": result.value, "decided_on": on}
        uow.record(_event(user, "case_decided", CASE_SUBJECT, case_id, payload, CaseResult.PENDING, result))
        uow.commit()
        logger.info("case {} decided {} by {}", case_id, result.value, actor)
        return case_view(case)


@step
def enter_figure(actor: str, year: int, item: FigureItem, value: str, today: date | None) -> AnnualReport:
    """Enter a figure of table 二 the system cannot know; it shows as 手工填报 with who entered it and when."""
    with unit_of_work(today) as uow:
        user = _editor(uow, actor)
        check_report_year(year, uow.clock.today())
        figure = parse_figure(item, value)
        ReportRepository(uow.session).set_figure(year, item, figure, by=user.name, on=uow.clock.today())
        payload = {"item": item.value, "value": str(figure)}
        uow.record(_event(user, "report_figure_set", REPORT_SUBJECT, year, payload))
        uow.commit()
    return gather_annual_report.fn(year, actor, today)


@step
def write_section(actor: str, year: int, section: Section, text: str, today: date | None) -> AnnualReport:
    """Write a section of the annual report (一 总体情况, 五, 六), replacing what was written before."""
    text = text.strip()
    if not text:
        raise BadInput(f"“{section.heading}”的内容不能为空")
    if len(text) > MAX_SECTION_CHARS:
        raise BadInput(f"“{section.heading}”过长：{len(text)} 个字符，最多 {MAX_SECTION_CHARS} 个")
    with unit_of_work(today) as uow:
        user = _editor(uow, actor)
        check_report_year(year, uow.clock.today())
        ReportRepository(uow.session).set_section(year, section.value, text, by=user.name, on=uow.clock.today())
        payload = {"section": section.value, "characters": len(text)}
        uow.record(_event(user, "report_section_set", REPORT_SUBJECT, year, payload))
        uow.commit()
    return gather_annual_report.fn(year, actor, today)


def _event(
    user: User,
    action: str,
    subject_type: str,
    subject_id: int,
    payload: Mapping[str, object],
    from_state: str | None = None,
    to_state: str | None = None,
) -> NewEvent:
    return NewEvent(
        actor=user.name,
        role=user.role,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        from_state=from_state,
        to_state=to_state,
        payload=dict(payload),
    )
