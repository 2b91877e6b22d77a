"""`gongkai report …` and `gongkai case …`: the supervisors' reports and the disclosure office's entries for the
annual report, through the web app (each report is a flow run whose summary becomes artifacts of the run).

Text formats (table, json, csv, html) go to stdout unless --output names a file; binary ones (xlsx, docx) need
--output. The renderers load only when a command writes a file of their format (openpyxl and python-docx are
not paid for by `gongkai --help`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

import typer

from app.cli.client import call
from app.cli.context import runtime_of
from app.home.runtime import to_json
from policies.dates import parse_day
from policies.errors import BadInput

if TYPE_CHECKING:
    from storage.read.models.reports import AnnualReport, CycleTimeReport

report_cli = typer.Typer(help="统计报表：办理周期、政府信息公开工作年度报告。", no_args_is_help=True)
figure_cli = typer.Typer(help="年度报告表二中系统无法统计的数字（手工填报）。", no_args_is_help=True)
section_cli = typer.Typer(help="年度报告中由本机关撰写的部分（一、五、六）。", no_args_is_help=True)
case_cli = typer.Typer(help="政府信息公开行政复议、行政诉讼案件（年度报告表四）。", no_args_is_help=True)
report_cli.add_typer(figure_cli, name="figure")
report_cli.add_typer(section_cli, name="section")

AsUser = Annotated[str, typer.Option("--as", help="以此用户身份操作（督查人员、政务公开审查员或系统管理员）。")]
Output = Annotated[Path | None, typer.Option("--output", help="写入此文件（xlsx、docx 必须指定）。")]
YearOption = Annotated[int | None, typer.Option("--year", help="报告年度（办理周期默认今年，年度报告默认上一年）。")]
BINARY = frozenset({"xlsx", "docx"})
CYCLE_FORMATS = ("table", "json", "csv", "xlsx", "html")
ANNUAL_FORMATS = ("json", "xlsx", "html", "docx")


def _format(text: str, choices: tuple[str, ...], output: Path | None) -> str:
    chosen = text.strip().lower()
    if chosen not in choices:
        raise BadInput(f"未知格式 '{text}'：可选 {'、'.join(choices)}")
    if chosen in BINARY and output is None:
        raise BadInput(f"{chosen} 是二进制格式，请用 --output 指定要写入的文件")
    if output is not None and output.exists() and not output.is_file():
        raise BadInput(f"--output 不是普通文件：{output}")
    return chosen


def _write(ctx: typer.Context, content: str | bytes, output: Path | None, what: str) -> None:
    """Write the file (or print the text), then say what was written."""
    runtime = runtime_of(ctx)
    if output is None:
        assert isinstance(content, str)  # binary formats refuse to run without --output
        print(content.rstrip("\n"))
        return
    try:
        if isinstance(content, bytes):
            output.write_bytes(content)
        else:
            output.write_text(content, encoding="utf-8-sig" if output.suffix.lower() == ".csv" else "utf-8")
    except OSError as error:
        raise BadInput(f"无法写入 {output}：{error.strerror}") from None
    runtime.emit({"output": str(output), "bytes": output.stat().st_size}, f"已写入{what}：{output}")


def _cycle_report(answer: Any) -> CycleTimeReport:
    from storage.read.models.reports import CycleTimeReport

    return CycleTimeReport.model_validate(answer)


def _annual_report(answer: Any) -> AnnualReport:
    from storage.read.models.reports import AnnualReport

    return AnnualReport.model_validate(answer)


@report_cli.command("cycle-times")
def cycle_times(
    ctx: typer.Context,
    as_user: AsUser,
    year: YearOption = None,
    start: Annotated[str | None, typer.Option("--from", help="统计起始日期（YYYY-MM-DD，须在该年度内）。")] = None,
    end: Annotated[str | None, typer.Option("--to", help="统计截止日期（YYYY-MM-DD，须在该年度内）。")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv|xlsx|html")] = "table",
    output: Output = None,
) -> None:
    """办理周期：成文至公开、公开至解读、收到申请至答复（扣除停止计算的时间），均按工作日计。"""
    chosen = _format("json" if runtime_of(ctx).json_output and fmt == "table" else fmt, CYCLE_FORMATS, output)
    query = [f"year={year}"] if year is not None else []
    query += [f"from={parse_day(start, what='--from').isoformat()}"] if start else []
    query += [f"to={parse_day(end, what='--to').isoformat()}"] if end else []
    report = _cycle_report(call(ctx, as_user, "GET", "/api/reports/cycle-times?" + "&".join(query)))
    renderers: dict[str, Callable[[CycleTimeReport], str | bytes]] = {
        "json": lambda r: to_json(r.model_dump(mode="json")),
        **_cycle_renderers(chosen),
    }
    _write(ctx, renderers[chosen](report), output, "办理周期统计")


def _cycle_renderers(chosen: str) -> dict[str, Callable[[CycleTimeReport], str | bytes]]:
    """The renderer of the chosen format, loaded only when asked for."""
    if chosen in ("table", "csv"):
        from app.reports.text import cycle_csv, cycle_table

        return {"table": cycle_table, "csv": cycle_csv}
    if chosen == "xlsx":
        from app.reports.xlsx import cycle_xlsx

        return {"xlsx": cycle_xlsx}
    if chosen == "html":
        from app.reports.html import cycle_html

        return {"html": cycle_html}
    return {}


@report_cli.command("annual")
def annual(
    ctx: typer.Context,
    as_user: AsUser,
    year: YearOption = None,
    fmt: Annotated[str, typer.Option("--format", help="json|xlsx|html|docx")] = "json",
    output: Output = None,
) -> None:
    """政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）：正文一至六，表二、表三、表四。"""
    chosen = _format(fmt, ANNUAL_FORMATS, output)
    query = f"?year={year}" if year is not None else ""
    report = _annual_report(call(ctx, as_user, "GET", f"/api/reports/annual{query}"))
    _write(ctx, _render_annual(report, chosen), output, "年度报告")


def _render_annual(report: AnnualReport, chosen: str) -> str | bytes:
    if chosen == "xlsx":
        from app.reports.xlsx import annual_xlsx

        return annual_xlsx(report)
    if chosen == "docx":
        from app.reports.docx import annual_docx

        return annual_docx(report)
    if chosen == "html":
        from app.reports.html import annual_html

        return annual_html(report)
    return to_json(report.model_dump(mode="json"))


@figure_cli.command("set")
def figure_set(
    ctx: typer.Context,
    item: Annotated[str, typer.Argument(metavar="ITEM", help="项目代码或名称，如 licensing、fees。")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="数量（整数）；收费金额单位为万元。")],
    as_user: AsUser,
    year: Annotated[int, typer.Option("--year", help="报告年度。")],
) -> None:
    """填报表二中系统无法统计的数字（行政许可、行政处罚、行政强制、收费金额、规章），记录填报人和日期。"""
    path = f"/api/reports/annual/{year}/figures/{quote(item, safe='')}"
    report = _annual_report(call(ctx, as_user, "PUT", path, {"value": value}))
    from policies.annual_report import FigureItem  # the rules load only for this command, not for `gongkai --help`

    shown = next((row for row in report.table2 if row.item == FigureItem.parse(item).value), None)
    text = f"{shown.label} = {shown.value}（{shown.source}，{shown.entered_by}，{shown.entered_on}）" if shown else item
    runtime_of(ctx).emit(report.model_dump(mode="json"), f"已填报 {report.year} 年度表二：{text}")


@section_cli.command("set")
def section_set(
    ctx: typer.Context,
    section: Annotated[str, typer.Argument(metavar="SECTION", help="overview|problems|other，或 一、五、六。")],
    as_user: AsUser,
    year: Annotated[int, typer.Option("--year", help="报告年度。")],
    text: Annotated[str | None, typer.Option("--text", help="内容；不给时读 --file。")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="从此 UTF-8 文本文件读取内容。")] = None,
) -> None:
    """撰写年度报告的一（总体情况）、五（存在的主要问题及改进情况）或六（其他需要报告的事项）。"""
    if (text is None) == (file is None):
        raise BadInput("请用 --text 或 --file 给出内容（二者选一）")
    if file is not None:
        if not file.is_file():
            raise BadInput(f"不是普通文件：{file}")
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise BadInput(f"无法以 UTF-8 读取 {file}：{error}") from None
    path = f"/api/reports/annual/{year}/sections/{quote(section, safe='')}"
    report = _annual_report(call(ctx, as_user, "PUT", path, {"text": text}))
    runtime_of(ctx).emit(report.model_dump(mode="json"), f"已保存 {report.year} 年度报告的“{section}”部分")


@case_cli.command("add")
def case_add(
    ctx: typer.Context,
    as_user: AsUser,
    request: Annotated[int, typer.Option("--request", metavar="REQ", help="所涉政府信息公开申请编号。")],
    kind: Annotated[str, typer.Option("--kind", help="reconsideration|litigation_direct|litigation_after_review")],
    filed: Annotated[str, typer.Option("--filed", help="申请复议或起诉之日（YYYY-MM-DD）。")],
) -> None:
    """登记因政府信息公开申请被申请行政复议或提起行政诉讼的案件。"""
    payload = {"request_id": request, "kind": kind, "filed": parse_day(filed, what="--filed").isoformat()}
    case = call(ctx, as_user, "POST", "/api/cases", payload)
    runtime_of(ctx).emit(case, f"已登记案件 {case['id']}：{case['kind_label']}（申请 {request}，{case['filed_on']}）")


@case_cli.command("decide")
def case_decide(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument(metavar="ID", help="案件编号。")],
    as_user: AsUser,
    result: Annotated[str, typer.Option("--result", help="upheld|corrected|other（维持、纠正、其他）")],
    decided: Annotated[str | None, typer.Option("--decided", help="审结日期（默认今天）。")] = None,
) -> None:
    """登记案件的审结结果。"""
    payload = {"result": result, "decided": parse_day(decided, what="--decided").isoformat() if decided else None}
    case = call(ctx, as_user, "POST", f"/api/cases/{case_id}/decision", payload)
    runtime_of(ctx).emit(case, f"案件 {case_id} 已审结：{case['result_label']}（{case['decided_on']}）")


@case_cli.command("list")
def case_list(ctx: typer.Context, as_user: AsUser, year: YearOption = None) -> None:
    """列出登记的行政复议、行政诉讼案件（给出年度时，只列该年度表四计入的案件）。"""
    cases = call(ctx, as_user, "GET", "/api/cases" + (f"?year={year}" if year is not None else ""))
    lines = [
        f"{c['id']:>4}  {c['kind_label']}  申请 {c['request_id']}  {c['filed_on']}  {c['result_label'] or '尚未审结'}"
        for c in cases
    ]
    runtime_of(ctx).emit(cases, "\n".join(lines) if lines else "没有登记的案件")
