"""`gongkai init`, `user …`, `calendar …`, `audit verify`: administration on the local database, without the stack."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer

from app.cli.context import runtime_of
from policies.dates import parse_day
from policies.errors import BadInput, GongkaiError

user_cli = typer.Typer(help="用户管理。", no_args_is_help=True)
calendar_cli = typer.Typer(help="工作日日历：按国务院节假日安排（含调休上班）与本地调整计算。", no_args_is_help=True)
audit_cli = typer.Typer(help="审计日志。", no_args_is_help=True)


class ChainBroken(GongkaiError):
    """The audit chain does not verify."""

    exit_code = 1


def init(
    ctx: typer.Context,
    org_code: Annotated[str | None, typer.Option("--org-code", help="机关代码（用于索引号）。")] = None,
    org_name: Annotated[str | None, typer.Option("--org-name", help="机关名称。")] = None,
    org_kind: Annotated[str | None, typer.Option("--org-kind", help="department 或 government。")] = None,
) -> None:
    """创建或升级数据库结构（可重复运行）。"""
    from app.home import admin

    runtime = runtime_of(ctx)
    result = admin.initialise(runtime, org_code=org_code, org_name=org_name, org_kind=org_kind)
    organisation = result["organisation"]
    runtime.emit(result, f"已就绪：{result['database']}（机关：{organisation['name']}，代码 {organisation['code']}）")


@user_cli.command("add")
def user_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="用户名。")],
    role: Annotated[str, typer.Option("--role", help="drafter|reviewer|signer|supervisor|admin")],
    dept: Annotated[str | None, typer.Option("--dept", help="所在部门。")] = None,
) -> None:
    """添加用户。"""
    from app.home import admin
    from policies.roles import Role

    runtime = runtime_of(ctx)
    result = admin.add_user(runtime, name=name, role=role, department=dept)
    runtime.emit(result, f"已添加用户 {result['name']}（{Role(result['role']).label}）")


@user_cli.command("token")
def user_token(ctx: typer.Context, name: Annotated[str, typer.Argument(help="用户名。")]) -> None:
    """为用户签发 API 令牌（只显示一次；库中只存其摘要）。"""
    from app.home import admin

    runtime = runtime_of(ctx)
    result = admin.issue_token(runtime, name=name)
    runtime.emit(result, f"{result['name']} 的新令牌（请妥善保存，不会再次显示）：\n{result['token']}")


@user_cli.command("password")
def user_password(ctx: typer.Context, name: Annotated[str, typer.Argument(help="用户名。")]) -> None:
    """设置用户的登录密码：从标准输入读取（终端上不回显，需输入两次），从不经命令行参数传递。"""
    from app.home import admin

    runtime = runtime_of(ctx)
    result = admin.set_password(runtime, name=name, password=_read_password())
    ended = f"，已结束其 {result['sessions_ended']} 个登录会话" if result["sessions_ended"] else ""
    runtime.emit(result, f"已设置 {result['name']} 的密码{ended}")


def _read_password() -> str:
    """The new password: asked twice without echo on a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("新密码：")
        if getpass.getpass("再输入一次：") != first:
            raise BadInput("两次输入的密码不一致")
        return first
    line = sys.stdin.readline()
    if not line:
        raise BadInput("请从标准输入提供密码（如：printf '%s\\n' \"$PASSWORD\" | gongkai user password 名字）")
    return line.removesuffix("\n").removesuffix("\r")


@user_cli.command("disable")
def user_disable(ctx: typer.Context, name: Annotated[str, typer.Argument(help="用户名。")]) -> None:
    """停用用户：不能再登录，令牌作废，已登录的会话立即结束（记录保留）。"""
    from app.home import admin

    runtime = runtime_of(ctx)
    result = admin.disable_user(runtime, name=name)
    runtime.emit(result, f"已停用用户 {result['name']}（结束登录会话 {result['sessions_ended']} 个）")


@user_cli.command("list")
def user_list(ctx: typer.Context) -> None:
    """列出用户：用户名、角色、部门、是否启用、是否已设密码（从不显示密码或其摘要）。"""
    from app.home import admin
    from policies.roles import Role

    runtime = runtime_of(ctx)
    rows = admin.list_users(runtime)
    lines = [
        f"{r['name']}  {Role(r['role']).label}  {r['department'] or '（无部门）'}  "
        f"{'启用' if r['active'] else '已停用'}  {'已设密码' if r['has_password'] else '未设密码'}"
        for r in rows
    ]
    runtime.emit(rows, "\n".join(lines) if lines else "还没有用户")


@calendar_cli.command("add")
def calendar_add(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(metavar="DATE", help="起算日（当日不计）。")],
    working_days: Annotated[str, typer.Argument(metavar="N", help="工作日数。")],
) -> None:
    """DATE 之后第 N 个工作日，并说明跳过的节假日与计入的调休上班日。"""
    from app.home import admin

    runtime = runtime_of(ctx)
    try:
        count = int(working_days)
    except ValueError as error:
        raise BadInput(f"工作日数应为整数：{working_days!r}") from error
    result = admin.count_working_days(runtime, parse_day(start), count)
    runtime.emit(result.to_dict(), result.explanation())


@calendar_cli.command("set")
def calendar_set(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE")],
    holiday: Annotated[str | None, typer.Option("--holiday", help="本地放假日的名称。")] = None,
    workday: Annotated[str | None, typer.Option("--workday", help="本地上班日的名称或依据。")] = None,
) -> None:
    """设置本地日历调整：额外放假日（--holiday）或额外上班日（--workday）。"""
    from app.home import admin

    runtime = runtime_of(ctx)
    if (holiday is None) == (workday is None):
        raise BadInput("请二选一：--holiday 名称 或 --workday 名称")
    name = holiday if holiday is not None else workday
    result = admin.set_calendar_override(runtime, day=parse_day(day), working=workday is not None, name=name or "")
    kind = "上班" if result["working"] else "放假"
    runtime.emit(result, f"已设置：{result['date']} {kind}（{result['name']}）")


@calendar_cli.command("unset")
def calendar_unset(ctx: typer.Context, day: Annotated[str, typer.Argument(metavar="DATE")]) -> None:
    """取消某日的本地日历调整。"""
    from app.home import admin

    runtime = runtime_of(ctx)
    result = admin.remove_calendar_override(runtime, day=parse_day(day))
    runtime.emit(result, f"已取消 {result['date']} 的本地调整")


@calendar_cli.command("list")
def calendar_list(ctx: typer.Context) -> None:
    """列出本地日历调整。"""
    from app.home import admin

    runtime = runtime_of(ctx)
    rows = admin.list_calendar_overrides(runtime)
    lines = [f"{r['date']}  {'上班' if r['working'] else '放假'}  {r['name']}" for r in rows]
    runtime.emit(rows, "\n".join(lines) if lines else "没有本地日历调整")


@audit_cli.command("verify")
def audit_verify(ctx: typer.Context) -> None:
    """逐条校验审计日志的哈希链。"""
    runtime = runtime_of(ctx)
    with runtime.unit_of_work(readonly=True) as uow:
        report = uow.audit.verify()
    if report.broken is not None:
        raise ChainBroken(f"审计链在事件 {report.broken.seq} 处断裂：{report.broken.reason}")
    runtime.emit({"intact": True, "events": report.events}, f"审计链完整：共 {report.events} 条事件")
