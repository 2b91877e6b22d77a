"""`gongkai submit|attribute|metadata|review|sign|publish|interpret|resubmit|amend|withdraw|show|list`: the issuance
lifecycle through the web app, which runs each step as a flow. Files are read here and sent as base64; this
module imports neither Prefect nor the database, and the read models only when a command shows one."""

from __future__ import annotations

import base64
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from app.cli import output
from app.cli.client import call
from app.cli.context import ExpectVersion, runtime_of
from intake.limits import readable_size
from policies.errors import BadInput
from policies.ids import checked_id
from policies.lifecycle import State

if TYPE_CHECKING:
    from storage.read.models.documents import DocumentDetail, DocumentListItem

documents_cli = typer.Typer()

AsUser = Annotated[str, typer.Option("--as", help="以此用户身份操作。")]
Reader = Annotated[str | None, typer.Option("--as", help="以此用户身份查看（本机可省略）。")]
DocumentId = Annotated[
    int, typer.Argument(metavar="DOC", help="公文编号。", callback=lambda n: checked_id(n, "公文编号"))
]
FileArg = Annotated[str, typer.Argument(metavar="FILE", help="文件（.txt .md .docx .pdf .ofd .html）。")]
Grounds = Annotated[list[str] | None, typer.Option("--grounds", help="不公开的理由代码（可多次），如 process_info。")]


def _document(answer: Any) -> DocumentDetail:
    """The API's answer as the read model (loaded here rather than at startup: only these commands need it)."""
    from storage.read.models.documents import DocumentDetail

    return DocumentDetail.model_validate(answer)


def _listed(answer: Any) -> list[DocumentListItem]:
    """The API's list as read models."""
    from storage.read.models.documents import DocumentListItem

    return [DocumentListItem.model_validate(row) for row in answer]


def _change(
    ctx: typer.Context, as_user: str, path: str, payload: Any = None, *, expected_version: int | None = None
) -> DocumentDetail:
    """POST a change and read the document it answers with."""
    return _document(call(ctx, as_user, "POST", path, payload, expected_version=expected_version))


def _emit(ctx: typer.Context, detail: DocumentDetail, lines: list[str]) -> None:
    runtime_of(ctx).emit(detail.model_dump(mode="json"), "\n".join(lines))


def read_file(ctx: typer.Context, name: str) -> dict[str, str]:
    """A local file as the API takes it (name and base64 bytes). Only a regular file is read (a FIFO would hang,
    /dev/zero never end), and at most one byte past the upload limit; anything else is refused here."""
    limit = runtime_of(ctx).settings.max_upload_bytes
    path = Path(name)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise BadInput(f"{name} 是目录，不是文件")
        if not stat.S_ISREG(mode):
            raise BadInput(f"{name} 不是普通文件（如管道或设备），无法提交")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise BadInput(f"找不到文件：{name}") from None
    except OSError as error:
        raise BadInput(f"无法读取文件 {name}：{error.strerror or error}") from None
    if len(data) > limit:
        raise BadInput(f"文件 {name} 超过 {readable_size(limit)} 上限")
    return {"filename": path.name, "content": base64.b64encode(data).decode("ascii")}


def parse_justifications(items: list[str]) -> dict[str, str]:
    """`N=REASON` pairs (a finding's number and why it may stay in the text)."""
    parsed: dict[str, str] = {}
    for item in items:
        number, separator, reason = item.partition("=")
        if not separator or not number.strip().isdigit():
            raise BadInput(f"--justify 的格式应为 序号=理由（如 2=权利人书面同意公开）：{item!r}")
        parsed[str(int(number))] = reason
    return parsed


@documents_cli.command()
def submit(
    ctx: typer.Context,
    file: FileArg,
    as_user: AsUser,
    title: Annotated[str | None, typer.Option("--title", help="标题（默认从正文读取）。")] = None,
    kind: Annotated[str, typer.Option("--kind", help="policy|normative|notice|other")] = "other",
    domain: Annotated[str | None, typer.Option("--domain", help="主题分类（默认按关键词判断）。")] = None,
    attribute: Annotated[str | None, typer.Option("--attribute", help="proactive|on_request|withheld")] = None,
    grounds: Grounds = None,
    reason: Annotated[str | None, typer.Option("--reason", help="理由说明。")] = None,
    plan: Annotated[
        str | None, typer.Option("--interpretation-plan", metavar="FILE", help="政策解读方案（政策性文件必附）。")
    ] = None,
) -> None:
    """提交公文：读取元数据、保密审查预检；公开属性已确定的即送审。"""
    payload: dict[str, Any] = {
        **read_file(ctx, file),
        "title": title,
        "kind": kind,
        "domain": domain,
        "attribute": attribute,
        "grounds": grounds or [],
        "reason": reason,
        "interpretation_plan": read_file(ctx, plan) if plan else None,
    }
    detail = _change(ctx, as_user, "/api/documents", payload)
    lines = [
        f"已提交公文 {detail.id}：{detail.title}",
        *output.document_overview(detail),
        *output.document_findings(detail),
    ]
    if detail.state == State.DRAFT:
        lines.append(f"尚未确定公开属性：请用 gongkai attribute {detail.id} --attribute … 设置后送审")
    _emit(ctx, detail, lines)


