"""Disclosure requests (依申请公开) as async Prefect flows, one per step of the disclosure office.

The web app awaits them in-process. Each run is tagged `request:<id>` and every audit event it writes carries
its flow run id, so a supervisor can go from a request to its runs and back. The run's task runs are not
tagged: Prefect checks tag concurrency limits for every tagged task run (a round trip to acquire and one to
release, and one client thread per distinct tag, kept for the life of the process), which made one step in
ten take two seconds more. Personal data travels as SecretStr, which Prefect records as "**********".

Every step after registration takes `expected_version`, the version the caller saw (HTTP If-Match, the CLI's
--expect-version); the step's task checks it in its transaction, and a stale one is a Conflict (exit 5 / HTTP 409).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from prefect import flow, tags
from prefect.client.orchestration import get_client
from prefect.context import FlowRunContext, TagsContext
from pydantic import SecretStr

from policies.attributes import LegalGround
from policies.request_clock import CORRECTION_WAIT_WORKING_DAYS
from policies.request_results import ResultCode
from tasks.requests import (
    Application,
    RequestStep,
    answer,
    ask_for_correction,
    close_for_no_correction,
    consult,
    end_consulting,
    extend_reply,
    receive_corrected,
    register,
)


def request_tag(request_id: int) -> str:
    """The tag that ties a flow run to its request."""
    return f"request:{request_id}"


async def for_request(
    request_id: int, step: Callable[..., Awaitable[RequestStep]], /, **parameters: Any
) -> RequestStep:
    """Run one step's flow for a request, its run tagged with the request."""
    with tags(request_tag(request_id)):
        return await step(request_id=request_id, **parameters)


def _untagged_tasks() -> TagsContext:
    """Task runs started inside take no tags from the run (see the module's docstring)."""
    return TagsContext(current_tags=set())


async def _tag_run(request_id: int) -> None:
    """Tag the running flow run with its request once the request exists (one API call)."""
    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        return
    async with get_client() as client:
        await client.update_flow_run(context.flow_run.id, tags=[*context.flow_run.tags, request_tag(request_id)])


@flow(name="request-new", log_prints=False, validate_parameters=False)
async def register_request(actor: str, application: Application, today: date | None = None) -> RequestStep:
    """The disclosure office registers an application; the reply is due 20 working days after receipt."""
    with _untagged_tasks():
        registered = register(actor, application, today)
    await _tag_run(registered.request_id)
    return registered


@flow(name="request-correction", log_prints=False, validate_parameters=False)
async def request_correction(
    request_id: int, actor: str, today: date | None = None, expected_version: int | None = None
) -> RequestStep:
    """Ask the applicant to correct the application; no reply deadline runs meanwhile."""
    with _untagged_tasks():
        return ask_for_correction(request_id, actor, today, expected_version=expected_version)


@flow(name="request-corrected", log_prints=False, validate_parameters=False)
async def correction_received(
    request_id: int, actor: str, today: date | None = None, expected_version: int | None = None
) -> RequestStep:
    """The corrected application arrived: 20 working days run again from today."""
    with _untagged_tasks():
        return receive_corrected(request_id, actor, today, expected_version=expected_version)


@flow(name="request-consult", log_prints=False, validate_parameters=False)
async def start_consultation(
    request_id: int, actor: str, party: SecretStr, today: date | None = None, expected_version: int | None = None
) -> RequestStep:
    """Consult a third party, who has 15 working days; the reply clock pauses."""
    with _untagged_tasks():
        return consult(request_id, actor, party, today, expected_version=expected_version)


@flow(name="request-consulted", log_prints=False, validate_parameters=False)
async def consultation_answered(
    request_id: int, actor: str, today: date | None = None, expected_version: int | None = None
) -> RequestStep:
    """The consulted party answered: the reply deadline moves out by the working days spent consulting."""
    with _untagged_tasks():
        return end_consulting(request_id, actor, today, expected_version=expected_version)


@flow(name="request-extend", log_prints=False, validate_parameters=False)
async def extend_request(
    request_id: int, actor: str, reason: str, today: date | None = None, expected_version: int | None = None
) -> RequestStep:
    """Extend the reply deadline once, by 20 working days, telling the applicant why."""
    with _untagged_tasks():
        return extend_reply(request_id, actor, reason, today, expected_version=expected_version)


@flow(name="request-reply", log_prints=False, validate_parameters=False)
async def reply_to_request(
    request_id: int,
    actor: str,
    result: ResultCode,
    grounds: tuple[LegalGround, ...] = (),
    withheld_part: str | None = None,
    reason: str | None = None,
    today: date | None = None,
    expected_version: int | None = None,
) -> RequestStep:
    """Reply with a result; a reply after the due date is recorded as late."""
    with _untagged_tasks():
        return answer(
            request_id, actor, result, grounds, withheld_part, reason, today, expected_version=expected_version
        )


@flow(name="request-close", log_prints=False, validate_parameters=False)
async def close_request(
    request_id: int,
    actor: str,
    wait_working_days: int = CORRECTION_WAIT_WORKING_DAYS,
    today: date | None = None,
    expected_version: int | None = None,
) -> RequestStep:
    """Close a request whose applicant never corrected it, once the wait has passed (other:no_correction)."""
    with _untagged_tasks():
        return close_for_no_correction(request_id, actor, wait_working_days, today, expected_version=expected_version)
