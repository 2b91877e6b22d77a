"""The HTTP API of the reports under /api/reports, and of the cases table 四 counts under /api/cases.

Each report is a flow run (its summary becomes artifacts of the run); supervisors, reviewers and admins may run
them. Cases, figures and sections are the disclosure office's (reviewers'); supervisors change nothing — the
tasks ask policies.annual_report who may.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from app.web.deps import CallerDep, EntryId, ReadDep, YearInPath
from app.web.schemas.reports import CaseDecision, FigureIn, NewCase, SectionIn
from flows.reports import (
    add_review_case,
    annual_report,
    cycle_time_report,
    decide_review_case,
    set_report_figure,
    set_report_section,
)
from policies.annual_report import CaseKind, CaseResult, FigureItem, Section, check_may_read
from policies.roles import Role
from storage.read.models.reports import AnnualReport, CaseView, CycleTimeReport
from storage.read.reports import case_list

router = APIRouter(tags=["reports"])

Year = Annotated[int | None, Query(ge=2000, le=2100)]


@router.get("/api/reports/cycle-times")
async def cycle_times(
    who: CallerDep,
    year: Year = None,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> CycleTimeReport:
    """Cycle times of the year (default: this year), or of part of it, as of today."""
    return await cycle_time_report(year=year, start=start, end=end, actor=who.user.name, today=who.today)


@router.get("/api/reports/annual")
async def annual(who: CallerDep, year: Year = None) -> AnnualReport:
    """The annual report of the year (default: last year)."""
    return await annual_report(year=year, actor=who.user.name, today=who.today)


@router.put("/api/reports/annual/{year}/figures/{item}")
async def set_figure(year: YearInPath, item: str, body: FigureIn, who: CallerDep) -> AnnualReport:
    """Enter a figure of table 二 the system cannot know (the disclosure office only)."""
    return await set_report_figure(
        actor=who.user.name, year=year, item=FigureItem.parse(item), value=body.value, today=who.today
    )


@router.put("/api/reports/annual/{year}/sections/{section}")
async def set_section(year: YearInPath, section: str, body: SectionIn, who: CallerDep) -> AnnualReport:
    """Write section 一, 五 or 六 of the annual report (the disclosure office only)."""
    return await set_report_section(
        actor=who.user.name, year=year, section=Section.named(section), text=body.text, today=who.today
    )


@router.get("/api/cases")
def list_cases(who: CallerDep, uow: ReadDep, year: Year = None) -> list[CaseView]:
    """Recorded reconsiderations and lawsuits (those table 四 of the year counts, with a year)."""
    check_may_read(Role(who.user.role))
    return case_list(uow, year=year)


@router.post("/api/cases")
async def new_case(body: NewCase, who: CallerDep) -> CaseView:
    """Record a reconsideration or lawsuit about a request."""
    return await add_review_case(
        actor=who.user.name,
        request_id=body.request_id,
        kind=CaseKind.parse(body.kind),
        filed_on=body.filed,
        today=who.today,
    )


@router.post("/api/cases/{case_id}/decision")
async def decide(case_id: EntryId, body: CaseDecision, who: CallerDep) -> CaseView:
    """Record how a case ended."""
    return await decide_review_case(
        actor=who.user.name,
        case_id=case_id,
        result=CaseResult.decided(body.result),
        decided_on=body.decided,
        today=who.today,
    )
