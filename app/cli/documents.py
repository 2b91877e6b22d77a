"""`gongkai submit|attribute|review|sign|publish|interpret|resubmit|amend|withdraw|show|list`: the issuance
lifecycle through the web app, which runs each step as a flow. Files are read here and sent as base64; this
module imports neither Prefect nor the database itself."""

from __future__ import annotations

import base64
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer

from app.cli.client import ApiClient
from policies.errors import BadInput
from policies.issuance import DEADLINE_LABELS
from policies.lifecycle import State
from policies.roles import Role

if TYPE_CHECKING:
    from app.home.runtime import Runtime

documents_cli = typer.Typer()

SHANGHAI = ZoneInfo("Asia/Shanghai")
AsUser = Annotated[str, typer.Option("--as", help="以此用户身份操作。")]
Reader = Annotated[str | None, typer.Option("--as", help="以此用户身份查看（本机可省略）。")]
DocumentId = Annotated[int, typer.Argument(metavar="DOC", help="公文编号。")]
FileArg = Annotated[str, typer.Argument(metavar="FILE", help="文件（.txt .md .docx .pdf .ofd .html）。")]
Grounds = Annotated[list[str] | None, typer.Option("--grounds", help="不公开的理由代码（可多次），如 process_info。")]


def _call(ctx: typer.Context, as_user: str | None, method: str, path: str, payload: Any = None) -> Any:
    runtime: Runtime = ctx.obj
    return ApiClient(runtime, acting_as=as_user).call(method, path, payload)


def _emit(ctx: typer.Context, data: Any, human: str) -> None:
    runtime: Runtime = ctx.obj
    runtime.emit(data, human)


def read_file(name: str) -> dict[str, str]:
    """A local file as the API takes it (name and base64 bytes); a missing or unreadable one is refused here."""
    path = Path(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"找不到文件：{name}") from None
    except IsADirectoryError:
        raise BadInput(f"{name} 是目录，不是文件") from None
    except OSError as error:
        raise BadInput(f"无法读取文件 {name}：{error.strerror or error}") from None
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
        **read_file(file),
        "title": title,
        "kind": kind,
        "domain": domain,
        "attribute": attribute,
        "grounds": grounds or [],
        "reason": reason,
        "interpretation_plan": read_file(plan) if plan else None,
    }
    detail = _call(ctx, as_user, "POST", "/api/documents", payload)
    lines = [f"已提交公文 {detail['id']}：{detail['title']}", *_overview(detail), *_findings(detail)]
    if detail["state"] == State.DRAFT:
        lines.append(f"尚未确定公开属性：请用 gongkai attribute {detail['id']} --attribute … 设置后送审")
    _emit(ctx, detail, "\n".join(lines))


@documents_cli.command("attribute")
def set_attribute(
    ctx: typer.Context,
    document_id: DocumentId,
    as_user: AsUser,
    attribute: Annotated[str, typer.Option("--attribute", help="proactive|on_request|withheld")],
    grounds: Grounds = None,
    reason: Annotated[str | None, typer.Option("--reason", help="理由（审查员、签发人修改时必填）。")] = None,
) -> None:
    """设置或修改公开属性（拟稿人设置；审查员、签发人修改须说明理由）。"""
    payload = {"attribute": attribute, "grounds": grounds or [], "reason": reason}
    detail = _call(ctx, as_user, "POST", f"/api/documents/{document_id}/attribute", payload)
    _emit(ctx, detail, "\n".join([f"公文 {detail['id']} 的公开属性：{detail['attribute_label']}", *_overview(detail)]))


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
) -> None:
    """政务公开审查：通过（--approve）或退回（--return）。"""
    if approve == return_:
        raise BadInput("请二选一：--approve（通过）或 --return（退回）")
    payload = {
        "decision": "approve" if approve else "return",
        "comment": comment,
        "justify": parse_justifications(justify or []),
    }
    detail = _call(ctx, as_user, "POST", f"/api/documents/{document_id}/review", payload)
    verdict = "审查通过" if approve else "已退回拟稿人"
    _emit(ctx, detail, "\n".join([f"公文 {detail['id']} {verdict}", *_overview(detail)]))


@documents_cli.command()
def resubmit(ctx: typer.Context, document_id: DocumentId, file: FileArg, as_user: AsUser) -> None:
    """退回后重新提交修改稿（新版本，重新审查）。"""
    detail = _call(ctx, as_user, "POST", f"/api/documents/{document_id}/resubmit", read_file(file))
    lines = [f"公文 {detail['id']} 已重新提交第 {detail['current_version']} 稿", *_overview(detail), *_findings(detail)]
    _emit(ctx, detail, "\n".join(lines))


