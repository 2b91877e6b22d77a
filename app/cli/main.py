"""The `gongkai` command line (DESIGN.md's CLI contract): parse, call a service, print; errors as one line."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from loguru import logger

from app.home.logs import configure_logging
from app.home.runtime import Runtime
from app.home.settings import Settings
from policies.dates import parse_day
from policies.errors import BadInput, GongkaiError

GLOBAL_FLAGS = ("--json", "--verbose")
GLOBAL_OPTIONS = ("--today", "--home", "--db")

cli = typer.Typer(
    name="gongkai",
    help="gongkai（公开）：公文办理与政务公开审查工作流。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
user_cli = typer.Typer(help="用户管理。", no_args_is_help=True)
calendar_cli = typer.Typer(help="工作日日历：按国务院节假日安排（含调休上班）与本地调整计算。", no_args_is_help=True)
audit_cli = typer.Typer(help="审计日志。", no_args_is_help=True)
cli.add_typer(user_cli, name="user")
cli.add_typer(calendar_cli, name="calendar")
cli.add_typer(audit_cli, name="audit")


class ChainBroken(GongkaiError):
    """The audit chain does not verify."""

    exit_code = 1


@cli.callback()
def global_options(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="机器可读的 JSON 输出。")] = False,
    today: Annotated[str | None, typer.Option("--today", help="以此日期为今天（YYYY-MM-DD）。")] = None,
    home: Annotated[str | None, typer.Option("--home", help="数据目录（默认 ./.gongkai）。")] = None,
    db: Annotated[str | None, typer.Option("--db", help="数据库地址（默认 GONGKAI_HOME 下的 SQLite）。")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", help="显示运行日志。")] = False,
) -> None:
    """gongkai（公开）：公文办理与政务公开审查工作流。"""
    settings = Settings.load(home=home, database_url=db, today=today)
    configure_logging(settings.home, verbose=verbose)
    ctx.obj = Runtime(settings=settings, json_output=json_output)


def _runtime(ctx: typer.Context) -> Runtime:
    runtime: Runtime = ctx.obj
    return runtime


@cli.command()
def init(
    ctx: typer.Context,
    org_code: Annotated[str | None, typer.Option("--org-code", help="机关代码（用于索引号）。")] = None,
    org_name: Annotated[str | None, typer.Option("--org-name", help="机关名称。")] = None,
    org_kind: Annotated[str | None, typer.Option("--org-kind", help="department 或 government。")] = None,
) -> None:
    """创建或升级数据库结构（可重复运行）。"""
    from app.home import admin

    runtime = _runtime(ctx)
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

    runtime = _runtime(ctx)
    result = admin.add_user(runtime, name=name, role=role, department=dept)
    from policies.roles import Role

    runtime.emit(result, f"已添加用户 {result['name']}（{Role(result['role']).label}）")


@calendar_cli.command("add")
def calendar_add(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(metavar="DATE", help="起算日（当日不计）。")],
    working_days: Annotated[str, typer.Argument(metavar="N", help="工作日数。")],
) -> None:
    """DATE 之后第 N 个工作日，并说明跳过的节假日与计入的调休上班日。"""
    from app.home import admin

    runtime = _runtime(ctx)
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

    runtime = _runtime(ctx)
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

    runtime = _runtime(ctx)
    result = admin.remove_calendar_override(runtime, day=parse_day(day))
    runtime.emit(result, f"已取消 {result['date']} 的本地调整")


@calendar_cli.command("list")
def calendar_list(ctx: typer.Context) -> None:
    """列出本地日历调整。"""
    from app.home import admin

    runtime = _runtime(ctx)
    rows = admin.list_calendar_overrides(runtime)
    lines = [f"{r['date']}  {'上班' if r['working'] else '放假'}  {r['name']}" for r in rows]
    runtime.emit(rows, "\n".join(lines) if lines else "没有本地日历调整")


@audit_cli.command("verify")
def audit_verify(ctx: typer.Context) -> None:
    """逐条校验审计日志的哈希链。"""
    runtime = _runtime(ctx)
    with runtime.unit_of_work(readonly=True) as uow:
        report = uow.audit.verify()
    if report.broken is not None:
        raise ChainBroken(f"审计链在事件 {report.broken.seq} 处断裂：{report.broken.reason}")
    runtime.emit({"intact": True, "events": report.events}, f"审计链完整：共 {report.events} 条事件")


@user_cli.command("token")
def user_token(ctx: typer.Context, name: Annotated[str, typer.Argument(help="用户名。")]) -> None:
    """为用户签发 API 令牌（只显示一次；库中只存其摘要）。"""
    from app.home import admin

    runtime = _runtime(ctx)
    result = admin.issue_token(runtime, name=name)
    runtime.emit(result, f"{result['name']} 的新令牌（请妥善保存，不会再次显示）：\n{result['token']}")


@cli.command()
def up(ctx: typer.Context) -> None:
    """在后台启动本地服务：Prefect 服务器、gongkai 网页应用与调度运行器。"""
    from app.stack import supervisor as stack

    runtime = _runtime(ctx)
    result = stack.up(runtime.settings)
    runtime.emit(result, f"本地服务已运行：{result['api_url']}（Prefect：{result['prefect_api_url']}）")


@cli.command()
def down(ctx: typer.Context) -> None:
    """停止本地服务。"""
    from app.stack import supervisor as stack

    runtime = _runtime(ctx)
    result = stack.down(runtime.settings)
    runtime.emit(result, "本地服务已停止" if result["stopped"] else "本地服务未在运行")


@cli.command()
def status(ctx: typer.Context) -> None:
    """本地服务的运行情况。"""
    from app.stack import supervisor as stack

    runtime = _runtime(ctx)
    result = stack.status(runtime.settings)
    human = (
        f"运行中：网页与 API {result['api_url']}，Prefect {result['prefect_api_url']}"
        if result["running"]
        else "未运行（gongkai up 可启动）"
    )
    runtime.emit(result, human)


@cli.command()
def serve(ctx: typer.Context) -> None:
    """在前台运行本地服务，按 Ctrl-C 停止。"""
    import signal
    import time

    from app.stack import supervisor as stack

    runtime = _runtime(ctx)
    result = stack.up(runtime.settings)
    print(f"本地服务已运行：{result['api_url']}（按 Ctrl-C 停止）", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while stack.status(runtime.settings)["running"]:
            time.sleep(2)
    except KeyboardInterrupt:
        pass
    finally:
        stack.down(runtime.settings)


def hoist_global_options(args: Sequence[str]) -> list[str]:
    """Move global options given after the subcommand to the front, so `gongkai show 1 --json` works too."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        name = arg.split("=", 1)[0]
        if arg == "--":
            rest.extend(args[index:])
            break
        if arg in GLOBAL_FLAGS:
            front.append(arg)
        elif name in GLOBAL_OPTIONS:
            if "=" in arg:
                front.append(arg)
            else:
                front.extend(args[index : index + 2])
                index += 1
        else:
            rest.append(arg)
        index += 1
    return front + rest


