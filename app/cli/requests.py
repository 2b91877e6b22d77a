"""`gongkai request …`: disclosure requests (依申请公开) through the web app, which runs each step as a flow; the read
models load only when a command shows a request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from app.cli import output
from app.cli.client import call
from app.cli.context import ExpectVersion, runtime_of
from policies.dates import parse_day
from policies.ids import checked_id

if TYPE_CHECKING:
    from storage.read.models.requests import RequestDetail, RequestListItem

request_cli = typer.Typer(help="依申请公开：登记、补正、征求意见、延期、答复、结案。", no_args_is_help=True)

AsUser = Annotated[str, typer.Option("--as", help="以此用户身份操作（政务公开审查员）。")]
RequestId = Annotated[
    int, typer.Argument(metavar="REQ", help="申请编号。", callback=lambda n: checked_id(n, "申请编号"))
]


def _request(answer: Any) -> RequestDetail:
    """The API's answer as the read model (loaded here rather than at startup: only these commands need it)."""
    from storage.read.models.requests import RequestDetail

    return RequestDetail.model_validate(answer)


def _listed(answer: Any) -> list[RequestListItem]:
    """The API's list as read models."""
    from storage.read.models.requests import RequestListItem

    return [RequestListItem.model_validate(row) for row in answer]


def _step(
    ctx: typer.Context,
    as_user: str,
    path: str,
    payload: dict[str, Any] | None = None,
    *,
    expected_version: int | None = None,
) -> RequestDetail:
    """POST one step and read the request it answers with."""
    return _request(call(ctx, as_user, "POST", path, payload, expected_version=expected_version))


def _emit(ctx: typer.Context, detail: RequestDetail, head: str | None = None, *, full: bool = False) -> None:
    text = output.request_text(detail, full=full)
    runtime_of(ctx).emit(detail.model_dump(mode="json"), f"{head}\n{text}" if head else text)


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
        "documents": [checked_id(n, "公文编号") for n in document or []],
        "channel": channel,
        "contact": contact,
    }
    detail = _step(ctx, as_user, "/api/requests", payload)
    _emit(ctx, detail, f"已登记申请 {detail.id}")


@request_cli.command("correction")
def correction(ctx: typer.Context, request_id: RequestId, as_user: AsUser, expect: ExpectVersion = None) -> None:
    """告知申请人补正（收到申请之日起7个工作日内，仅一次）；补正期间答复期限暂停。"""
    detail = _step(ctx, as_user, f"/api/requests/{request_id}/correction", expected_version=expect)
    _emit(ctx, detail, f"已告知申请 {request_id} 的申请人补正，补正期间不计答复期限")


@request_cli.command("corrected")
def corrected(ctx: typer.Context, request_id: RequestId, as_user: AsUser, expect: ExpectVersion = None) -> None:
    """登记收到补正后的申请：自当日起重新计算20个工作日。"""
    detail = _step(ctx, as_user, f"/api/requests/{request_id}/corrected", expected_version=expect)
    _emit(ctx, detail, f"已收到申请 {request_id} 补正后的申请")


@request_cli.command("consult")
def consult(
    ctx: typer.Context,
    request_id: RequestId,
    as_user: AsUser,
    party: Annotated[str, typer.Option("--party", help="征求意见的第三方或其他机关。")],
    expect: ExpectVersion = None,
) -> None:
    """书面征求第三方意见（第三方15个工作日内提出意见）；征求意见期间不计答复期限。"""
    detail = _step(ctx, as_user, f"/api/requests/{request_id}/consult", {"party": party}, expected_version=expect)
    _emit(ctx, detail, f"已就申请 {request_id} 征求“{party}”的意见")


@request_cli.command("consulted")
def consulted(ctx: typer.Context, request_id: RequestId, as_user: AsUser, expect: ExpectVersion = None) -> None:
    """登记收到第三方意见：答复期限顺延征求意见所用的工作日。"""
    detail = _step(ctx, as_user, f"/api/requests/{request_id}/consulted", expected_version=expect)
    _emit(ctx, detail, f"已收到申请 {request_id} 的第三方意见")


@request_cli.command("extend")
def extend(
    ctx: typer.Context,
    request_id: RequestId,
    as_user: AsUser,
    reason: Annotated[str, typer.Option("--reason", help="延期理由（告知申请人）。")],
    expect: ExpectVersion = None,
) -> None:
    """延长答复期限（仅一次，最长20个工作日），经机构负责人同意并告知申请人。"""
    detail = _step(ctx, as_user, f"/api/requests/{request_id}/extend", {"reason": reason}, expected_version=expect)
    _emit(ctx, detail, f"已延长申请 {request_id} 的答复期限，并告知申请人")


@request_cli.command("reply")
def reply(
    ctx: typer.Context,
    request_id: RequestId,
    as_user: AsUser,
    result: Annotated[str, typer.Option("--result", help="答复结果代码，如 disclosed、partial、withheld:<理由代码>。")],
    grounds: Annotated[list[str] | None, typer.Option("--grounds", help="不予公开的理由代码（可多次）。")] = None,
    withheld_part: Annotated[str | None, typer.Option("--withheld-part", help="部分公开时不予公开的部分。")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="说明（引用其他法律法规时必填）。")] = None,
    expect: ExpectVersion = None,
) -> None:
    """答复申请；超过答复期限的记为逾期答复。"""
    payload = {"result": result, "grounds": grounds or [], "withheld_part": withheld_part, "reason": reason}
    detail = _step(ctx, as_user, f"/api/requests/{request_id}/reply", payload, expected_version=expect)
    _emit(ctx, detail, f"已答复申请 {request_id}")


@request_cli.command("close")
def close(
    ctx: typer.Context,
    request_id: RequestId,
    as_user: AsUser,
    wait: Annotated[int | None, typer.Option("--wait", help="告知补正后给申请人的工作日数（默认15）。")] = None,
    expect: ExpectVersion = None,
) -> None:
    """申请人逾期未补正的，按“逾期不补正”结案（other:no_correction）。"""
    payload = {} if wait is None else {"wait_working_days": wait}
    detail = _step(ctx, as_user, f"/api/requests/{request_id}/close", payload, expected_version=expect)
    _emit(ctx, detail, f"申请 {request_id} 已按逾期不补正结案")


@request_cli.command("show")
def show(ctx: typer.Context, request_id: RequestId, as_user: AsUser) -> None:
    """申请详情：状态、期限及其计算方法、答复、较为集中的申请、审计记录。"""
    detail = _request(call(ctx, as_user, "GET", f"/api/requests/{request_id}"))
    _emit(ctx, detail, full=True)


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
    rows = _listed(call(ctx, as_user, "GET", "/api/requests?" + "&".join(query)))
    human = "\n".join(output.request_row(row) for row in rows) if rows else "没有符合条件的申请"
    runtime_of(ctx).emit([row.model_dump(mode="json") for row in rows], human)
