"""待审查, the disclosure office's review: the queue, and a document's text with the pre-check findings marked where
they are; each personal-data finding kept with a reason (or the document returned to be redacted in a new
version); approve, or return with a comment; the attribute changed with a reason. A refused form comes back as the
review page with its one line and what the reviewer typed.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData

from app.web.pages.common import PageRoute, ReadUnit, Viewer, allow, page_number, pager, render
from app.web.pages.document import RESOLUTIONS, act, actions_for, parse_id, visible_detail
from app.web.pages.drafter import attribute_choice, choices, text_field
from flows.lifecycle import ReviewDecision, attribute_document, review_document
from policies.errors import BadInput
from policies.lifecycle import State
from policies.roles import Role
from storage.read.pages import current_text, document_page, highlighted
from storage.uow import UnitOfWork

router = APIRouter(route_class=PageRoute, include_in_schema=False)

ReviewerDep = Annotated[Viewer, Depends(allow(Role.REVIEWER))]


Typed = dict[str, Any]
"""What a refused form held: "form" (approve, return, attribute) and its fields by name."""


def keep_typed(typed: Typed, name: str, form: FormData) -> None:
    """Remember the form's fields, so that a refusal shows them again (text fields, and the grounds chosen)."""
    typed["form"] = name
    for key in form:
        if key not in ("csrf_token", "version", "grounds"):
            typed[key] = text_field(form, key) or ""
    typed["grounds"] = [g for g in form.getlist("grounds") if isinstance(g, str)]


def review_page(request: Request, who: Viewer, uow: UnitOfWork, document_id: int, *, status: int = 200,
                error: str | None = None, typed: Typed | None = None) -> Response:  # fmt: skip
    """A document as the reviewer reads it: the text with its findings marked, and the decisions open to them;
    after a refusal, the refused form (`typed["form"]`) keeps what was typed in it."""
    detail = visible_detail(uow, who, document_id)
    open_findings = [f for f in detail.findings if f.severity == "personal_data" and f.resolution is None]
    return render(
        request, "review.html", who, status=status, error=error, title=f"审查：{detail.title}", d=detail,
        segments=highlighted(current_text(uow, document_id), detail.findings), open_findings=open_findings,
        actions=[a.value for a in actions_for(detail, who)], resolutions=RESOLUTIONS, typed=typed or {"form": ""},
        **choices(),
    )  # fmt: skip


@router.get("/review")
def queue(request: Request, who: ReviewerDep, uow: ReadUnit) -> Response:
    """The documents under review, oldest deadline first."""
    page = document_page(uow, today=who.today, scope=who.scope, states=(State.UNDER_REVIEW.value,), by_deadline=True,
                         page=page_number(request.query_params.get("page")))  # fmt: skip
    return render(request, "queue.html", who, title="待审查", documents=page.items, paging=pager(page, "/review"),
                  link="/review/", empty="没有待审查的公文。")  # fmt: skip


@router.get("/review/{document_id}")
def review(request: Request, document_id: str, who: ReviewerDep, uow: ReadUnit) -> Response:
    """One document's review page."""
    return review_page(request, who, uow, parse_id(document_id))


def justifications(form: FormData) -> dict[int, str]:
    """The personal-data findings kept, by number, with the reviewer's reasons (fields keep_N)."""
    kept: dict[int, str] = {}
    for key in form:
        number = key.removeprefix("keep_")
        reason = text_field(form, key)
        if key.startswith("keep_") and number.isdigit() and len(number) < 6 and reason:
            kept[int(number)] = reason
    return kept


@router.post("/review/{document_id}/approve")
async def approve(request: Request, document_id: str, who: ReviewerDep) -> Response:
    """Approve: every personal-data finding redacted or kept with a reason, no secrecy mark if proactive."""

    typed: Typed = {}

    async def step(form: FormData) -> dict[str, Any]:
        keep_typed(typed, "approve", form)
        return {"decision": ReviewDecision.APPROVE, "comment": text_field(form, "comment"),
                "justifications": justifications(form)}  # fmt: skip

    return await act(request, who, document_id, review_document, step, back="/review", done="已审查通过，送签发",
                     again=partial(review_page, typed=typed))  # fmt: skip


@router.post("/review/{document_id}/return")
async def return_to_drafter(request: Request, document_id: str, who: ReviewerDep) -> Response:
    """Return to the drafter with a comment (e.g. to redact personal data in a new version)."""

    typed: Typed = {}

    async def step(form: FormData) -> dict[str, Any]:
        keep_typed(typed, "return", form)
        comment = text_field(form, "comment")
        if not comment:
            raise BadInput("退回须写明退回意见，告诉拟稿人改什么")
        return {"decision": ReviewDecision.RETURN, "comment": comment}

    return await act(request, who, document_id, review_document, step, back="/review", done="已退回拟稿人",
                     again=partial(review_page, typed=typed))  # fmt: skip


@router.post("/review/{document_id}/attribute")
async def change_attribute(request: Request, document_id: str, who: ReviewerDep) -> Response:
    """Change the attribute with a reason from the review page; a refusal is the review page again, as typed."""
    typed: Typed = {}

    async def step(form: FormData) -> dict[str, Any]:
        keep_typed(typed, "attribute", form)
        attribute, grounds, reason = attribute_choice(form)
        if attribute is None:
            raise BadInput("请选择公开属性")
        return {"attribute": attribute, "grounds": grounds, "reason": reason}

    return await act(request, who, document_id, attribute_document, step, back="/review/{id}", done="公开属性已保存",
                     again=partial(review_page, typed=typed))  # fmt: skip
