"""`gongkai sweep` (the deadline sweep, once, as of --today, through the web app's `deadline_sweep` flow) and
`gongkai notify add|list|remove` (where reminders go: administration on the local database, like the calendar)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from app.cli.client import call
from app.cli.context import runtime_of
from policies.dates import chinese_date
from policies.deadlines import DeadlineKind
from policies.reminders import DUE_SOON_WORKING_DAYS, ESCALATE_AFTER_WORKING_DAYS, ReminderLevel, subject_name

notify_cli = typer.Typer(
    help="期限提醒的通知地址（apprise：邮件、钉钉、企业微信机器人、json:// 等）。", no_args_is_help=True
)


def item_line(item: dict[str, Any]) -> str:
    """One row of the sweep's table: level, kind, subject, due date, working days, department."""
    days = (
        f"逾期{item['working_days_overdue']}个工作日"
        if item["working_days_overdue"]
        else ("今日到期" if item["working_days_left"] == 0 else f"剩{item['working_days_left']}个工作日")
    )
    kind = DeadlineKind(item["kind"]).label if item["kind"] in DeadlineKind.__members__.values() else item["kind"]
    return (
        f"  {ReminderLevel(item['level']).label:<4}  {kind:<8}  {chinese_date(date.fromisoformat(item['due']))}  "
        f"{days:<8}  {item['department'] or '—'}  "
        + subject_name(item["subject_type"], item["subject_id"], item["title"])
    )


def sweep_text(result: dict[str, Any]) -> str:
    """The sweep as Chinese text: its line, then each list."""
    lines = [result["message"]]
    for heading, key in (("即将到期", "due_soon"), ("已逾期", "overdue")):
        if result[key]:
            lines += [f"{heading}（{len(result[key])}项）：", *(item_line(item) for item in result[key])]
    return "\n".join(lines)


def sweep(
    ctx: typer.Context,
    within: Annotated[
        int, typer.Option("--within", min=0, max=60, help="几个工作日内到期算作即将到期。")
    ] = DUE_SOON_WORKING_DAYS,
    escalate_after: Annotated[
        int, typer.Option("--escalate-after", min=0, max=60, help="逾期超过几个工作日提请督办（发往督查人员）。")
    ] = ESCALATE_AFTER_WORKING_DAYS,
) -> None:
    """期限巡查：列出即将到期与已逾期事项，发送尚未发送的提醒（以 --today 为今天；非工作日只列出，不发送）。"""
    result = call(ctx, None, "POST", f"/api/sweep?within={within}&escalate_after={escalate_after}")
    runtime_of(ctx).emit(result, sweep_text(result))


def _target_line(target: dict[str, Any]) -> str:
    scope = target["department"] or "全部科室"
    role = f"，{target['role_label']}" if target["role_label"] else ""
    return f"{target['id']:>4}  {target['url']}（{scope}{role}）"


@notify_cli.command("add")
def notify_add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(metavar="URL", help="apprise 地址，如 mailto://…、dingtalk://…、json://…")],
    dept: Annotated[str | None, typer.Option("--dept", help="只接收此科室的提醒。")] = None,
    role: Annotated[
        str | None, typer.Option("--role", help="接收者角色；supervisor（督查人员）只接收逾期督办。")
    ] = None,
) -> None:
    """添加通知地址。"""
    from app.home import notify  # storage is imported by the commands that need it, not by every command

    runtime = runtime_of(ctx)
    with runtime.unit_of_work() as uow:
        result = notify.add_target(uow, runtime.local_admin, url=url, department=dept, role=role)
    runtime.emit(result, f"已添加通知地址 {_target_line(result).strip()}")


@notify_cli.command("list")
def notify_list(ctx: typer.Context) -> None:
    """列出通知地址（地址中的密码、令牌、密钥已隐去）。"""
    from app.home import notify

    runtime = runtime_of(ctx)
    with runtime.unit_of_work(readonly=True) as uow:
        rows = notify.list_targets(uow)
    runtime.emit(rows, "\n".join(_target_line(row) for row in rows) if rows else "尚未设置通知地址")


@notify_cli.command("remove")
def notify_remove(ctx: typer.Context, target_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """停用一个通知地址（已发送的提醒记录保留）。"""
    from app.home import notify

    runtime = runtime_of(ctx)
    with runtime.unit_of_work() as uow:
        result = notify.remove_target(uow, runtime.local_admin, target_id)
    runtime.emit(result, f"已停用通知地址 {result['id']}")
