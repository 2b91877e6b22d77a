"""`gongkai request …`: disclosure requests (依申请公开) through the web app, which runs each step as a flow."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from app.cli.client import ApiClient
from app.home.runtime import Runtime
from policies.dates import chinese_date, parse_day

request_cli = typer.Typer(help="依申请公开：登记、补正、征求意见、延期、答复、结案。", no_args_is_help=True)

AsUser = Annotated[str, typer.Option("--as", help="以此用户身份操作（政务公开审查员）。")]
RequestId = Annotated[int, typer.Argument(metavar="REQ", help="申请编号。")]


def _call(ctx: typer.Context, as_user: str, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
    runtime: Runtime = ctx.obj
    return ApiClient(runtime, acting_as=as_user).call(method, path, payload)


def _emit(ctx: typer.Context, data: Any, human: str) -> None:
    runtime: Runtime = ctx.obj
    runtime.emit(data, human)


@request_cli.command("new")
def new(
    ctx: typer.Context,
    as_user: AsUser,
    applicant: Annotated[str, typer.Option("--applicant", help="申请人姓名或名称。")],
    applicant_type: Annotated[
        str, typer.Option("--applicant-type", help="natural|business|research|nonprofit|legal|other")
    ],
    received: Annotated[str, typer.Option("--received", help="收到申请之日（YYYY-MM-DD，依申请渠道确定）。")],
    subject: Annotated[str, typer.Option("--subject", help="所需政府信息的描述。")],
    document: Annotated[list[int] | None, typer.Option("--document", help="所申请的公文编号（可多次）。")] = None,
    channel: Annotated[str, typer.Option("--channel", help="in_person|post|online|fax")] = "in_person",
    contact: Annotated[str | None, typer.Option("--contact", help="申请人联系方式（个人信息，仅审查员可见）。")] = None,
) -> None:
    """登记政府信息公开申请：自收到申请之日起20个工作日内答复。"""
    payload = {
        "applicant": applicant,
        "applicant_type": applicant_type,
        "received": parse_day(received, what="--received").isoformat(),
        "subject": subject,
        "documents": document or [],
        "channel": channel,
        "contact": contact,
    }
    detail = _call(ctx, as_user, "POST", "/api/requests", payload)
    _emit(ctx, detail, f"已登记申请 {detail['id']}\n" + _overview(detail))


@request_cli.command("correction")
def correction(ctx: typer.Context, request_id: RequestId, as_user: AsUser) -> None:
    """告知申请人补正（收到申请之日起7个工作日内，仅一次）；补正期间答复期限暂停。"""
    detail = _call(ctx, as_user, "POST", f"/api/requests/{request_id}/correction")
    _emit(ctx, detail, f"已告知申请 {request_id} 的申请人补正，补正期间不计答复期限\n" + _overview(detail))


@request_cli.command("corrected")
def corrected(ctx: typer.Context, request_id: RequestId, as_user: AsUser) -> None:
    """登记收到补正后的申请：自当日起重新计算20个工作日。"""
    detail = _call(ctx, as_user, "POST", f"/api/requests/{request_id}/corrected")
    _emit(ctx, detail, f"已收到申请 {request_id} 补正后的申请\n" + _overview(detail))


@request_cli.command("consult")
def consult(
    ctx: typer.Context,
    request_id: RequestId,
    as_user: AsUser,
    party: Annotated[str, typer.Option("--party", help="征求意见的第三方或其他机关。")],
) -> None:
    """书面征求第三方意见（第三方15个工作日内提出意见）；征求意见期间不计答复期限。"""
    detail = _call(ctx, as_user, "POST", f"/api/requests/{request_id}/consult", {"party": party})
    _emit(ctx, detail, f"已就申请 {request_id} 征求“{party}”的意见\n" + _overview(detail))


@request_cli.command("consulted")
def consulted(ctx: typer.Context, request_id: RequestId, as_user: AsUser) -> None:
    """登记收到第三方意见：答复期限顺延征求意见所用的工作日。"""
    detail = _call(ctx, as_user, "POST", f"/api/requests/{request_id}/consulted")
    _emit(ctx, detail, f"已收到申请 {request_id} 的第三方意见\n" + _overview(detail))


@request_cli.command("extend")
def extend(
    ctx: typer.Context,
    request_id: RequestId,
    as_user: AsUser,
    reason: Annotated[str, typer.Option("--reason", help="延期理由（告知申请人）。")],
) -> None:
    """延长答复期限（仅一次，最长20个工作日），经机构负责人同意并告知申请人。"""
    detail = _call(ctx, as_user, "POST", f"/api/requests/{request_id}/extend", {"reason": reason})
    _emit(ctx, detail, f"已延长申请 {request_id} 的答复期限，并告知申请人\n" + _overview(detail))


@request_cli.command("reply")
def reply(
    ctx: typer.Context,
    request_id: RequestId,
    as_user: AsUser,
    result: Annotated[str, typer.Option("--result", help="答复结果代码，如 disclosed、partial、withheld:<理由代码>。")],
    grounds: Annotated[list[str] | None, typer.Option("--grounds", help="不予公开的理由代码（可多次）。")] = None,
    withheld_part: Annotated[str | None, typer.Option("--withheld-part", help="部分公开时不予公开的部分。")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="说明（引用其他法律法规时必填）。")] = None,
) -> None:
    """答复申请；超过答复期限的记为逾期答复。"""
    payload = {"result": result, "grounds": grounds or [], "withheld_part": withheld_part, "reason": reason}
    detail = _call(ctx, as_user, "POST", f"/api/requests/{request_id}/reply", payload)
    _emit(ctx, detail, f"已答复申请 {request_id}\n" + _overview(detail))


@request_cli.command("close")
def close(
    ctx: typer.Context,
    request_id: RequestId,
    as_user: AsUser,
    wait: Annotated[int | None, typer.Option("--wait", help="告知补正后给申请人的工作日数（默认15）。")] = None,
) -> None:
    """申请人逾期未补正的，按“逾期不补正”结案（other:no_correction）。"""
    payload = {} if wait is None else {"wait_working_days": wait}
    detail = _call(ctx, as_user, "POST", f"/api/requests/{request_id}/close", payload)
    _emit(ctx, detail, f"申请 {request_id} 已按逾期不补正结案\n" + _overview(detail))


@request_cli.command("show")
def show(ctx: typer.Context, request_id: RequestId, as_user: AsUser) -> None:
    """申请详情：状态、期限及其计算方法、答复、较为集中的申请、审计记录。"""
    detail = _call(ctx, as_user, "GET", f"/api/requests/{request_id}")
    _emit(ctx, detail, _overview(detail, full=True))


@request_cli.command("list")
def list_requests(
    ctx: typer.Context,
    as_user: AsUser,
    state: Annotated[str | None, typer.Option("--state", help="只列此状态的申请。")] = None,
    often_requested: Annotated[bool, typer.Option("--often-requested", help="只列申请较为集中的信息。")] = False,
) -> None:
    """列出政府信息公开申请。"""
    query = [f"often_requested={'true' if often_requested else 'false'}"]
    if state is not None:
        query.append(f"state={state}")
    rows = _call(ctx, as_user, "GET", "/api/requests?" + "&".join(query))
    lines = [
        f"{row['id']:>5}  {_day(row['received_on'])}  {row['state_label']}"
        f"{'  答复期限 ' + _day(row['reply_due']) if row['reply_due'] and row['result'] is None else ''}"
        f"{'  【申请较为集中】' if row['often_requested'] else ''}  {row['subject']}"
        for row in rows
    ]
    _emit(ctx, rows, "\n".join(lines) if lines else "没有符合条件的申请")


def _overview(detail: dict[str, Any], *, full: bool = False) -> str:
    """A request in Chinese: state, applicant, the deadlines in force with how each was computed, the reply."""
    lines = [
        f"申请 {detail['id']}：{detail['state_label']}",
        f"申请人：{detail['applicant']}（{detail['applicant_type_label']}），{detail['channel_label']}，"
        f"收到申请：{_day(detail['received_on'])}",
        f"申请内容：{detail['subject']}",
    ]
    if detail["contact"]:
        lines.append(f"联系方式：{detail['contact']}")
    lines += [f"所申请公文：{d['id']} {d['title']}" for d in detail["documents"]]
    for deadline in detail["deadlines"]:
        if deadline["active"] or full:
            lines.append(_deadline_line(deadline))
    if (answer := detail["reply"]) is not None:
        lines.append(f"答复：{answer['label']}，{_day(answer['replied_on'])}{'（逾期答复）' if answer['late'] else ''}")
    if not full:
        return "\n".join(lines)
    if detail["often_requested"]["flagged"]:
        lines.append(f"【申请较为集中】一年内{detail['often_requested']['threshold']}个以上申请人申请过同一信息")
    month = detail["applicant_month"]
    year, number = month["month"].split("-")
    note = f"，超过每月{month['limit']}件" if month["over_limit"] else ""
    lines.append(f"该申请人{year}年{int(number)}月共申请 {month['count']} 件{note}")
    lines.append("审计记录：")
    for e in detail["audit"]:
        lines.append(f"  {e['seq']:>6}  {e['actor']}  {e['action_label']}  {e['detail'] or ''}".rstrip())
    return "\n".join(lines)


def _deadline_line(deadline: dict[str, Any]) -> str:
    if deadline["met_on"]:
        status = f"已于{_day(deadline['met_on'])}履行"
    elif not deadline["active"]:
        status = "已停止或重新计算"
    else:
        status = "已逾期" if deadline["overdue"] else "进行中"
    return f"{deadline['kind_label']}：{_day(deadline['due'])}（{status}）\n  {deadline['explanation']}"


def _day(iso: str) -> str:
    return chinese_date(date.fromisoformat(iso))
