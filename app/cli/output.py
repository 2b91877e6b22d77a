"""How documents and requests read on a terminal: the human text of `show`, `list` and each change's answer.

The renderers take the read models (storage.read.models); `--json` prints the models themselves.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from policies.dates import chinese_date
from policies.deadlines import DeadlineKind
from policies.lifecycle import State
from policies.roles import Role

if TYPE_CHECKING:
    from storage.read.models.documents import DocumentDetail, DocumentEvent, DocumentListItem
    from storage.read.models.requests import RequestDeadline, RequestDetail, RequestListItem

SHANGHAI = ZoneInfo("Asia/Shanghai")
TIMELY = {True: "按时", False: "逾期", None: "无期限"}


def day(iso: str) -> str:
    """An ISO date (or date-time) as 2026年10月10日."""
    return chinese_date(date.fromisoformat(iso[:10]))


def maybe_day(iso: str | None) -> str | None:
    """An ISO date as 2026年10月10日, or None."""
    return day(iso) if iso else None


def document_text(detail: DocumentDetail) -> str:
    """A document as `gongkai show` prints it."""
    return "\n".join(
        [
            f"公文 {detail.id}：{detail.title}",
            *document_overview(detail),
            *document_metadata(detail),
            *metadata_sources(detail),
            *formed_date_lines(detail),
            *document_deadlines(detail),
            *document_findings(detail),
            *document_interpretations(detail),
            "审计记录：",
            *(_document_event(event) for event in detail.audit),
        ]
    )


def document_overview(detail: DocumentDetail) -> list[str]:
    """State, attribute, kind, drafter, version; the grounds and reason when not proactive."""
    lines = [
        f"状态：{detail.state_label}　公开属性：{detail.attribute_label or '未确定'}"
        f"　类型：{detail.kind_label}　拟稿人：{detail.drafter}　第 {detail.current_version} 稿"
    ]
    if detail.grounds:
        grounds = "、".join(f"{g.label}（{_article(g.article)}）" for g in detail.grounds)
        lines.append(f"不予主动公开的依据：{grounds}")
    if detail.attribute_reason:
        lines.append(f"理由：{detail.attribute_reason}")
    return lines


def _article(article: str | None) -> str:
    """Where a ground comes from, in words: 条例第十六条, or 其他法律法规 (the code stays in --json only)."""
    return f"条例{article}" if article else "其他法律法规"


def document_metadata(detail: DocumentDetail) -> list[str]:
    """The disclosure page's metadata table, the interpretation plan and a withdrawal."""
    meta = detail.metadata
    matched = f"（命中：{'、'.join(detail.subject_matched)}）" if detail.subject_matched else ""
    rows = [
        ("索引号", meta.index_no),
        ("主题分类", detail.subject_label + matched),
        ("发文机关", meta.issuer),
        ("成文日期", maybe_day(meta.formed_on)),
        ("标题", meta.title),
        ("发文字号", meta.doc_number),
        ("发布日期", maybe_day(meta.published_on)),
        ("有效性", meta.validity_label),
    ]
    lines = [f"{name}：{value or '—'}" for name, value in rows]
    if detail.interpretation_plan:
        lines.append(f"政策解读方案：{detail.interpretation_plan.name}")
    if detail.withdrawal_reason:
        lines.append(f"撤回：{maybe_day(detail.withdrawn_on)}，理由：{detail.withdrawal_reason}")
    return lines


SOURCE_NAMES = {"title": "标题", "doc_number": "发文字号", "formed_on": "成文日期", "issuer": "发文机关",
                "index_no": "索引号", "attribute_mark": "公开属性标注"}  # fmt: skip


def metadata_sources(detail: DocumentDetail) -> list[str]:
    """Where each metadata value was read, so the drafter sees why (第3行：版头下的发文字号)."""
    sources = detail.metadata.sources
    check = detail.metadata_check
    checked = f"元数据：拟稿人已核对（{_instant(check.at)}）" if check else "元数据：未核对（自动读取）"
    if not sources:
        return [checked]
    lines = [f"  {label}：{sources[name]}" for name, label in SOURCE_NAMES.items() if name in sources]
    return [checked, "读取依据：", *lines, f"  主题分类：{detail.subject_source}"]


def _instant(iso: str) -> str:
    """An ISO instant as Beijing time: 2026年10月10日 09:30."""
    local = datetime.fromisoformat(iso).astimezone(SHANGHAI)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def formed_date_lines(detail: DocumentDetail) -> list[str]:
    """Before signing and after: the text's date line beside the 成文日期 (the sign date)."""
    check = detail.formed_date
    if check is None:
        return []
    return [f"成文日期核对：{'⚠ ' if check.differs else ''}{check.explanation}"]


def document_deadlines(detail: DocumentDetail) -> list[str]:
    """Each deadline with its status and how it was computed."""
    if not detail.deadlines:
        return ["期限：无"]
    lines = ["期限："]
    for deadline in detail.deadlines:
        met = f"，{day(deadline.met_on)}完成" if deadline.met_on else ""
        lines.append(f"  {deadline.kind_label}：{day(deadline.due)}（{deadline.status_label}{met}）")
        lines.append(f"    {deadline.explanation}")
    return lines


