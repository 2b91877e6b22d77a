"""The reports' read models, built from the set-based aggregates (storage.reports) and the pure report rules
(policies.cycle_times, policies.annual_report)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from policies.annual_report import (
    SECTION_HEADINGS,
    CaseKind,
    CaseResult,
    Section,
    table2,
    table3,
    table4,
)
from policies.annual_report import overview as generated_overview
from policies.cycle_times import Measure, cycle_times, report_window, working_day_ordinals
from storage.calendar import working_calendar
from storage.models import ReportSection, ReviewCase
from storage.read.common import iso_day
from storage.read.models.reports import (
    AnnualReport,
    CaseView,
    CycleTimeReport,
    SectionView,
    Table2Item,
    Table3View,
)
from storage.reports import ReportRepository
from storage.uow import UnitOfWork


def cycle_time_report(
    uow: UnitOfWork, year: int, *, today: date, start: date | None = None, end: date | None = None
) -> CycleTimeReport:
    """The cycle-time report of the year (or the part of it given), as of today: three aggregate statements."""
    start, end = report_window(year, start, end)
    calendar = working_calendar(uow.calendar)
    reports = ReportRepository(uow.session)
    reports.load_ordinals(working_day_ordinals(calendar, start, date(calendar.last_year, 12, 31)))
    groups = {
        Measure.PUBLICATION: reports.publication_groups(start, end, today),
        Measure.INTERPRETATION: reports.interpretation_groups(start, end, today),
        Measure.REPLY: reports.reply_groups(start, end, today),
    }
    times = cycle_times(groups, start=start, end=end, today=today)
    return CycleTimeReport.model_validate(
        {
            "year": year,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "today": today.isoformat(),
            "publication": times.publication,
            "interpretation": times.interpretation,
            "reply": times.reply,
        }
    )


def annual_report(uow: UnitOfWork, year: int, *, today: date) -> AnnualReport:
    """The annual report of the year as of today: tables from the records, sections as written (or generated)."""
    reports = ReportRepository(uow.session)
    documents = reports.document_counts(year)
    requests = table3(reports.request_facts(year), year)
    cases = table4(reports.case_facts(year), year)
    written = reports.sections(year)
    overview = generated_overview(year, documents, requests, cases)
    sections = [_section(heading, written, overview) for heading in SECTION_HEADINGS]
    organisation = uow.organisations.default()
    return AnnualReport(
        year=year,
        organisation=organisation.name if organisation else "",
        today=today.isoformat(),
        sections=sections,
        table2=[
            Table2Item(
                item=row.item,
                label=row.label,
                value=_number(row.value),
                source=row.source,
                entered_by=row.entered_by,
                entered_on=iso_day(row.entered_on),
            )
            for row in table2(documents, reports.figures(year))
        ],
        table3=Table3View(
            new=requests.new,
            carried_in=requests.carried_in,
            results=requests.results,
            results_total=requests.results_total,
            carried_out=requests.carried_out,
            balanced=requests.balanced,
        ),
        table4=cases,
    )


def _section(heading: str, written: dict[str, ReportSection], overview: str) -> SectionView:
    """A section as written by the office; else 一 generated, 五 and 六 empty; 二 to 四 are the tables (table2…)."""
    section = next((s for s in Section if s.heading == heading), None)
    if section is None:
        code = f"table{SECTION_HEADINGS.index(heading) + 1}"
        return SectionView(code=code, heading=heading, text="", entered_by=None, entered_on=None, generated=True)
    row = written.get(section.value)
    if row is None:
        text = overview if section is Section.OVERVIEW else ""
        return SectionView(code=section.value, heading=heading, text=text, entered_by=None, entered_on=None,
                           generated=True)  # fmt: skip
    return SectionView(code=section.value, heading=heading, text=row.text, entered_by=row.entered_by,
                       entered_on=row.entered_on.isoformat(), generated=False)  # fmt: skip


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def case_view(case: ReviewCase) -> CaseView:
    """A case as the API shows it."""
    kind = CaseKind(case.kind)
    result = CaseResult(case.result) if case.result else None
    return CaseView(
        id=case.id or 0,
        request_id=case.request_id,
        kind=kind.value,
        kind_label=kind.label,
        filed_on=case.filed_on.isoformat(),
        result=result.value if result else None,
        result_label=result.label if result else None,
        decided_on=iso_day(case.decided_on),
        recorded_by=case.recorded_by,
    )


def case_list(uow: UnitOfWork, *, year: int | None = None) -> list[CaseView]:
    """The recorded cases (those table 四 of the year may count, with a year)."""
    return [case_view(case) for case in ReportRepository(uow.session).cases(year=year)]
