"""督查, the supervisor's dashboard: what is overdue now and what falls due this week, documents and request replies
(each list paged and ordered by deadline), the year's cycle times at a glance (on-time rates, bars by department and
by month), and the cycle-time and annual reports to download in the formats the CLI writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response
from markupsafe import Markup

from app.reports.docx import annual_docx
from app.reports.html import annual_html, cycle_html, month_columns, stacked_bars
from app.reports.text import cycle_csv
from app.reports.xlsx import annual_xlsx, cycle_xlsx
from app.web.pages.common import PageRoute, ReadUnit, Viewer, allow, page_number, pager, render
from policies.cycle_times import Measure
from policies.errors import BadInput, NotFound
from policies.roles import Role
from storage.read.models.reports import AnnualReport, CycleTimeReport
from storage.read.overdue import owed_replies
from storage.read.pages import document_page
from storage.read.reports import annual_report, cycle_time_report

router = APIRouter(route_class=PageRoute, include_in_schema=False)

SupervisorDep = Annotated[Viewer, Depends(allow(Role.SUPERVISOR, Role.REVIEWER))]
FIRST_YEAR, LAST_YEAR = 2008, 2100  # the 条例 took effect in 2008
WEEK = timedelta(days=7)
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
CYCLE_FILES: dict[str, Callable[[CycleTimeReport], str | bytes]] = {
    "xlsx": cycle_xlsx, "html": cycle_html, "csv": cycle_csv,
}  # fmt: skip
ANNUAL_FILES: dict[str, Callable[[AnnualReport], str | bytes]] = {
    "docx": annual_docx, "xlsx": annual_xlsx, "html": annual_html,
}  # fmt: skip
FORMAT_LABELS = {"xlsx": "Excel 表格", "docx": "Word 文档", "html": "网页", "csv": "逗号分隔表格"}
"""How a download link names its format: in words, the extension after it (Excel 表格（.xlsx）)."""


def report_year(text: str | None, default: int) -> int:
    """The year asked for (?year=2026), or `default`; anything else is refused with one line (400)."""
    if text is None or text == "":
        return default
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise BadInput(f"年份应为 {FIRST_YEAR}–{LAST_YEAR} 年之间的四位数字：“{text[:8]}”")
    return int(text)


def _formats(files: Iterable[str]) -> list[dict[str, str]]:
    return [{"extension": f, "label": f"{FORMAT_LABELS[f]}（.{f}）"} for f in files]


@router.get("/dashboard")
def dashboard(request: Request, who: SupervisorDep, uow: ReadUnit) -> Response:
    """Overdue now (a deadline before today still open), due within the coming week, and the year's cycle times."""
    yesterday, week_end = who.today - timedelta(days=1), who.today + WEEK
    overdue = document_page(uow, today=who.today, scope=who.scope, by_deadline=True,
                            due_within=(None, yesterday),
                            page=page_number(request.query_params.get("page")))  # fmt: skip
    soon = document_page(uow, today=who.today, scope=who.scope, by_deadline=True,
                         due_within=(who.today, week_end),
                         page=page_number(request.query_params.get("soon")))  # fmt: skip
    late_replies = owed_replies(uow, today=who.today, due_within=(None, yesterday),
                                page=page_number(request.query_params.get("late")))  # fmt: skip
    replies_soon = owed_replies(uow, today=who.today, due_within=(who.today, week_end),
                                page=page_number(request.query_params.get("replies")))  # fmt: skip
    shown_year = report_year(request.query_params.get("year"), who.today.year)
    report = cycle_time_report(uow, shown_year, today=who.today)
    return render(request, "dashboard.html", who, title="督查", overdue=overdue.items,
                  late_replies=late_replies.items, late_paging=pager(late_replies, "/dashboard", "late"),
                  replies_soon=replies_soon.items, replies_paging=pager(replies_soon, "/dashboard", "replies"),
                  overdue_paging=pager(overdue, "/dashboard"), soon=soon.items,
                  soon_paging=pager(soon, "/dashboard", "soon"), year=shown_year,
                  measures=_measures(report), cycle_formats=_formats(CYCLE_FILES),
                  annual_formats=_formats(ANNUAL_FILES), annual_year=who.today.year - 1)  # fmt: skip


@router.get("/reports/cycle-times.{extension}")
def cycle_times_file(request: Request, extension: str, who: SupervisorDep, uow: ReadUnit) -> Response:
    """The cycle-time report of the year (default: this year) as a file."""
    render_file = CYCLE_FILES.get(extension)
    if render_file is None:
        raise NotFound(_no_format(extension, CYCLE_FILES))
    shown_year = report_year(request.query_params.get("year"), who.today.year)
    report = cycle_time_report(uow, shown_year, today=who.today)
    return _download(render_file(report), extension, f"{shown_year}年办理时限统计")


@router.get("/reports/annual.{extension}")
def annual_file(request: Request, extension: str, who: SupervisorDep, uow: ReadUnit) -> Response:
    """The annual report of the year (default: last year) as a file, in the 2021 national format."""
    render_file = ANNUAL_FILES.get(extension)
    if render_file is None:
        raise NotFound(_no_format(extension, ANNUAL_FILES))
    shown_year = report_year(request.query_params.get("year"), who.today.year - 1)
    report = annual_report(uow, shown_year, today=who.today)
    return _download(render_file(report), extension, f"{shown_year}年政府信息公开工作年度报告")


def _no_format(extension: str, files: Iterable[str]) -> str:
    offered = "、".join(f"{FORMAT_LABELS[f]}（.{f}）" for f in files)
    return f"没有 .{extension[:10]} 格式的报表（可下载：{offered}）"


def _measures(report: CycleTimeReport) -> list[dict[str, object]]:
    """Per measure: its figures and its charts (inline SVG, escaped where they are built)."""
    shown = []
    for measure in Measure:
        stats = getattr(report, measure.value)
        shown.append({
            "label": measure.label,
            "stats": stats,
            "by_department": Markup(stacked_bars(f"{measure.label}：各科室", stats.by_department)),
            "by_month": Markup(month_columns(f"{measure.label}：各月", stats.by_month)),
        })  # fmt: skip
    return shown


def _download(content: str | bytes, extension: str, name: str) -> Response:
    """A file to save, named in Chinese (RFC 5987) with an ASCII fallback."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    disposition = f"attachment; filename=report.{extension}; filename*=UTF-8''{quote(f'{name}.{extension}')}"
    return Response(data, media_type=MEDIA[extension], headers={"Content-Disposition": disposition})
