"""The issuance lifecycle as async Prefect flows, one per phase; each flow body reads as its steps in order.

The web app awaits them in-process on shared Prefect clients (measured with the stack up: a one-task phase
~105 ms, submit with its five tasks ~150 ms, against ~300 ms with a client per run and per task). Each run is
tagged `document:<id>` and every audit event it writes carries its flow run id, so a supervisor can go from a
document to its runs and back. File bytes are passed in-process only and never recorded by Prefect.

Every flow that changes a document takes `expected_version`, the version the caller saw (HTTP If-Match, the CLI's
--expect-version); the step's task checks it in its transaction, and a stale one is a Conflict (exit 5 / HTTP 409).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from enum import StrEnum
from typing import Any

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.context import AsyncClientContext, FlowRunContext, SyncClientContext
from pydantic import BaseModel, ConfigDict, Field

from policies.attributes import Attribute, LegalGround
from policies.issuance import InterpretationForm, can_start_review
from policies.metadata_check import MetadataCorrection
from tasks.documents import (
    SubmitOptions,
    amend,
    approve,
    confirm_metadata,
    create_document,
    interpret,
    publish,
    resubmit,
    return_document,
    set_attribute,
    sign,
    start_review,
    withdraw,
)
from tasks.intake import intake_file, precheck


class Upload(BaseModel):
    """A file as submitted: its name and its bytes, which stay out of Prefect's record of the run's parameters
    (a document's text may hold personal data; Prefect's database is no place for it)."""

    model_config = ConfigDict(frozen=True)

    filename: str
    content: bytes = Field(exclude=True, repr=False)


class ReviewDecision(StrEnum):
    """What the disclosure office decides."""

    APPROVE = "approve"
    RETURN = "return"


def document_tag(document_id: int) -> str:
    """The tag that ties a flow run to its document."""
    return f"document:{document_id}"


_shared: tuple[SyncClientContext, AsyncClientContext] | None = None


async def _clients() -> tuple[SyncClientContext, AsyncClientContext]:
    """This process's Prefect clients, opened on first use (again if the event loop changed)."""
    global _shared
    if _shared is None or _shared[1].client.loop is not asyncio.get_running_loop():
        sync_context, async_context = SyncClientContext(), AsyncClientContext()
        sync_context.client.__enter__()
        await async_context.client.__aenter__()
        _shared = (sync_context, async_context)
    return _shared


@asynccontextmanager
async def shared_clients() -> AsyncIterator[None]:
    """Let every run inside share one sync and one async Prefect client.

    Prefect opens a client per flow run, per task run and for the result-storage lookup, and each costs
    ~30 ms (it loads the TLS trust store): more than the task itself. Contexts are set per request, so
    concurrent requests on the one event loop each see the shared clients and restore their own context.
    """
    sync_context, async_context = await _clients()
    sync_token = SyncClientContext.__var__.set(sync_context)
    async_token = AsyncClientContext.__var__.set(async_context)
    try:
        yield
    finally:
        AsyncClientContext.__var__.reset(async_token)
        SyncClientContext.__var__.reset(sync_token)


async def run_phase(phase: Callable[..., Awaitable[int]], /, **parameters: Any) -> int:
    """Run one phase's flow in this process on the shared Prefect clients."""
    async with shared_clients():
        return await phase(**parameters)


async def for_document(document_id: int, phase: Callable[..., Awaitable[int]], /, **parameters: Any) -> int:
    """Run one phase's flow for a document (the run tags itself with the document)."""
    return await run_phase(phase, document_id=document_id, **parameters)


async def tag_run(document_id: int) -> None:
    """Tag the running flow run with its document (one API call).

    Not through `prefect.tags(...)` around the call: task runs inherit those tags, and each tagged task run
    asks the server for a tag concurrency slot, one more database write per step.
    """
    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        return
    async with get_client() as client:
        await client.update_flow_run(context.flow_run.id, tags=[*context.flow_run.tags, document_tag(document_id)])


@flow(name="submit", log_prints=False)
async def submit_document(
    actor: str,
    upload: Upload,
    options: SubmitOptions,
    plan: Upload | None = None,
    today: date | None = None,
) -> int:
    """A drafter submits a file: intake, pre-check, a draft with its metadata; to review once it has its attribute."""
    original = await intake_file(upload.filename, upload.content)
    plan_file = await intake_file(plan.filename, plan.content) if plan is not None else None
    findings = precheck(original.text, today)
    draft = create_document(actor, original, findings, plan_file, options, today)
    await tag_run(draft.document_id)
    if can_start_review(draft.attribute, draft.state):
        start_review(draft.document_id, actor, today)
    return draft.document_id