@documents_cli.command("attribute")
def set_attribute(
    ctx: typer.Context,
    document_id: DocumentId,
    as_user: AsUser,
    attribute: Annotated[str, typer.Option("--attribute", help="proactive|on_request|withheld")],
    grounds: Grounds = None,
    reason: Annotated[str | None, typer.Option("--reason", help="理由（审查员、签发人修改时必填）。")] = None,
    expect: ExpectVersion = None,
) -> None:
    """设置或修改公开属性（拟稿人设置；审查员、签发人修改须说明理由）。"""
    payload = {"attribute": attribute, "grounds": grounds or [], "reason": reason}
    detail = _change(ctx, as_user, f"/api/documents/{document_id}/attribute", payload, expected_version=expect)
    _emit(ctx, detail, [f"公文 {detail.id} 的公开属性：{detail.attribute_label}", *output.document_overview(detail)])


@documents_cli.command("metadata")
def check_metadata(
    ctx: typer.Context,
    document_id: DocumentId,
    as_user: AsUser,
    title: Annotated[str | None, typer.Option("--title", help="更正标题。")] = None,
    doc_number: Annotated[str | None, typer.Option("--doc-number", help="更正发文字号（空字符串表示无）。")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="更正发文机关（空字符串表示无）。")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="更正公文类型：policy|normative|notice|other")] = None,
    domain: Annotated[str | None, typer.Option("--domain", help="更正主题分类，如 education 或 教育。")] = None,
    expect: ExpectVersion = None,
) -> None:
    """核对从文件读取的元数据：不带选项即确认无误，带选项则更正（拟稿人，审查通过前）。"""
    payload = {"title": title, "doc_number": doc_number, "issuer": issuer, "kind": kind, "domain": domain}
    detail = _change(ctx, as_user, f"/api/documents/{document_id}/metadata", payload, expected_version=expect)
    check = detail.metadata_check
    head = f"公文 {detail.id} 的元数据已核对" + (f"（{check.text}）" if check else "")
    _emit(ctx, detail, [head, *output.document_metadata(detail)])


@documents_cli.command()
def review(
    ctx: typer.Context,
    document_id: DocumentId,
    as_user: AsUser,
    approve: Annotated[bool, typer.Option("--approve", help="审查通过。")] = False,
    return_: Annotated[bool, typer.Option("--return", help="退回拟稿人修改。")] = False,
    comment: Annotated[str | None, typer.Option("--comment", help="审查意见。")] = None,
    justify: Annotated[
        list[str] | None, typer.Option("--justify", metavar="N=REASON", help="保留第 N 项个人信息的理由（可多次）。")
    ] = None,
    expect: ExpectVersion = None,
) -> None:
    """政务公开审查：通过（--approve）或退回（--return）。"""
    if approve == return_:
        raise BadInput("请二选一：--approve（通过）或 --return（退回）")
    payload = {
        "decision": "approve" if approve else "return",
        "comment": comment,
        "justify": parse_justifications(justify or []),
    }
    detail = _change(ctx, as_user, f"/api/documents/{document_id}/review", payload, expected_version=expect)
    verdict = "审查通过" if approve else "已退回拟稿人"
    _emit(ctx, detail, [f"公文 {detail.id} {verdict}", *output.document_overview(detail)])


@documents_cli.command()
def resubmit(
    ctx: typer.Context, document_id: DocumentId, file: FileArg, as_user: AsUser, expect: ExpectVersion = None
) -> None:
    """退回后重新提交修改稿（新版本，重新审查）。"""
    detail = _change(
        ctx, as_user, f"/api/documents/{document_id}/resubmit", read_file(ctx, file), expected_version=expect
    )
    head = f"公文 {detail.id} 已重新提交第 {detail.current_version} 稿"
    _emit(ctx, detail, [head, *output.document_overview(detail), *output.document_findings(detail)])


