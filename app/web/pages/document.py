"""A document's page: its metadata, versions, deadlines with how each was computed, the audit trail as a timeline
with its Prefect runs linked; and the forms of the steps this person may take on it now.

Every form runs the flow the API runs (flows.lifecycle), carries the CSRF token and the version the page showed
(a stale form is a conflict); a refusal shows its one Chinese line on the page and changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData

from app.web.deps import runtime_of
from app.web.pages.common import (
    PageRoute,
    ReadUnit,
    Viewer,
    ViewerDep,
    allow,
    checked_form,
    page_number,
    pager,
    prefect_run_url,
    redirect,
    render,
    status_of,
)
from app.web.pages.drafter import attribute_choice, body_limit, choices, text_field, uploaded
from flows.lifecycle import (
    amend_document,
    attribute_document,
    check_metadata,
    for_document,
    interpret_document,
    publish_document,
    resubmit_document,
    sign_document,
    withdraw_document,
)
from policies.attributes import Attribute
from policies.errors import BadInput, GongkaiError, NotFound
from policies.findings import FindingKind
from policies.ids import MAX_ID
from policies.issuance import DocumentKind, InterpretationForm
from policies.lifecycle import Action, State, allowed_actions, sign_off_action
from policies.metadata_check import MetadataCorrection
from policies.roles import Role
from policies.subjects import SubjectArea
from storage.read.documents import document_detail
from storage.read.models.documents import DocumentDetail, FindingView
from storage.read.pages import document_page
from storage.read.scope import visible_document
from storage.uow import UnitOfWork

router = APIRouter(route_class=PageRoute, include_in_schema=False)

RESOLUTIONS = {"justified": "保留（审查员已说明理由）", "redacted": "已在新版本中删除"}
ROLE_LABELS = {role.value: role.label for role in Role}
STATE_LABELS = {state.value: state.label for state in State}
NOTES = ("comment", "reason")
METADATA_FIELDS = ("title", "doc_number", "issuer", "kind", "domain")
MAX_FINDINGS = 10_000
ReaderDep = Annotated[Viewer, Depends(allow(*Role))]


def parse_id(text: str) -> int:
    """A document's number from the address; anything else (or beyond 64 bits) is not found."""
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
        raise NotFound(f"没有编号为 {text[:20]} 的公文")
    return int(text)


def check_visible(uow: UnitOfWork, who: Viewer, document_id: int) -> None:
    """Refuse, as not found, a document this person may not see (another department's draft)."""
    visible_document(uow, document_id, who.scope)


def visible_detail(uow: UnitOfWork, who: Viewer, document_id: int) -> DocumentDetail:
    """The document as `show` tells it, if this person may see it."""
    check_visible(uow, who, document_id)
    return document_detail(uow, document_id, who.today)


def actions_for(detail: DocumentDetail, who: Viewer) -> list[Action]:
    """The steps this person may take on the document now (none for a supervisor)."""
    return allowed_actions(State(detail.state), who.role, actor_is_drafter=detail.drafter == who.user.name)


def timeline(detail: DocumentDetail) -> list[dict[str, Any]]:
    """The audit trail in Chinese: who did what, from which state to which, the run that did it."""
    return [
        {
            "event": event,
            "role": ROLE_LABELS.get(event.role, "系统"),
            "from_state": STATE_LABELS.get(event.from_state or ""),
            "to_state": STATE_LABELS.get(event.to_state or ""),
            "note": next((event.payload[k] for k in NOTES if isinstance(event.payload.get(k), str)), None),
            "run_url": prefect_run_url(event.flow_run_id),
        }
        for event in detail.audit
    ]


def return_comment(detail: DocumentDetail) -> dict[str, str | None] | None:
    """A returned document's latest 退回意见: who returned it, when (an ISO instant), what to change."""
    if detail.state != State.RETURNED.value:
        return None
    event = next((e for e in reversed(detail.audit) if e.action == Action.RETURN.value), None)
    if event is None:
        return None
    comment = event.payload.get("comment")
    return {"actor": event.actor, "at": event.at, "comment": comment if isinstance(comment, str) else None}


def open_date_findings(detail: DocumentDetail) -> list[FindingView]:
    """The current version's 正文落款日期与成文日期不一致 findings not yet explained (the 发布 form asks for each)."""
    return [f for f in detail.findings if f.kind == FindingKind.FORMED_DATE_MISMATCH.value and f.resolution is None]


