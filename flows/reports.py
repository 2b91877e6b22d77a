"""Reports for supervisors as async Prefect flows: the cycle-time report (weekly) and the annual report (5 January),
and the disclosure office's entries for the annual report (cases, hand-entered figures, sections).

Both reports run with no arguments on a schedule: the cycle-time report covers the current year up to today, the
annual report the previous year. Each report run leaves its summary in the Prefect UI as artifacts of the run
(a markdown summary and a table), keyed by the report and year so the UI keeps their history.
"""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact

from policies.annual_report import TOTAL, CaseKind, CaseResult, FigureItem, Section
from policies.cycle_times import Measure
from policies.request_codes import ApplicantType
from policies.request_results import ANNUAL_REPORT_ROWS
from storage.read.models.reports import AnnualReport, CaseView, CycleStats, CycleTimeReport
from tasks.context import clock
from tasks.reports import (
    CycleWindow,
    decide_case,
    enter_figure,
    gather_annual_report,
    gather_cycle_times,
    record_case,
    write_section,
)


@flow(name="cycle-time-report", log_prints=False, validate_parameters=False)
async def cycle_time_report(
    year: int | None = None,
    start: date | None = None,
    end: date | None = None,
    actor: str | None = None,
    today: date | None = None,
) -> CycleTimeReport:
    """Cycle times in working days (formation → publication → interpretation, receipt → reply), as of today."""
    day = clock(today).today()
    report = gather_cycle_times(CycleWindow(year or day.year, start, end), actor, today)
    await acreate_markdown_artifact(
        key=f"cycle-times-{report.year}", markdown=cycle_time_markdown(report), description="周期统计摘要"
    )
    await acreate_table_artifact(
        key=f"cycle-times-{report.year}-table", table=cycle_time_table(report), description="各环节周期（工作日）"
    )
    return report


@flow(name="annual-report", log_prints=False, validate_parameters=False)
async def annual_report(year: int | None = None, actor: str | None = None, today: date | None = None) -> AnnualReport:
    """The annual report of the year (by default the previous one), due by 31 January (条例 Art. 49)."""
    day = clock(today).today()
    report = gather_annual_report(year or day.year - 1, actor, today)
    await acreate_markdown_artifact(
        key=f"annual-report-{report.year}", markdown=annual_markdown(report), description="政府信息公开年度报告摘要"
    )
    await acreate_table_artifact(
        key=f"annual-report-{report.year}-table3", table=table3_rows(report), description="表三 收到和处理申请情况"
    )
    return report


@flow(name="case-add", log_prints=False, validate_parameters=False)
async def add_review_case(
    actor: str, request_id: int, kind: CaseKind, filed_on: date, today: date | None = None
) -> CaseView:
    """Record a reconsideration or lawsuit about a request (表四)."""
    return record_case(actor, request_id, kind, filed_on, today)


@flow(name="case-decide", log_prints=False, validate_parameters=False)
async def decide_review_case(
    actor: str, case_id: int, result: CaseResult, decided_on: date | None = None, today: date | None = None
) -> CaseView:
    """Record how a reconsideration or lawsuit ended."""
    return decide_case(actor, case_id, result, decided_on, today)


@flow(name="report-figure-set", log_prints=False, validate_parameters=False)
async def set_report_figure(
    actor: str, year: int, item: FigureItem, value: str, today: date | None = None
) -> AnnualReport:
    """Enter a figure of table 二 by hand."""
    return enter_figure(actor, year, item, value, today)


@flow(name="report-section-set", log_prints=False, validate_parameters=False)
async def set_report_section(
    actor: str, year: int, section: Section, text: str, today: date | None = None
) -> AnnualReport:
    """Write a section of the annual report."""
    return write_section(actor, year, section, text, today)


def _rate(stats: CycleStats) -> str:
    return "—" if stats.on_time_rate is None else f"{stats.on_time_rate:.1%}"


def _days(value: float | int | None) -> str:
    return "—" if value is None else f"{value:g}"


def cycle_time_markdown(report: CycleTimeReport) -> str:
    """The cycle-time report's summary for the Prefect UI."""
    lines = [
        f"# {report.year}年 办理周期统计（{report.start} 至 {report.end}，截至 {report.today}）",
        "",
        "| 环节 | 件数 | 按时 | 逾期 | 未办结已逾期 | 按时率 | 中位数（工作日） | 90%分位（工作日） |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for measure in Measure:
        s: CycleStats = getattr(report, measure.value)
        lines.append(
            f"| {measure.label} | {s.count} | {s.on_time} | {s.late} | {s.open_overdue} | {_rate(s)} | "
            f"{_days(s.median_working_days)} | {_days(s.p90_working_days)} |"
        )
    return "\n".join(lines)


def cycle_time_table(report: CycleTimeReport) -> list[dict[str, object]]:
    """Each measure by department, as rows of the table artifact."""
    rows: list[dict[str, object]] = []
    for measure in Measure:
        stats: CycleStats = getattr(report, measure.value)
        for department, s in stats.by_department.items():
            rows.append({"环节": measure.label, "科室": department, "件数": s.count, "按时": s.on_time,
                         "逾期": s.late, "未办结已逾期": s.open_overdue, "中位数": s.median_working_days})  # fmt: skip
    return rows


def table3_rows(report: AnnualReport) -> list[dict[str, object]]:
    """Table 三 as rows of the table artifact: one per row of the national format, one column per applicant type."""
    t = report.table3
    named = [("一、本年新收政府信息公开申请数量", t.new), ("二、上年结转政府信息公开申请数量", t.carried_in)]
    named += [(f"三、{row.title}", t.results[row.key]) for row in ANNUAL_REPORT_ROWS]
    named += [("三、（七）总计", t.results_total), ("四、结转下年度继续办理", t.carried_out)]
    columns = [(kind.value, kind.label) for kind in ApplicantType] + [(TOTAL, "总计")]
    return [{"项目": name, **{label: counts[code] for code, label in columns}} for name, counts in named]


def annual_markdown(report: AnnualReport) -> str:
    """The annual report's summary for the Prefect UI: the overview, the balance check, table 四's totals."""
    t = report.table3
    check = "平衡" if t.balanced else "不平衡，请核查"
    overview = next(section for section in report.sections if section.code == Section.OVERVIEW.value)
    missing = [item.label for item in report.table2 if item.value is None]
    lines = [
        f"# {report.organisation} {report.year}年政府信息公开工作年度报告（摘要）",
        "",
        overview.text,
        "",
        f"- 表三：本年新收 {t.new[TOTAL]}，上年结转 {t.carried_in[TOTAL]}，办理结果总计 {t.results_total[TOTAL]}，"
        f"结转下年度 {t.carried_out[TOTAL]}（{check}）",
        "- 表四：" + "，".join(f"{kind.label} {report.table4[kind.value][TOTAL]} 件" for kind in CaseKind),
        "- 表二尚未填报：" + ("、".join(missing) if missing else "无"),
    ]
    return "\n".join(lines)