@documents_cli.command()
def sign(ctx: typer.Context, document_id: DocumentId, as_user: AsUser) -> None:
    """签发：签发日即成文日期；主动公开的须在20个工作日内公开，其他归档。"""
    detail = _call(ctx, as_user, "POST", f"/api/documents/{document_id}/sign")
    head = "已签发" if detail["state"] == State.SIGNED else "已签发归档（不公开发布）"
    _emit(ctx, detail, "\n".join([f"公文 {detail['id']} {head}", *_overview(detail), *_deadlines(detail)]))


@documents_cli.command()
def publish(ctx: typer.Context, document_id: DocumentId, as_user: AsUser) -> None:
    """发布已签发的主动公开公文：编制索引号，记录发布日期及是否按时。"""
    detail = _call(ctx, as_user, "POST", f"/api/documents/{document_id}/publish")
    timely = {True: "按时", False: "逾期", None: "无期限"}[detail["published_on_time"]]
    published = _day(detail["published_on"])
    head = f"公文 {detail['id']} 已发布：索引号 {detail['index_no']}，发布日期 {published}（{timely}）"
    _emit(ctx, detail, "\n".join([head, *_overview(detail), *_deadlines(detail)]))


@documents_cli.command()
def interpret(
    ctx: typer.Context,
    document_id: DocumentId,
    file: FileArg,
    as_user: AsUser,
    form: Annotated[str, typer.Option("--form", help="text|qa|graphic|video|press")] = "text",
) -> None:
    """发布政策解读材料（谁起草、谁解读）。"""
    payload = {**read_file(file), "form": form}
    detail = _call(ctx, as_user, "POST", f"/api/documents/{document_id}/interpret", payload)
    latest = detail["interpretations"][-1]
    timely = {True: "按时", False: "逾期", None: "无期限"}[latest["on_time"]]
    head = f"公文 {detail['id']} 的{latest['form_label']}已发布（{_day(latest['published_on'])}，{timely}）"
    _emit(ctx, detail, "\n".join([head, *_overview(detail)]))


@documents_cli.command()
def amend(ctx: typer.Context, document_id: DocumentId, file: FileArg, as_user: AsUser) -> None:
    """修改已发布的公文：新版本重新审查、签发、发布，公开期限自修改之日重新起算。"""
    detail = _call(ctx, as_user, "POST", f"/api/documents/{document_id}/amend", read_file(file))
    lines = [f"公文 {detail['id']} 已提交修改稿（第 {detail['current_version']} 稿）", *_overview(detail)]
    _emit(ctx, detail, "\n".join([*lines, *_findings(detail), *_deadlines(detail)]))


@documents_cli.command()
def withdraw(
    ctx: typer.Context,
    document_id: DocumentId,
    as_user: AsUser,
    reason: Annotated[str, typer.Option("--reason", help="撤回理由。")] = "",
) -> None:
    """撤回已发布的公文（须说明理由），自公开栏目中撤下。"""
    detail = _call(ctx, as_user, "POST", f"/api/documents/{document_id}/withdraw", {"reason": reason})
    _emit(ctx, detail, f"公文 {detail['id']} 已撤回：{detail['withdrawal_reason']}")


@documents_cli.command()
def show(ctx: typer.Context, document_id: DocumentId, as_user: Reader = None) -> None:
    """公文详情：状态、公开属性、元数据、预检发现、期限（含计算过程）、审计记录。"""
    detail = _call(ctx, as_user, "GET", f"/api/documents/{document_id}")
    _emit(ctx, detail, render(detail))


@documents_cli.command("list")
def list_documents(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option("--state", help="只列出此状态的公文。")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只列出有期限已逾期的公文。")] = False,
    as_user: Reader = None,
) -> None:
    """列出公文（最新在前）。"""
    query = "&".join(part for part in (f"state={state}" if state else "", "overdue=true" if overdue else "") if part)
    rows = _call(ctx, as_user, "GET", "/api/documents" + (f"?{query}" if query else ""))
    _emit(ctx, rows, "\n".join(_row(row) for row in rows) if rows else "没有符合条件的公文")


def render(detail: dict[str, Any]) -> str:
    """A document as `gongkai show` prints it."""
    return "\n".join(
        [
            f"公文 {detail['id']}：{detail['title']}",
            *_overview(detail),
            *_metadata(detail),
            *_deadlines(detail),
            *_findings(detail),
            *_interpretations(detail),
            "审计记录：",
            *(_event(event) for event in detail["audit"]),
        ]
    )


