"""The yearly self-audit (自查) as async Prefect flows: open (scheduled 09:00 on 1 November, no parameters needed),
decide an item, close. Open and close leave a markdown artifact on their run summarising the audit.

The web app awaits them in-process; the deployment's runner runs `open_self_audit` with no arguments, the year
being today's. Task runs are not tagged (see flows/requests.py on the cost of tagged task runs).
"""

from __future__ import annotations

from datetime import date

from prefect import flow
from prefect.artifacts import acreate_markdown_artifact
from prefect.context import TagsContext

from policies.attributes import Attribute
from policies.dates import chinese_date
from policies.self_audit import AuditState, Decision, ItemReason
from tasks.self_audit import AuditStep, AuditSummary, ItemStep, close_audit, decide, open_audit, summarise


def _untagged_tasks() -> TagsContext:
    return TagsContext(current_tags=set())


@flow(name="self-audit-open", log_prints=False, validate_parameters=False)
async def open_self_audit(year: int | None = None, actor: str | None = None, today: date | None = None) -> AuditStep:
    """Open the year's self-audit (this year's when none is given) and list its items; again, it adds nothing."""
    with _untagged_tasks():
        opened = open_audit(year, actor, today)
        summary = summarise(opened.audit_id)
    await _publish(summary, "已开始" if opened.opened_now else "已存在（本次未新增事项）")
    return opened


@flow(name="self-audit-decide", log_prints=False, validate_parameters=False)
async def decide_self_audit_item(
    item_id: int,
    actor: str,
    keep_reason: str | None = None,
    convert_to: Attribute | None = None,
    today: date | None = None,
) -> ItemStep:
    """A reviewer keeps an item with a reason, or converts its document's attribute."""
    with _untagged_tasks():
        return decide(item_id, actor, keep_reason, convert_to, today)


@flow(name="self-audit-close", log_prints=False, validate_parameters=False)
async def close_self_audit(year: int, actor: str, today: date | None = None, seed: int | None = None) -> AuditStep:
    """Close the audit once every item is decided, drawing and recording the office's spot-check sample."""
    with _untagged_tasks():
        closed = close_audit(year, actor, today, seed=seed)
        summary = summarise(closed.audit_id)
    await _publish(summary, "已完成")
    return closed


async def _publish(summary: AuditSummary, headline: str) -> None:
    await acreate_markdown_artifact(
        markdown=summary_markdown(summary, headline),
        key=f"self-audit-{summary.year}",
        description=f"{summary.year}年度政务公开自查",
    )


def summary_markdown(summary: AuditSummary, headline: str) -> str:
    """The run's artifact: the audit's counts by reason and by decision, and the spot check with its seed."""
    total = sum(summary.by_reason.values())
    lines = [
        f"# {summary.year}年度政务公开自查：{headline}",
        "",
        f"- 状态：{AuditState(summary.state).label}；完成期限：{chinese_date(summary.due)}",
        f"- 自查事项：{total} 项",
        "",
        "| 类别 | 事项数 |",
        "|---|---:|",
        *(f"| {reason.label} | {summary.by_reason.get(reason.value, 0)} |" for reason in ItemReason),
        "",
        "| 结论 | 事项数 |",
        "|---|---:|",
        *(f"| {decision.label} | {summary.by_decision.get(decision.value, 0)} |" for decision in Decision),
        f"| 尚未作结论 | {summary.by_decision.get(None, 0)} |",
    ]
    if summary.seed is not None:
        sample = "、".join(str(item) for item in summary.spot_check) or "无"
        lines += ["", f"抽查样本（随机种子 {summary.seed}，共 {len(summary.spot_check)} 项）：{sample}"]
    return "\n".join(lines)
