"""The `site build` and `demo` commands: the public 政府信息公开 column, and the scenario that fills it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from app.cli.context import runtime_of

site_cli = typer.Typer(help="政府信息公开栏目（静态站点）。", no_args_is_help=True)


@site_cli.command("build")
def site_build(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="站点目录（不存在、为空，或以前生成的站点）。")],
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="站点的公开地址，用于订阅与 JSON 中的绝对链接。")
    ] = None,
) -> None:
    """生成政府信息公开栏目：首页（按年度、按主题）、每件公文与解读的页面、Atom 订阅和 JSON 索引。"""
    from app.public.build import build_site

    runtime = runtime_of(ctx)
    result = build_site(runtime, directory, base_url=base_url)
    runtime.emit(
        result,
        f"已生成政府信息公开栏目：{result['documents']} 件公文、{result['interpretations']} 篇解读 → {result['index']}",
    )


def demo(ctx: typer.Context) -> None:
    """演示：在全新的数据目录中，从初始化到公开栏目，十余件公文走完每一条办理路径。"""
    from app.demo.runner import run_demo, where_to_look

    runtime = runtime_of(ctx)
    stream = sys.stderr if runtime.json_output else sys.stdout
    result = run_demo(runtime, lambda line: print(line, file=stream, flush=True))
    runtime.emit(result, where_to_look(result, runtime.settings.home))