def document_findings(detail: DocumentDetail) -> list[str]:
    """The current version's pre-check findings and how each was resolved."""
    findings = detail.findings
    lines = [f"保密审查预检（第 {detail.current_version} 稿）：发现 {len(findings)} 项" if findings else
             "保密审查预检：未发现个人信息、密级或内部标志"]  # fmt: skip
    for finding in findings:
        resolution = finding.resolution
        state = ""
        if resolution and resolution.resolution == "justified":
            state = f" — 已说明理由（{resolution.by}）：{resolution.reason}"
        elif finding.severity == "personal_data":
            state = " — 待处理（删除或遮盖后重新提交，或审查时用 --justify 说明理由）"
        where = f"第 {finding.start} 字起"
        lines.append(f"  {finding.number}. {finding.label}「{finding.text}」（{where}）{state}")
    for redacted in detail.resolutions:
        if redacted.resolution == "redacted":
            lines.append(f"  已在第 {redacted.version} 稿中删除：{redacted.label}「{redacted.text}」")
    return lines


def document_interpretations(detail: DocumentDetail) -> list[str]:
    """The interpretations published with the document, on time or late."""
    return [
        f"政策解读：{item.form_label}《{item.original_name}》，{day(item.published_on)}发布（{TIMELY[item.on_time]}）"
        for item in detail.interpretations
    ]


def document_row(row: DocumentListItem) -> str:
    """A document as one line of `gongkai list`."""
    deadline = row.next_deadline
    due = f"　{deadline.kind_label} {day(deadline.due)}（{deadline.status_label}）" if deadline else ""
    attribute = row.attribute_label or "属性未定"
    return f"{row.id:>6}  {row.state_label}　{attribute}　{row.title}{due}"


def _document_event(event: DocumentEvent) -> str:
    at = datetime.fromisoformat(event.at).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    role = Role(event.role).label if event.role in Role.__members__.values() else event.role
    move = ""
    if event.from_state and event.to_state and event.from_state != event.to_state:
        move = f"：{State(event.from_state).label} → {State(event.to_state).label}"
    payload = event.payload
    notes = [f"{name}：{payload[key]}" for key, name in (("comment", "意见"), ("reason", "理由")) if payload.get(key)]
    if event.action.startswith("deadline_"):
        notes.append(f"{DeadlineKind(payload['kind']).label} {maybe_day(payload['due'])}")
    if event.detail:
        notes.append(event.detail)
    note = f"（{'；'.join(notes)}）" if notes else ""
    return f"  #{event.seq} {at} {event.actor}（{role}）{event.action_label}{move}{note}"


def request_text(detail: RequestDetail, *, full: bool = False) -> str:
    """A request in Chinese: state, applicant, the deadlines in force with how each was computed, the reply;
    `full` (request show) adds every deadline, the flags and the audit trail."""
    lines = [
        f"申请 {detail.id}：{detail.state_label}",
        f"申请人：{detail.applicant}（{detail.applicant_type_label}），{detail.channel_label}，"
        f"收到申请：{day(detail.received_on)}",
        f"申请内容：{detail.subject}",
    ]
    if detail.contact:
        lines.append(f"联系方式：{detail.contact}")
    lines += [f"所申请公文：{d.id} {d.title}" for d in detail.documents]
    lines += [_request_deadline(deadline) for deadline in detail.deadlines if deadline.active or full]
    if (answer := detail.reply) is not None:
        late = "（逾期答复）" if answer.late else ""
        lines.append(f"答复：{answer.label}，{maybe_day(answer.replied_on)}{late}")
        if answer.named_grounds:
            grounds = "、".join(f"{g.label}（条例{g.article}）" if g.article else g.label for g in answer.named_grounds)
            lines.append(f"法律依据：{grounds}")
    if not full:
        return "\n".join(lines)
    if detail.often_requested.flagged:
        lines.append(f"【申请较为集中】一年内{detail.often_requested.threshold}个以上申请人申请过同一信息")
    month = detail.applicant_month
    year, number = month.month.split("-")
    note = f"，超过每月{month.limit}件" if month.over_limit else ""
    lines.append(f"该申请人{year}年{int(number)}月共申请 {month.count} 件{note}")
    lines.append("审计记录：")
    lines += [f"  {e.seq:>6}  {e.actor}  {e.action_label}  {e.detail or ''}".rstrip() for e in detail.audit]
    return "\n".join(lines)


def request_row(row: RequestListItem) -> str:
    """A request as one line of `gongkai request list`."""
    due = f"  答复期限 {day(row.reply_due)}" if row.reply_due and row.result is None else ""
    flag = "  【申请较为集中】" if row.often_requested else ""
    return f"{row.id:>5}  {day(row.received_on)}  {row.state_label}{due}{flag}  {row.subject}"


def _request_deadline(deadline: RequestDeadline) -> str:
    late = f"逾期{deadline.working_days_late}个工作日"
    if deadline.met_on:
        status = f"已于{day(deadline.met_on)}履行" + (f"，{late}" if deadline.working_days_late else "")
    elif deadline.superseded_by is not None:
        status = "已重新计算，以其后的为准"
    elif not deadline.active:
        status = "已暂停计算"
    else:
        status = f"已{late}" if deadline.overdue else "进行中"
    return f"{deadline.kind_label}：{day(deadline.due)}（{status}）\n  {deadline.explanation}"
