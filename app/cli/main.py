"""The `gongkai` command line (DESIGN.md's CLI contract): the root command and its global options, the command
groups registered from their modules, and errors as one line with DESIGN.md's exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from loguru import logger

from app.cli import admin, documents, requests, self_audit, site, stack
from app.home.logs import configure_logging
from app.home.runtime import Runtime
from app.home.settings import Settings
from policies.errors import GongkaiError

GLOBAL_FLAGS = ("--json", "--verbose")
GLOBAL_OPTIONS = ("--today", "--home", "--db")

cli = typer.Typer(
    name="gongkai",
    help="gongkai（公开）：公文办理与政务公开审查工作流。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for command in (admin.init, stack.up, stack.down, stack.status, stack.serve, site.demo):
    cli.command()(command)
cli.add_typer(admin.user_cli, name="user")
cli.add_typer(admin.calendar_cli, name="calendar")
cli.add_typer(admin.audit_cli, name="audit")
cli.add_typer(requests.request_cli, name="request")
cli.add_typer(self_audit.self_audit_cli, name="self-audit")
cli.add_typer(documents.documents_cli)
cli.add_typer(site.site_cli, name="site")


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


if __name__ == "__main__":
    main()
