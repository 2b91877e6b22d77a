"""The HTTP API of the issuance lifecycle under /api/documents: each change awaits its flow, reads do not.

Any signed-in user may read; the holder of the home's local token may read without naming a user (`gongkai
show` needs no --as). A change may say which version it was prepared against (If-Match: N); a stale one is a
conflict (409).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request
from pydantic import BaseModel

from app.home.runtime import Runtime
from app.web.deps import (
    Caller,
    CallerDep,
    DocumentCaller,
    DocumentId,
    ExpectedVersion,
    ReadDep,
    ReaderDep,
    RuntimeDep,
)
from app.web.schemas.documents import (
    AttributeIn,
    FileIn,
    InterpretIn,
    MetadataIn,
    PublishIn,
    ReviewIn,
    SubmitIn,
    WithdrawIn,
)
from app.web.uploads import Model, json_body_limit, read_json
from flows.lifecycle import (
    ReviewDecision,
    amend_document,
    attribute_document,
    check_metadata,
    for_document,
    interpret_document,
    publish_document,
    resubmit_document,
    review_document,
    run_phase,
    sign_document,
    submit_document,
    withdraw_document,
)
from policies.attributes import Attribute, parse_grounds
from policies.errors import BadInput
from policies.issuance import DocumentKind, InterpretationForm
from policies.lifecycle import Action, State
from policies.metadata_check import MetadataCorrection
from policies.reminders import sweep_window
from policies.subjects import SubjectArea
from storage.calendar import working_calendar
from storage.read.documents import document_detail, document_list
from storage.read.models.documents import DocumentDetail, DocumentListItem
from tasks.documents import SubmitOptions, may_send_file

router = APIRouter(prefix="/api/documents", tags=["documents"])


def _body_schema(model: type[BaseModel]) -> dict[str, object]:
    """The OpenAPI description of a JSON body a route reads itself (within its limit, after its checks)."""
    schema = {"schema": model.model_json_schema()}
    return {"requestBody": {"required": True, "content": {"application/json": schema}}}


async def _file_body(
    request: Request, runtime: Runtime, who: Caller, model: type[Model], document_id: int | None, action: Action
) -> Model:
    """The body of a step that sends a file, read only once the step's user, document, role and state allow it,
    and within the upload limit (a submission may carry its interpretation plan too)."""
    may_send_file(document_id, who.user.name, action)
    files = 2 if model is SubmitIn else 1
    return await read_json(request, model, json_body_limit(runtime.settings.max_upload_bytes, files=files))


def _detail(runtime: Runtime, document_id: int, who: Caller) -> DocumentDetail:
    """The document after a change, as `show` gives it to the caller."""
    with runtime.unit_of_work(readonly=True) as uow:
        return document_detail(uow, document_id, who.clock.today(), who.scope)


@router.get("")
def list_documents(
    who: ReaderDep,
    uow: ReadDep,
    state: str | None = None,
    overdue: bool = False,
    due_within: Annotated[int | None, Query(ge=0, le=60)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[DocumentListItem]:
    """Documents the caller sees (a drafter: their department's), newest first; `state` filters by state,
    `overdue` keeps those with a deadline past due,
    `due_within` those with a deadline due within that many working days (the sweep's window)."""
    if state is not None and state not in State.__members__.values():
        raise BadInput(f"未知状态 '{state}'：可选 {'、'.join(s.value for s in State)}")
    calendar = working_calendar(uow.calendar)
    due_by = None if due_within is None else sweep_window(who.today, calendar, due_within).last_due
    return document_list(
        uow, today=who.today, state=state, overdue=overdue, due_by=due_by, limit=limit, scope=who.scope
    )


@router.get("/{document_id}")
def show_document(document_id: DocumentId, who: ReaderDep, uow: ReadDep) -> DocumentDetail:
    """State, attribute, metadata, findings, versions, deadlines with how each was computed, the audit trail;
    a document outside the caller's scope is 404, as a missing one."""
    return document_detail(uow, document_id, who.today, who.scope)


@router.post("", status_code=201, openapi_extra=_body_schema(SubmitIn))
async def submit(request: Request, who: CallerDep, runtime: RuntimeDep) -> DocumentDetail:
    """Submit a file (the drafter): intake, pre-check, metadata; to review when the attribute is known."""
    body = await _file_body(request, runtime, who, SubmitIn, None, Action.SUBMIT)
    options = SubmitOptions(
        kind=DocumentKind.parse(body.kind),
        title=body.title,
        domain=SubjectArea.parse(body.domain) if body.domain else None,
        attribute=Attribute.parse(body.attribute) if body.attribute else None,
        grounds=parse_grounds(body.grounds),
        reason=body.reason,
    )
    plan = body.interpretation_plan.upload() if body.interpretation_plan else None
    document_id = await run_phase(
        submit_document, actor=who.user.name, upload=body.upload(), options=options, plan=plan, today=who.today
    )
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/attribute")
async def attribute(
    document_id: DocumentId, body: AttributeIn, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Set the attribute (drafter) or change it with a reason (reviewer, signer)."""
    await for_document(
        document_id, attribute_document, actor=who.user.name, attribute=Attribute.parse(body.attribute),
        grounds=parse_grounds(body.grounds), reason=body.reason, today=who.today, expected_version=expected,
    )  # fmt: skip
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/metadata")
async def metadata(
    document_id: DocumentId, body: MetadataIn, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Confirm the metadata read from the file (no field) or correct it (the drafter, until approval)."""
    correction = MetadataCorrection(
        title=body.title, doc_number=body.doc_number, issuer=body.issuer,
        kind=DocumentKind.parse(body.kind) if body.kind else None,
        subject_area=SubjectArea.parse(body.domain) if body.domain else None,
    )  # fmt: skip
    await for_document(document_id, check_metadata, actor=who.user.name, correction=correction, today=who.today,
                       expected_version=expected)  # fmt: skip
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/review")
async def review(
    document_id: DocumentId, body: ReviewIn, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Approve or return (the disclosure office)."""
    await for_document(
        document_id, review_document, actor=who.user.name, decision=ReviewDecision(body.decision),
        comment=body.comment, justifications=body.justify, today=who.today, expected_version=expected,
    )  # fmt: skip
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/resubmit", openapi_extra=_body_schema(FileIn))
async def resubmit(
    document_id: DocumentId, request: Request, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Bring a returned document back as a new version (the drafter)."""
    body = await _file_body(request, runtime, who, FileIn, document_id, Action.RESUBMIT)
    await for_document(
        document_id, resubmit_document, actor=who.user.name, upload=body.upload(), today=who.today,
        expected_version=expected,
    )  # fmt: skip
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/sign")
async def sign(
    document_id: DocumentId, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Sign off (the signer): proactive is signed for publication, any other attribute is filed."""
    await for_document(document_id, sign_document, actor=who.user.name, today=who.today, expected_version=expected)
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/publish")
async def publish(
    document_id: DocumentId,
    who: DocumentCaller,
    runtime: RuntimeDep,
    expected: ExpectedVersion,
    body: Annotated[PublishIn | None, Body()] = None,
) -> DocumentDetail:
    """Publish a signed proactive document (the disclosure office); `justify` explains a date line unlike 成文日期."""
    await for_document(
        document_id, publish_document, actor=who.user.name, today=who.today, expected_version=expected,
        justifications=body.justify if body else {},
    )  # fmt: skip
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/interpret", openapi_extra=_body_schema(InterpretIn))
async def interpret(
    document_id: DocumentId, request: Request, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Attach the interpretation material (the drafter)."""
    body = await _file_body(request, runtime, who, InterpretIn, document_id, Action.INTERPRET)
    form = InterpretationForm.parse(body.form)
    await for_document(
        document_id, interpret_document, actor=who.user.name, upload=body.upload(), form=form, today=who.today,
        expected_version=expected,
    )  # fmt: skip
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/amend", openapi_extra=_body_schema(FileIn))
async def amend(
    document_id: DocumentId, request: Request, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Change a published document with a new version (the drafter); the publication clock restarts."""
    body = await _file_body(request, runtime, who, FileIn, document_id, Action.AMEND)
    await for_document(
        document_id, amend_document, actor=who.user.name, upload=body.upload(), today=who.today,
        expected_version=expected,
    )  # fmt: skip
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/withdraw")
async def withdraw(
    document_id: DocumentId, body: WithdrawIn, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Withdraw (撤回) a published document with a reason (the disclosure office)."""
    await for_document(
        document_id, withdraw_document, actor=who.user.name, reason=body.reason, today=who.today,
        expected_version=expected,
    )  # fmt: skip
    return _detail(runtime, document_id, who)
