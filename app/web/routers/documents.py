"""The HTTP API of the issuance lifecycle under /api/documents: each change awaits its flow, reads do not.

Files travel as base64 in JSON. Any signed-in user may read; the holder of the home's local token may read
without naming a user (`gongkai show` needs no --as).
"""

from __future__ import annotations

import base64
import binascii
import hmac
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from pydantic import BaseModel, Field

from app.home.clock import Clock
from app.home.runtime import Runtime
from app.web.app import CallerDep, RuntimeDep, caller
from flows.lifecycle import (
    ReviewDecision,
    Upload,
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
from policies.dates import parse_day
from policies.errors import BadInput
from policies.issuance import DocumentKind, InterpretationForm
from policies.lifecycle import State
from policies.subjects import SubjectArea
from storage.documents import document_detail, document_list
from tasks.documents import SubmitOptions

router = APIRouter(prefix="/api/documents", tags=["documents"])


class FileIn(BaseModel):
    """A file as the CLI sends it: its name and its bytes in base64."""

    filename: str = Field(min_length=1, max_length=255)
    content: str

    def upload(self) -> Upload:
        """The file's bytes, or BadInput when the base64 is broken."""
        try:
            data = base64.b64decode(self.content, validate=True)
        except (binascii.Error, ValueError):
            raise BadInput(f"文件 {self.filename} 的内容不是有效的 base64 编码") from None
        return Upload(filename=self.filename.replace("\\", "/").rsplit("/", 1)[-1], content=data)


class SubmitIn(FileIn):
    """A drafter's submission; the options override what is read from the text."""

    title: str | None = Field(default=None, max_length=500)
    kind: str = "other"
    domain: str | None = None
    attribute: str | None = None
    grounds: list[str] = Field(default_factory=list)
    reason: str | None = None
    interpretation_plan: FileIn | None = None


class AttributeIn(BaseModel):
    """A disclosure attribute with its grounds and, when a reviewer or signer changes it, the reason."""

    attribute: str
    grounds: list[str] = Field(default_factory=list)
    reason: str | None = None


class ReviewIn(BaseModel):
    """The disclosure office's decision; `justify` keeps personal-data findings (by number) with a reason."""

    decision: Literal["approve", "return"]
    comment: str | None = None
    justify: dict[int, str] = Field(default_factory=dict)


class InterpretIn(FileIn):
    """Interpretation material and its form."""

    form: str = "text"


class WithdrawIn(BaseModel):
    """Why a published document is withdrawn."""

    reason: str = ""


class ResolutionOut(BaseModel):
    """How a personal-data finding was resolved: redacted in a later version, or kept with a reviewer's reason."""

    kind: str
    label: str
    text: str
    resolution: str
    reason: str | None
    by: str
    version: int


class FindingOut(BaseModel):
    """A pre-check finding of the current version, numbered from 1, with how it was resolved."""

    number: int
    kind: str
    text: str
    start: int
    end: int
    label: str
    severity: str
    resolution: ResolutionOut | None


class DeadlineOut(BaseModel):
    """A deadline, the rule that produced it and how it was computed, and where it stands."""

    id: int | None
    kind: str
    kind_label: str
    due: str
    rule: str
    rule_text: str
    computed_from: str
    provisional: bool
    explanation: str
    skipped: list[dict[str, str]]
    makeup_workdays: list[dict[str, str]]
    active: bool
    met_on: str | None
    status: str
    status_label: str


class AuditOut(BaseModel):
    """One audit event about the document, with the flow run that wrote it."""

    seq: int
    at: str
    actor: str
    role: str
    action: str
    action_label: str
    from_state: str | None
    to_state: str | None
    payload: dict[str, Any]
    flow_run_id: str | None


class MetadataOut(BaseModel):
    """The disclosure page's metadata table."""

    title: str
    doc_number: str | None
    formed_on: str | None
    issuer: str | None
    index_no: str | None
    attribute_mark: str | None
    published_on: str | None
    validity: str | None
    validity_label: str | None


class GroundOut(BaseModel):
    """A legal ground for not disclosing proactively."""

    code: str
    label: str
    article: str | None


class VersionOut(BaseModel):
    """One submitted file of the document."""

    number: int
    reason: str
    original_name: str
    media_type: str
    sha256: str
    characters: int
    findings: int
    created_by: str
    created_at: str


class InterpretationOut(BaseModel):
    """An interpretation published with the document."""

    id: int | None
    form: str
    form_label: str
    original_name: str
    sha256: str
    published_on: str
    on_time: bool | None
    created_by: str


class DocumentSummary(BaseModel):
    """A document in a list."""

    id: int
    title: str
    state: str
    state_label: str
    attribute: str | None
    attribute_label: str | None
    kind: str
    doc_number: str | None
    index_no: str | None
    drafter: str
    version: int
    published_on: str | None


class DocumentListItem(DocumentSummary):
    """A document in a list, with its next open deadline."""

    next_deadline: DeadlineOut | None
    overdue: bool


class DocumentDetail(DocumentSummary):
    """Everything about a document: metadata, findings, versions, deadlines with their computation, audit trail."""

    kind_label: str
    subject_area: str
    subject_label: str
    subject_matched: list[str]
    grounds: list[GroundOut]
    attribute_reason: str | None
    metadata: MetadataOut
    metadata_read: dict[str, Any]
    current_version: int
    findings: list[FindingOut]
    resolutions: list[ResolutionOut]
    versions: list[VersionOut]
    interpretation_plan: dict[str, str | None] | None
    signed_by: str | None
    signed_on: str | None
    published_version: int | None
    published_on_time: bool | None
    withdrawn_on: str | None
    withdrawal_reason: str | None
    interpretations: list[InterpretationOut]
    deadlines: list[DeadlineOut]
    audit: list[AuditOut]


def reading_day(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_gongkai_as: Annotated[str | None, Header()] = None,
    x_gongkai_today: Annotated[str | None, Header()] = None,
) -> date:
    """The day a reader reads on: any signed-in user, or the local token's holder without naming a user."""
    scheme, _, secret = (authorization or "").partition(" ")
    if scheme == "Local" and not x_gongkai_as and hmac.compare_digest(secret.strip(), request.app.state.local_token):
        runtime: Runtime = request.app.state.runtime
        today = parse_day(x_gongkai_today, what="X-Gongkai-Today") if x_gongkai_today else runtime.settings.today
        return Clock(today).today()
    return caller(request, authorization, x_gongkai_as, x_gongkai_today).clock.today()


ReadingDay = Annotated[date, Depends(reading_day)]


def _detail(runtime: Runtime, document_id: int, today: date) -> dict[str, Any]:
    with runtime.unit_of_work(readonly=True) as uow:
        return document_detail(uow, document_id, today)


@router.get("", response_model=list[DocumentListItem])
def list_documents(
    runtime: RuntimeDep,
    today: ReadingDay,
    state: str | None = None,
    overdue: bool = False,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[dict[str, Any]]:
    """Documents, newest first; `state` filters by state, `overdue` keeps those with a deadline past due."""
    if state is not None and state not in State.__members__.values():
        raise BadInput(f"未知状态 '{state}'：可选 {'、'.join(s.value for s in State)}")
    with runtime.unit_of_work(readonly=True) as uow:
        return document_list(uow, today=today, state=state, overdue=overdue, limit=limit)


@router.get("/{document_id}", response_model=DocumentDetail)
def show_document(document_id: int, runtime: RuntimeDep, today: ReadingDay) -> dict[str, Any]:
    """State, attribute, metadata, findings, versions, deadlines with how each was computed, the audit trail."""
    return _detail(runtime, document_id, today)


@router.post("", response_model=DocumentDetail, status_code=201)
async def submit(body: SubmitIn, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
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
    return _detail(runtime, document_id, who.clock.today())


@router.post("/{document_id}/attribute", response_model=DocumentDetail)
async def attribute(document_id: int, body: AttributeIn, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Set the attribute (drafter) or change it with a reason (reviewer, signer)."""
    await for_document(
        document_id, attribute_document, actor=who.user.name, attribute=Attribute.parse(body.attribute),
        grounds=parse_grounds(body.grounds), reason=body.reason, today=who.today,
    )  # fmt: skip
    return _detail(runtime, document_id, who.clock.today())


@router.post("/{document_id}/review", response_model=DocumentDetail)
async def review(document_id: int, body: ReviewIn, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Approve or return (the disclosure office)."""
    await for_document(
        document_id, review_document, actor=who.user.name, decision=ReviewDecision(body.decision),
        comment=body.comment, justifications=body.justify, today=who.today,
    )  # fmt: skip
    return _detail(runtime, document_id, who.clock.today())


@router.post("/{document_id}/resubmit", response_model=DocumentDetail)
async def resubmit(document_id: int, body: FileIn, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Bring a returned document back as a new version (the drafter)."""
    await for_document(document_id, resubmit_document, actor=who.user.name, upload=body.upload(), today=who.today)
    return _detail(runtime, document_id, who.clock.today())


@router.post("/{document_id}/sign", response_model=DocumentDetail)
async def sign(document_id: int, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Sign off (the signer): proactive is signed for publication, any other attribute is filed."""
    await for_document(document_id, sign_document, actor=who.user.name, today=who.today)
    return _detail(runtime, document_id, who.clock.today())


@router.post("/{document_id}/publish", response_model=DocumentDetail)
async def publish(document_id: int, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Publish a signed proactive document (the disclosure office)."""
    await for_document(document_id, publish_document, actor=who.user.name, today=who.today)
    return _detail(runtime, document_id, who.clock.today())


@router.post("/{document_id}/interpret", response_model=DocumentDetail)
async def interpret(document_id: int, body: InterpretIn, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Attach the interpretation material (the drafter)."""
    form = InterpretationForm.parse(body.form)
    await for_document(
        document_id, interpret_document, actor=who.user.name, upload=body.upload(), form=form, today=who.today
    )
    return _detail(runtime, document_id, who.clock.today())


@router.post("/{document_id}/amend", response_model=DocumentDetail)
async def amend(document_id: int, body: FileIn, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Change a published document with a new version (the drafter); the publication clock restarts."""
    await for_document(document_id, amend_document, actor=who.user.name, upload=body.upload(), today=who.today)
    return _detail(runtime, document_id, who.clock.today())


@router.post("/{document_id}/withdraw", response_model=DocumentDetail)
async def withdraw(document_id: int, body: WithdrawIn, who: CallerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Withdraw (撤回) a published document with a reason (the disclosure office)."""
    await for_document(document_id, withdraw_document, actor=who.user.name, reason=body.reason, today=who.today)
    return _detail(runtime, document_id, who.clock.today())