def show(request: Request, who: Viewer, uow: UnitOfWork, document_id: int, *, status: int = 200,
         error: str | None = None, typed: Mapping[str, str] | None = None) -> Response:  # fmt: skip
    """The document page (again, with the refusal's line and the values typed into the refused form)."""
    detail = visible_detail(uow, who, document_id)
    actions = actions_for(detail, who)
    return render(
        request, "document.html", who, status=status, error=error, title=detail.title, d=detail,
        actions=[a.value for a in actions], timeline=timeline(detail), resolutions=RESOLUTIONS,
        version_labels={a.value: a.label for a in Action},
        sign_label=sign_off_action(Attribute(detail.attribute)).label if detail.attribute else None,
        returned=return_comment(detail), open_dates=open_date_findings(detail), typed=typed or {}, **choices(),
    )  # fmt: skip


@router.get("/documents")
def all_documents(request: Request, who: ReaderDep, uow: ReadUnit) -> Response:
    """Every document this person may see, newest first, paged."""
    page = document_page(uow, today=who.today, scope=who.scope, page=page_number(request.query_params.get("page")))
    return render(request, "documents.html", who, title="全部公文", documents=page.items,
                  paging=pager(page, "/documents"))  # fmt: skip


@router.get("/documents/{document_id}")
def document(request: Request, document_id: str, who: ReaderDep, uow: ReadUnit) -> Response:
    """A document's page."""
    return show(request, who, uow, parse_id(document_id))


Step = Callable[[FormData], Awaitable[dict[str, Any]]]


async def act(request: Request, who: Viewer, document_id: str, phase: Callable[..., Awaitable[int]], step: Step,
              *, back: str = "/documents/{id}", done: str, limit: int = 1024 * 1024,
              again: Callable[..., Response] | None = None) -> Response:  # fmt: skip
    """Run one step's flow from a checked form; a refusal is the page again with its one line, nothing changed."""
    number = parse_id(document_id)
    with runtime_of(request).unit_of_work(readonly=True) as uow:
        check_visible(uow, who, number)
    try:
        form = await checked_form(request, who, limit=limit)
        version = text_field(form, "version")
        if version is not None and not version.isdigit():
            raise BadInput("表单中的版本号无效")
        parameters = await step(form)
        await for_document(number, phase, actor=who.user.name, today=who.today,
                           expected_version=int(version) if version else None, **parameters)  # fmt: skip
    except NotFound:
        raise
    except GongkaiError as error:
        with runtime_of(request).unit_of_work(readonly=True) as uow:
            return (again or show)(request, who, uow, number, status=status_of(error), error=str(error))
    return redirect(back.format(id=number), done)


@router.post("/documents/{document_id}/attribute")
async def set_attribute(request: Request, document_id: str, who: ViewerDep) -> Response:
    """Set the attribute (the drafter) or change it with a reason (reviewer, signer)."""

    async def step(form: FormData) -> dict[str, Any]:
        attribute, grounds, reason = attribute_choice(form)
        if attribute is None:
            raise BadInput("请选择公开属性")
        return {"attribute": attribute, "grounds": grounds, "reason": reason}

    back = "/review/{id}" if who.role is Role.REVIEWER else "/documents/{id}"
    return await act(request, who, document_id, attribute_document, step, back=back, done="公开属性已保存")


@router.post("/documents/{document_id}/metadata")
async def metadata(request: Request, document_id: str, who: ViewerDep) -> Response:
    """The drafter confirms the metadata read from the file (确认无误) or saves the corrections (保存更正)."""

    typed: dict[str, str] = {}

    async def step(form: FormData) -> dict[str, Any]:
        typed.update((name, value) for name in METADATA_FIELDS if isinstance(value := form.get(name), str))
        decision = text_field(form, "decision")
        if decision not in ("confirm", "correct"):
            raise BadInput("请点“确认无误”或“保存更正”")
        kind, area = text_field(form, "kind"), text_field(form, "domain")
        correction = MetadataCorrection(
            title=_typed(form, "title"), doc_number=_typed(form, "doc_number"), issuer=_typed(form, "issuer"),
            kind=DocumentKind.parse(kind) if kind else None, subject_area=SubjectArea.parse(area) if area else None,
        )  # fmt: skip
        return {"correction": correction, "as_read": decision == "confirm"}

    def again(request: Request, who: Viewer, uow: UnitOfWork, number: int, **refusal: Any) -> Response:
        return show(request, who, uow, number, typed=typed, **refusal)

    return await act(request, who, document_id, check_metadata, step, done="元数据已核对", again=again)


