"""The decorator every step wears: retried when the database or the file store fails; a refusal by a rule is final."""

from __future__ import annotations

from typing import Any

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.results import ResultRecord
from prefect.states import State as RunState
from sqlalchemy.exc import OperationalError

from storage.db import DatabaseUnavailable

INFRASTRUCTURE_ERRORS = (OperationalError, DatabaseUnavailable, OSError)


def infrastructure_error(_task: Task[Any, Any], _task_run: TaskRun, state: RunState[Any]) -> bool:
    """Whether a failed step may be retried: only when the database or the file store failed, never a refusal."""
    error = state.data.result if isinstance(state.data, ResultRecord) else state.data
    return isinstance(error, INFRASTRUCTURE_ERRORS)


step = task(retries=2, retry_delay_seconds=0.2, retry_condition_fn=infrastructure_error, cache_policy=NO_CACHE)
