"""Application logs through loguru: to a file under GONGKAI_HOME, and into Prefect's run logger inside runs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from loguru import logger

from storage.private import private_dir, private_opener


def _forward_to_prefect(message: Any) -> None:
    """A sink that hands each record to the current Prefect run's logger, when there is one."""
    if "prefect" not in sys.modules:
        return
    from prefect.context import FlowRunContext, TaskRunContext
    from prefect.logging import get_run_logger

    if FlowRunContext.get() is None and TaskRunContext.get() is None:
        return
    record = message.record
    get_run_logger().log(record["level"].no, record["message"])


def configure_logging(home: Path, *, verbose: bool = False) -> None:
    """Warnings to stderr (INFO with verbose), everything to <home>/logs/gongkai.log (0600, in a 0700 folder), and
    into Prefect runs."""
    logger.remove()
    logger.add(sys.stderr, level="INFO" if verbose else "WARNING", format="{level}: {message}")
    if home.exists():
        private_dir(home / "logs")
        logger.add(home / "logs" / "gongkai.log", level="INFO", rotation="10 MB", retention=5, enqueue=False,
                   opener=private_opener)  # fmt: skip
    logger.add(_forward_to_prefect, level="INFO", format="{message}")