def _fail(message: str, code: int, *, as_json: bool) -> NoReturn:
    if not message:  # the help was shown instead
        raise SystemExit(code)
    if as_json:
        print(json.dumps({"error": message, "exit_code": code}, ensure_ascii=False), file=sys.stderr)
    else:
        print(f"错误：{message}", file=sys.stderr)
    raise SystemExit(code)


def _is_database_error(error: Exception) -> bool:
    """Whether the database driver raised it (checked without importing SQLAlchemy for commands that never load it)."""
    exceptions = sys.modules.get("sqlalchemy.exc")
    return exceptions is not None and isinstance(error, exceptions.DBAPIError)


def _schema_missing(error: Exception) -> bool:
    text = str(error).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI with DESIGN.md's exit codes: 0 ok, 2 bad input, 3 refused, 4 not found, 5 conflict, 1 other."""
    args = hoist_global_options(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    try:
        result: Any = cli(args=args, prog_name="gongkai", standalone_mode=False)
    except GongkaiError as error:
        _fail(str(error), error.exit_code, as_json=as_json)
    except typer.Abort:
        _fail("已取消", 1, as_json=as_json)
    except typer.TyperException as error:  # usage errors: unknown option, missing argument, bad value
        _fail(error.format_message(), 2, as_json=as_json)
    except Exception as error:  # the last line of defence: one line for the person, the traceback to the log
        if _is_database_error(error):
            if _schema_missing(error):
                _fail("数据库尚未初始化或版本过旧：请先运行 gongkai init", 2, as_json=as_json)
            logger.exception("database error")
            _fail(f"数据库错误：{getattr(error, 'orig', error)}", 1, as_json=as_json)
        logger.opt(exception=error).debug("unexpected error")
        _fail(f"内部错误：{type(error).__name__}: {error}", 1, as_json=as_json)
    if isinstance(result, int) and result:
        raise SystemExit(result)


from app.cli.requests import request_cli  # noqa: E402

cli.add_typer(request_cli, name="request")

from app.cli.documents import documents_cli  # noqa: E402

cli.add_typer(documents_cli)

from app.cli.site import demo, site_cli  # noqa: E402

cli.add_typer(site_cli, name="site")
cli.command()(demo)

if __name__ == "__main__":
    main()