@documents_cli.command()
def sign(ctx: typer.Context, document_id: DocumentId, as_user: AsUser, expect: ExpectVersion = None) -> None:
    """签发：签发日即成文日期；主动公开的须在20个工作日内公开，其他归档。"""
    detail = _change(ctx, as_user, f"/api/documents/{document_id}/sign", expected_version=expect)
    head = "已签发" if detail.state == State.SIGNED else "已签发归档（不公开发布）"
    lines = [f"公文 {detail.id} {head}", *output.document_overview(detail), *output.formed_date_lines(detail)]
    _emit(ctx, detail, [*lines, *output.document_deadlines(detail)])


@documents_cli.command()
def publish(
    ctx: typer.Context,
    document_id: DocumentId,
    as_user: AsUser,
    justify: Annotated[
        list[str] | None,
        typer.Option("--justify", metavar="N=REASON", help="第 N 项（正文落款日期与成文日期不一致）的处理说明。"),
    ] = None,
    expect: ExpectVersion = None,
) -> None:
    """发布已签发的主动公开公文：编制索引号，记录发布日期及是否按时。"""
    payload = {"justify": parse_justifications(justify or [])}
    detail = _change(ctx, as_user, f"/api/documents/{document_id}/publish", payload, expected_version=expect)
    published = f"{output.maybe_day(detail.published_on)}（{output.TIMELY[detail.published_on_time]}）"
    head = f"公文 {detail.id} 已发布：索引号 {detail.index_no}，发布日期 {published}"
    _emit(ctx, detail, [head, *output.document_overview(detail), *output.document_deadlines(detail)])


@documents_cli.command()
def interpret(
    ctx: typer.Context,
    document_id: DocumentId,
    file: FileArg,
    as_user: AsUser,
    form: Annotated[str, typer.Option("--form", help="text|qa|graphic|video|press")] = "text",
    expect: ExpectVersion = None,
) -> None:
    """发布政策解读材料（谁起草、谁解读）。"""
    payload = {**read_file(ctx, file), "form": form}
    detail = _change(ctx, as_user, f"/api/documents/{document_id}/interpret", payload, expected_version=expect)
    latest = detail.interpretations[-1]
    when = f"{output.day(latest.published_on)}，{output.TIMELY[latest.on_time]}"
    _emit(ctx, detail, [f"公文 {detail.id} 的{latest.form_label}已发布（{when}）", *output.document_overview(detail)])


@documents_cli.command()
def amend(
    ctx: typer.Context, document_id: DocumentId, file: FileArg, as_user: AsUser, expect: ExpectVersion = None
) -> None:
    """修改已发布的公文：新版本重新审查、签发、发布，公开期限自修改之日重新起算。"""
    detail = _change(ctx, as_user, f"/api/documents/{document_id}/amend", read_file(ctx, file), expected_version=expect)
    lines = [f"公文 {detail.id} 已提交修改稿（第 {detail.current_version} 稿）", *output.document_overview(detail)]
    _emit(ctx, detail, [*lines, *output.document_findings(detail), *output.document_deadlines(detail)])


@documents_cli.command()
def withdraw(
    ctx: typer.Context,
    document_id: DocumentId,
    as_user: AsUser,
    reason: Annotated[str, typer.Option("--reason", help="撤回理由。")] = "",
    expect: ExpectVersion = None,
) -> None:
    """撤回已发布的公文（须说明理由），自公开栏目中撤下。"""
    payload = {"reason": reason}
    detail = _change(ctx, as_user, f"/api/documents/{document_id}/withdraw", payload, expected_version=expect)
    _emit(ctx, detail, [f"公文 {detail.id} 已撤回：{detail.withdrawal_reason}"])


@documents_cli.command()
def show(ctx: typer.Context, document_id: DocumentId, as_user: Reader = None) -> None:
    """公文详情：状态、公开属性、元数据、预检发现、期限（含计算过程）、审计记录。"""
    detail = _document(call(ctx, as_user, "GET", f"/api/documents/{document_id}"))
    _emit(ctx, detail, [output.document_text(detail)])


@documents_cli.command("list")
def list_documents(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option("--state", help="只列出此状态的公文。")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列出有期限已逾期的公文。")] = False,
    due_within: Annotated[
        int | None, typer.Option("--due-within", min=0, max=60, metavar="N", help="只列出N个工作日内到期的公文。")
    ] = None,
    as_user: Reader = None,
) -> None:
    """列出公文（最新在前）。"""
    parts = (
        f"state={state}" if state else "",
        "overdue=true" if overdue else "",
        f"due_within={due_within}" if due_within is not None else "",
    )
    query = "&".join(part for part in parts if part)
    answer = call(ctx, as_user, "GET", "/api/documents" + (f"?{query}" if query else ""))
    rows = _listed(answer)
    human = "\n".join(output.document_row(row) for row in rows) if rows else "没有符合条件的公文"
    runtime_of(ctx).emit([row.model_dump(mode="json") for row in rows], human)
