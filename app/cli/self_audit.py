"""`gongkai self-audit …`: the yearly self-audit (自查) through the web app, which runs each change as a flow; the
report is rendered here as JSON, .xlsx or HTML from the API's read model."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from app.cli.client import call
from app.cli.context import runtime_of
from app.cli.output import day
from app.home.runtime import to_json
from policies.errors import BadInput

if TYPE_CHECKING:
    from storage.read.models.self_audit import SelfAuditReport

self_audit_cli = typer.Typer(help="年度政务公开自查：开始、逐项结论、完成、报告。", no_args_is_help=True)

Year = Annotated[int, typer.Option("--year", help="自查年度，如 2026。")]
OptionalUser = Annotated[str | None, typer.Option("--as", help="以此用户身份操作（政务公开审查员）。")]
AsUser = Annotated[str, typer.Option("--as", help="以此用户身份操作（政务公开审查员）。")]
FORMATS = ("json", "xlsx", "html")


def _report(answer: Any) -> SelfAuditReport:
    """The API's answer as the read model (loaded only by the commands that show a report)."""
    from storage.read.models.self_audit import SelfAuditReport

    return SelfAuditReport.model_validate(answer)


@self_audit_cli.command("open")
def open_audit(ctx: typer.Context, year: Year, as_user: OptionalUser = None) -> None:
    """开始年度自查并列出自查事项；再次运行返回同一次自查，不新增事项。"""
    opened = call(ctx, as_user, "POST", "/api/self-audits", {"year": year})
    lines = [f"{opened['year']}年度自查（编号 {opened['id']}），完成期限 {day(opened['due'])}，"
             f"共 {len(opened['items'])} 项"]  # fmt: skip
    lines += [f"  事项 {item['id']}：{_subject(item)}（{item['reason_label']}）" for item in opened["items"]]
    runtime_of(ctx).emit(opened, "\n".join(lines))


@self_audit_cli.command("decide")
def decide(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(metavar="ITEM", help="自查事项编号。")],
    as_user: AsUser,
    keep: Annotated[bool, typer.Option("--keep", help="维持原公开属性（须用 --reason 说明理由）。")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="维持原属性的理由。")] = None,
    convert: Annotated[
        str | None, typer.Option("--convert", help="转为 proactive（主动公开）或 on_request（依申请公开）。")
    ] = None,
) -> None:
    """对自查事项作出结论：说明理由后维持，或转换公开属性（转为主动公开的，自结论之日起20个工作日内公开）。"""
    if keep == (convert is not None):
        raise BadInput("请二选一：--keep --reason 理由，或 --convert 属性")
    payload = {"keep": keep, "reason": reason, "convert": convert}
    view = call(ctx, as_user, "POST", f"/api/self-audits/items/{item_id}/decision", payload)
    outcome = f"转为{view['to_label']}" if view["to"] else f"维持原属性（{view['decision_reason']}）"
    runtime_of(ctx).emit(view, f"自查事项 {item_id}：{outcome}")


@self_audit_cli.command("close")
def close(ctx: typer.Context, year: Year, as_user: AsUser) -> None:
    """完成年度自查（全部事项均已作结论），抽取抽查样本并记录随机种子。"""
    report = _report(call(ctx, as_user, "POST", f"/api/self-audits/{year}/close"))
    sample = "、".join(str(item) for item in report.spot_check.items)
    human = (f"{year}年度自查已完成：{report.items} 项，维持 {report.kept} 项，转换 {report.converted} 项；"
             f"抽查样本（随机种子 {report.spot_check.seed}）：{sample or '无'}")  # fmt: skip
    runtime_of(ctx).emit(report.model_dump(mode="json"), human)


@self_audit_cli.command("report")
def report(
    ctx: typer.Context,
    year: Year,
    output_format: Annotated[str, typer.Option("--format", help="json|xlsx|html")] = "json",
    output: Annotated[Path | None, typer.Option("--output", help="写入此文件（xlsx 必须指定）。")] = None,
    as_user: OptionalUser = None,
) -> None:
    """自查报告：事项数、逐项结论、属性转换、抽查样本及其随机种子。"""
    chosen = output_format.strip().lower()
    if chosen not in FORMATS:
        raise BadInput(f"未知报告格式 '{output_format}'：可选 {'、'.join(FORMATS)}")
    if chosen == "xlsx" and output is None:
        raise BadInput("xlsx 报告须用 --output 指定文件")
    loaded = _report(call(ctx, as_user, "GET", f"/api/self-audits/{year}"))
    content = _rendered(loaded, chosen)
    if output is None:
        sys.stdout.write(content if isinstance(content, str) else "")
        return
    output.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    runtime_of(ctx).emit({"output": str(output), "format": chosen}, f"已写入 {output}")


def _rendered(loaded: SelfAuditReport, chosen: str) -> str | bytes:
    """The report in the chosen format (openpyxl and the template load only when asked for)."""
    if chosen == "xlsx":
        from app.reports.self_audit_xlsx import render_xlsx

        return render_xlsx(loaded)
    if chosen == "html":
        from app.reports.self_audit_html import render_html

        return render_html(loaded)
    return to_json(loaded.model_dump(mode="json")) + "\n"


def _subject(item: dict[str, Any]) -> str:
    return f"公文 {item['document']}" if item["document"] is not None else f"申请事项“{item['subject_key']}”"