def _overview(detail: dict[str, Any]) -> list[str]:
    lines = [
        f"状态：{detail['state_label']}　公开属性：{detail['attribute_label'] or '未确定'}"
        f"　类型：{detail['kind_label']}　拟稿人：{detail['drafter']}　第 {detail['current_version']} 稿"
    ]
    if detail["grounds"]:
        grounds = "、".join(f"{g['label']}（{g['article'] or '其他法律法规'}，{g['code']}）" for g in detail["grounds"])
        lines.append(f"不予主动公开的依据：{grounds}")
    if detail["attribute_reason"]:
        lines.append(f"理由：{detail['attribute_reason']}")
    return lines


def _metadata(detail: dict[str, Any]) -> list[str]:
    meta = detail["metadata"]
    matched = f"（命中：{'、'.join(detail['subject_matched'])}）" if detail["subject_matched"] else ""
    rows = [
        ("索引号", meta["index_no"]),
        ("主题分类", detail["subject_label"] + matched),
        ("发文机关", meta["issuer"]),
        ("成文日期", _day(meta["formed_on"])),
        ("标题", meta["title"]),
        ("发文字号", meta["doc_number"]),
        ("发布日期", _day(meta["published_on"])),
        ("有效性", meta["validity_label"]),
    ]
    lines = [f"{name}：{value or '—'}" for name, value in rows]
    if detail["interpretation_plan"]:
        lines.append(f"政策解读方案：{detail['interpretation_plan']['name']}")
    if detail["withdrawal_reason"]:
        lines.append(f"撤回：{_day(detail['withdrawn_on'])}，理由：{detail['withdrawal_reason']}")
    return lines


def _deadlines(detail: dict[str, Any]) -> list[str]:
    if not detail["deadlines"]:
        return ["期限：无"]
    lines = ["期限："]
    for deadline in detail["deadlines"]:
        met = f"，{_day(deadline['met_on'])}完成" if deadline["met_on"] else ""
        lines.append(f"  {deadline['kind_label']}：{_day(deadline['due'])}（{deadline['status_label']}{met}）")
        lines.append(f"    {deadline['explanation']}")
    return lines


def _findings(detail: dict[str, Any]) -> list[str]:
    findings = detail["findings"]
    lines = [f"保密审查预检（第 {detail['current_version']} 稿）：发现 {len(findings)} 项" if findings else
             "保密审查预检：未发现个人信息、密级或内部标志"]  # fmt: skip
    for finding in findings:
        resolution = finding["resolution"]
        state = ""
        if resolution and resolution["resolution"] == "justified":
            state = f" — 已说明理由（{resolution['by']}）：{resolution['reason']}"
        elif finding["severity"] == "personal_data":
            state = " — 待处理（删除或遮盖后重新提交，或审查时用 --justify 说明理由）"
        where = f"第 {finding['start']} 字起"
        lines.append(f"  {finding['number']}. {finding['label']}「{finding['text']}」（{where}）{state}")
    for resolution in detail["resolutions"]:
        if resolution["resolution"] == "redacted":
            lines.append(f"  已在第 {resolution['version']} 稿中删除：{resolution['label']}「{resolution['text']}」")
    return lines


def _interpretations(detail: dict[str, Any]) -> list[str]:
    lines = []
    for item in detail["interpretations"]:
        timely = {True: "按时", False: "逾期", None: "无期限"}[item["on_time"]]
        lines.append(
            f"政策解读：{item['form_label']}《{item['original_name']}》，{_day(item['published_on'])}发布（{timely}）"
        )
    return lines


def _event(event: dict[str, Any]) -> str:
    at = datetime.fromisoformat(event["at"]).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    role = Role(event["role"]).label if event["role"] in Role.__members__.values() else event["role"]
    move = ""
    if event["from_state"] and event["from_state"] != event["to_state"]:
        move = f"：{State(event['from_state']).label} → {State(event['to_state']).label}"
    payload = event["payload"]
    notes = [f"{name}：{payload[key]}" for key, name in (("comment", "意见"), ("reason", "理由")) if payload.get(key)]
    if event["action"].startswith("deadline_"):
        notes.append(f"{DEADLINE_LABELS.get(payload['kind'], payload['kind'])} {_day(payload['due'])}")
    note = f"（{'；'.join(notes)}）" if notes else ""
    return f"  #{event['seq']} {at} {event['actor']}（{role}）{event['action_label']}{move}{note}"


def _row(row: dict[str, Any]) -> str:
    deadline = row["next_deadline"]
    due = f"　{deadline['kind_label']} {_day(deadline['due'])}（{deadline['status_label']}）" if deadline else ""
    attribute = row["attribute_label"] or "属性未定"
    return f"{row['id']:>6}  {row['state_label']}　{attribute}　{row['title']}{due}"


def _day(iso: str | None) -> str | None:
    """An ISO date as 2026年10月10日."""
    if not iso:
        return None
    year, month, day = (int(part) for part in iso[:10].split("-"))
    return f"{year}年{month}月{day}日"