def _typed(form: FormData, field: str) -> str | None:
    """A text field as typed (an empty one clears the value); None when the form does not carry it."""
    value = form.get(field)
    return value if isinstance(value, str) else None


def _file_step(request: Request, *, with_form: bool = False) -> Step:
    async def step(form: FormData) -> dict[str, Any]:
        upload = await uploaded(form, "file", limit=runtime_of(request).settings.max_upload_bytes)
        if not with_form:
            return {"upload": upload}
        return {"upload": upload, "form": InterpretationForm.parse(text_field(form, "form") or "text")}

    return step


async def _no_fields(_form: FormData) -> dict[str, Any]:
    return {}


@router.post("/documents/{document_id}/resubmit")
async def resubmit(request: Request, document_id: str, who: ViewerDep) -> Response:
    """A returned document comes back as a new version (the drafter)."""
    return await act(request, who, document_id, resubmit_document, _file_step(request), done="已重新提交审查",
                     limit=body_limit(request))  # fmt: skip


@router.post("/documents/{document_id}/amend")
async def amend(request: Request, document_id: str, who: ViewerDep) -> Response:
    """A published document changed with a new version (the drafter)."""
    return await act(request, who, document_id, amend_document, _file_step(request), done="修改稿已提交审查",
                     limit=body_limit(request))  # fmt: skip


@router.post("/documents/{document_id}/interpret")
async def interpret(request: Request, document_id: str, who: ViewerDep) -> Response:
    """Attach the interpretation (the drafter: 谁起草、谁解读)."""
    return await act(request, who, document_id, interpret_document, _file_step(request, with_form=True),
                     done="解读材料已发布", limit=body_limit(request))  # fmt: skip


@router.post("/documents/{document_id}/sign")
async def sign(request: Request, document_id: str, who: ViewerDep) -> Response:
    """Sign off (the signer): proactive for publication, any other filed."""
    return await act(request, who, document_id, sign_document, _no_fields, back="/sign", done="已签发")


@router.post("/documents/{document_id}/publish")
async def publish(request: Request, document_id: str, who: ViewerDep) -> Response:
    """Publish a signed proactive document (the disclosure office), explaining, as `publish --justify N=理由` does,
    any date line unlike the 成文日期 (fields justify_N; one left empty is recorded as unexplained)."""

    typed: dict[str, str] = {}

    async def step(form: FormData) -> dict[str, Any]:
        justifications: dict[int, str] = {}
        for name, value in form.multi_items():
            number = name.removeprefix("justify_")
            if name.startswith("justify_") and isinstance(value, str) and value.strip():
                if not (number.isascii() and number.isdigit() and 0 < int(number[:6]) <= MAX_FINDINGS):
                    raise BadInput("表单中的预检发现序号无效")
                typed[name] = value
                justifications[int(number)] = value.strip()
        return {"justifications": justifications}

    def again(request: Request, who: Viewer, uow: UnitOfWork, number: int, **refusal: Any) -> Response:
        return show(request, who, uow, number, typed=typed, **refusal)

    return await act(request, who, document_id, publish_document, step, back="/publish", done="已发布", again=again)


@router.post("/documents/{document_id}/withdraw")
async def withdraw(request: Request, document_id: str, who: ViewerDep) -> Response:
    """Withdraw a published document, with its reason (the disclosure office); a refusal keeps the reason typed."""

    typed: dict[str, str] = {}

    async def step(form: FormData) -> dict[str, Any]:
        reason = form.get("reason")
        if isinstance(reason, str):
            typed["reason"] = reason
        return {"reason": text_field(form, "reason") or ""}

    def again(request: Request, who: Viewer, uow: UnitOfWork, number: int, **refusal: Any) -> Response:
        return show(request, who, uow, number, typed=typed, **refusal)

    return await act(request, who, document_id, withdraw_document, step, done="已撤回", again=again)
