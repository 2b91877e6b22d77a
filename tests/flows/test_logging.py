"""Application logs (loguru) reach the Prefect run's own log, so a run's page shows what the step did."""

from __future__ import annotations

import asyncio
from pathlib import Path
from uuid import UUID

from loguru import logger
from prefect import flow, get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogHandler
from prefect.runtime import flow_run

from app.home.logs import configure_logging


@flow
def note_the_step() -> str:
    logger.info("已发布公文 7，索引号 11500000MB1234567X/2026-00001")
    return str(flow_run.get_id())


async def _messages(run_id: str) -> list[str]:
    async with get_client() as client:
        logs = await client.read_logs(
            LogFilter(flow_run_id=LogFilterFlowRunId(any_=[UUID(run_id)])), limit=200, offset=0
        )
    return [log.message for log in logs]


def test_loguru_records_inside_a_run_reach_the_runs_log(tmp_path: Path) -> None:
    configure_logging(tmp_path)
    run_id = note_the_step()
    APILogHandler().flush()
    assert "已发布公文 7，索引号 11500000MB1234567X/2026-00001" in asyncio.run(_messages(run_id))


def test_loguru_records_outside_a_run_go_only_to_the_log_file(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    configure_logging(tmp_path)
    logger.info("本地操作")
    logger.complete()
    assert "本地操作" in (tmp_path / "logs" / "gongkai.log").read_text(encoding="utf-8")