@flow(name="attribute", log_prints=False)
async def attribute_document(
    document_id: int,
    actor: str,
    attribute: Attribute,
    grounds: tuple[LegalGround, ...] = (),
    reason: str | None = None,
    today: date | None = None,
    expected_version: int | None = None,
) -> int:
    """Set or change the disclosure attribute; a draft that now has one goes to review."""
    await tag_run(document_id)
    step = set_attribute(document_id, actor, attribute, grounds, reason, today, expected_version=expected_version)
    if can_start_review(step.attribute, step.state):
        start_review(document_id, actor, today)
    return document_id


@flow(name="confirm-metadata", log_prints=False)
async def check_metadata(
    document_id: int,
    actor: str,
    correction: MetadataCorrection | None = None,
    as_read: bool = False,
    today: date | None = None,
    expected_version: int | None = None,
) -> int:
    """The drafter confirms the metadata read from the file, or corrects it; the document stays where it is."""
    await tag_run(document_id)
    confirm_metadata(document_id, actor, correction or MetadataCorrection(), today, as_read=as_read,
                     expected_version=expected_version)  # fmt: skip
    return document_id


@flow(name="review", log_prints=False)
async def review_document(
    document_id: int,
    actor: str,
    decision: ReviewDecision,
    comment: str | None = None,
    justifications: dict[int, str] | None = None,
    today: date | None = None,
    expected_version: int | None = None,
) -> int:
    """The disclosure office approves (findings resolved, no secrecy mark if proactive) or returns the document."""
    await tag_run(document_id)
    if decision is ReviewDecision.APPROVE:
        approve(document_id, actor, justifications or {}, comment, today, expected_version=expected_version)
    else:
        return_document(document_id, actor, comment, today, expected_version=expected_version)
    return document_id


@flow(name="resubmit", log_prints=False)
async def resubmit_document(
    document_id: int, actor: str, upload: Upload, today: date | None = None, expected_version: int | None = None
) -> int:
    """A returned document comes back as a new version, pre-checked, and is reviewed again."""
    await tag_run(document_id)
    revised = await intake_file(upload.filename, upload.content)
    findings = precheck(revised.text, today)
    resubmit(document_id, actor, revised, findings, today, expected_version=expected_version)
    return document_id


@flow(name="sign", log_prints=False)
async def sign_document(
    document_id: int, actor: str, today: date | None = None, expected_version: int | None = None
) -> int:
    """The signer signs off: 成文日期 fixed; proactive owes publication, any other is filed."""
    await tag_run(document_id)
    sign(document_id, actor, today, expected_version=expected_version)
    return document_id


@flow(name="publish", log_prints=False)
async def publish_document(
    document_id: int,
    actor: str,
    today: date | None = None,
    expected_version: int | None = None,
    justifications: dict[int, str] | None = None,
) -> int:
    """The office publishes: 索引号, 发布日期, on time or late; a policy document then owes its interpretation.
    A date line unlike the 成文日期 is explained first (justifications, by finding number)."""
    await tag_run(document_id)
    publish(document_id, actor, today, justifications or {}, expected_version=expected_version)
    return document_id


@flow(name="interpret", log_prints=False)
async def interpret_document(
    document_id: int,
    actor: str,
    upload: Upload,
    form: InterpretationForm = InterpretationForm.TEXT,
    today: date | None = None,
    expected_version: int | None = None,
) -> int:
    """The drafter attaches the interpretation material, published and linked with the document."""
    await tag_run(document_id)
    material = await intake_file(upload.filename, upload.content)
    interpret(document_id, actor, material, form, today, expected_version=expected_version)
    return document_id


@flow(name="amend", log_prints=False)
async def amend_document(
    document_id: int, actor: str, upload: Upload, today: date | None = None, expected_version: int | None = None
) -> int:
    """A published document is changed: new version, pre-check, review again, the publication clock restarts."""
    await tag_run(document_id)
    revised = await intake_file(upload.filename, upload.content)
    findings = precheck(revised.text, today)
    amend(document_id, actor, revised, findings, today, expected_version=expected_version)
    return document_id


@flow(name="withdraw", log_prints=False)
async def withdraw_document(
    document_id: int, actor: str, reason: str, today: date | None = None, expected_version: int | None = None
) -> int:
    """The office withdraws (撤回) a published document, with its reason."""
    await tag_run(document_id)
    withdraw(document_id, actor, reason, today, expected_version=expected_version)
    return document_id
