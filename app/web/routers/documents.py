"""The HTTP API of the issuance lifecycle under /api/documents: each change awaits its flow, reads do not.

Any signed-in user may read; the holder of the home's local token may read without naming a user (`gongkai
show` needs no --as). A change may say which version it was prepared against (If-Match: N); a stale one is a
conflict (409).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

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
from app.web.schemas.documents import AttributeIn, FileIn, InterpretIn, ReviewIn, SubmitIn, WithdrawIn
from flows.lifecycle import (
    ReviewDecision,
    amend_document,
    attribute_document,
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
from policies.lifecycle import State
from policies.subjects import SubjectArea
from storage.read.documents import document_detail, document_list
from storage.read.models.documents import DocumentDetail, DocumentListItem
from tasks.documents import SubmitOptions

router = APIRouter(prefix="/api/documents", tags=["documents"])


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
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[DocumentListItem]:
    """Documents the caller sees (a drafter: their department's), newest first; `state` filters by state,
    `overdue` keeps those with a deadline past due."""
    if state is not None and state not in State.__members__.values():
        raise BadInput(f"未知状态 '{state}'：可选 {'、'.join(s.value for s in State)}")
    return document_list(uow, today=who.today, state=state, overdue=overdue, limit=limit, scope=who.scope)


@router.get("/{document_id}")
def show_document(document_id: DocumentId, who: ReaderDep, uow: ReadDep) -> DocumentDetail:
    """State, attribute, metadata, findings, versions, deadlines with how each was computed, the audit trail;
    a document outside the caller's scope is 404, as a missing one."""
    return document_detail(uow, document_id, who.today, who.scope)


@router.post("", status_code=201)
async def submit(body: SubmitIn, who: CallerDep, runtime: RuntimeDep) -> DocumentDetail:
    """Submit a file (the drafter): intake, pre-check, metadata; to review when the attribute is known."""
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


@router.post("/{document_id}/resubmit")
async def resubmit(
    document_id: DocumentId, body: FileIn, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Bring a returned document back as a new version (the drafter)."""
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
    document_id: DocumentId, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Publish a signed proactive document (the disclosure office)."""
    await for_document(document_id, publish_document, actor=who.user.name, today=who.today, expected_version=expected)
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/interpret")
async def interpret(
    document_id: DocumentId, body: InterpretIn, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Attach the interpretation material (the drafter)."""
    form = InterpretationForm.parse(body.form)
    await for_document(
        document_id, interpret_document, actor=who.user.name, upload=body.upload(), form=form, today=who.today,
        expected_version=expected,
    )  # fmt: skip
    return _detail(runtime, document_id, who)


@router.post("/{document_id}/amend")
async def amend(
    document_id: DocumentId, body: FileIn, who: DocumentCaller, runtime: RuntimeDep, expected: ExpectedVersion
) -> DocumentDetail:
    """Change a published document with a new version (the drafter); the publication clock restarts."""
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
