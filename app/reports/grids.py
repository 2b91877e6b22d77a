"""The reports as grids of cells, shared by the terminal table, csv, xlsx, html and docx renderers."""

from __future__ import annotations

from typing import Final

from flows.reports import table3_rows
from policies.annual_report import TOTAL, CaseKind, CaseResult
from policies.cycle_times import Measure
from storage.read.models.reports import AnnualReport, CycleFigures, CycleStats, CycleTimeReport

Cell = str | int | float | None

CYCLE_HEADER: Final = (
    "环节", "分组", "名称", "件数", "按时", "逾期", "未办结已逾期", "未办结", "按时率",
    "中位数（工作日）", "90%分位（工作日）",
)  # fmt: skip
GROUPS: Final = (("by_department", "科室"), ("by_area", "主题分类"), ("by_month", "月份"))


def rate(value: float | None) -> str:
    """An on-time rate as a percentage, or — when nothing is done yet."""
    return "—" if value is None else f"{value:.1%}"


def figures_cells(figures: CycleFigures) -> list[Cell]:
    """One group's figures as cells, in CYCLE_HEADER's order after the names."""
    return [
        figures.count, figures.on_time, figures.late, figures.open_overdue, figures.open, rate(figures.on_time_rate),
        figures.median_working_days, figures.p90_working_days,
    ]  # fmt: skip


def measure_stats(report: CycleTimeReport, measure: Measure) -> CycleStats:
    """A measure's stats by its code."""
    stats: CycleStats = getattr(report, measure.value)
    return stats


def cycle_rows(report: CycleTimeReport, *, breakdowns: bool = True) -> list[list[Cell]]:
    """Every measure overall, then (with breakdowns) by department, area and month."""
    rows: list[list[Cell]] = []
    for measure in Measure:
        stats = measure_stats(report, measure)
        rows.append([measure.label, "合计", "全部", *figures_cells(stats)])
        if breakdowns:
            for attribute, group in GROUPS:
                for name, figures in getattr(stats, attribute).items():
                    rows.append([measure.label, group, name, *figures_cells(figures)])
    return rows


def cycle_title(report: CycleTimeReport) -> str:
    """The report's title line."""
    return f"{report.year}年政务公开办理周期统计（{report.start} 至 {report.end}，截至 {report.today}）"


TABLE3_HEADER: Final = ("项目", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def table3_grid(report: AnnualReport) -> list[list[Cell]]:
    """Table 三 as rows of the national format, under TABLE3_HEADER."""
    return [[row[column] for column in TABLE3_HEADER] for row in table3_rows(report)]  # type: ignore[misc]


TABLE4_GROUPS: Final = ("行政复议", "行政诉讼：未经复议直接起诉", "行政诉讼：复议后起诉")
TABLE4_RESULTS: Final = (*(result.label for result in CaseResult), "总计")


def table4_row(report: AnnualReport) -> list[int]:
    """Table 四's one row: for each kind of case, 结果维持, 结果纠正, 其他结果, 尚未审结, 总计."""
    cells: list[int] = []
    for kind in CaseKind:
        counts = report.table4[kind.value]
        cells += [counts[result.value] for result in CaseResult] + [counts[TOTAL]]
    return cells


TABLE2_HEADER: Final = ("项目", "数量", "来源")


def table2_grid(report: AnnualReport) -> list[list[Cell]]:
    """Table 二: each figure, and where it came from (系统统计, 手工填报 by whom and when, 尚未填报)."""
    rows: list[list[Cell]] = []
    for item in report.table2:
        source = item.source
        if item.entered_by:
            source = f"{item.source}（{item.entered_by}，{item.entered_on}）"
        rows.append([item.label, item.value, source])
    return rows


def annual_title(report: AnnualReport) -> str:
    """The report's title, as the national format words it."""
    return f"{report.organisation}{report.year}年政府信息公开工作年度报告"
