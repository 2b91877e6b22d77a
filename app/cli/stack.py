"""`gongkai up|down|status|serve`: the local stack (Prefect server, the web app, the scheduled runner)."""

from __future__ import annotations

import signal
import time

import typer

from app.cli.context import runtime_of
from app.stack import supervisor as stack


def up(ctx: typer.Context) -> None:
    """在后台启动本地服务：Prefect 服务器、gongkai 网页应用与调度运行器。"""
    runtime = runtime_of(ctx)
    result = stack.up(runtime.settings)
    runtime.emit(result, f"本地服务已运行：{result['api_url']}（Prefect：{result['prefect_api_url']}）")


def down(ctx: typer.Context) -> None:
    """停止本地服务。"""
    runtime = runtime_of(ctx)
    result = stack.down(runtime.settings)
    runtime.emit(result, "本地服务已停止" if result["stopped"] else "本地服务未在运行")


def status(ctx: typer.Context) -> None:
    """本地服务的运行情况。"""
    runtime = runtime_of(ctx)
    result = stack.status(runtime.settings)
    human = (
        f"运行中：网页与 API {result['api_url']}，Prefect {result['prefect_api_url']}"
        if result["running"]
        else "未运行（gongkai up 可启动）"
    )
    runtime.emit(result, human)


def serve(ctx: typer.Context) -> None:
    """在前台运行本地服务，按 Ctrl-C 停止。"""
    runtime = runtime_of(ctx)
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
