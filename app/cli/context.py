"""What every command shares: the runtime the root callback made, and the options common to many commands."""

from __future__ import annotations

from typing import Annotated

import typer

from app.home.runtime import Runtime

ExpectVersion = Annotated[
    int | None,
    typer.Option("--expect-version", metavar="N", help="仅当对象仍是第 N 版时执行（他人已修改则拒绝，退出码 5）。"),
]


def runtime_of(ctx: typer.Context) -> Runtime:
    """The invocation's runtime (settings, database, --json), made by the root callback."""
    runtime: Runtime = ctx.obj
    return runtime
