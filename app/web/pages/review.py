"""待审查, the disclosure office's review: the queue, and a document's text with the pre-check findings marked where
they are; each personal-data finding kept with a reason (or the document returned to be redacted in a new
version); approve, or return with a comment; the attribute changed with a reason (the document page's form).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData

from app.web.pages.common import PageRoute, ReadUnit, Viewer, allow, page_number, pager, render
from app.web.pages.document import RESOLUTIONS, act, actions_for, parse_id, visible_detail
from app.web.pages.drafter import choices, text_field
from flows.lifecycle import ReviewDecision, review_document
from policies.lifecycle import State
from policies.roles import Role
from storage.read.pages import current_text, document_page, highlighted
from storage.uow import UnitOfWork

router = APIRouter(route_class=PageRoute, include_in_schema=False)

ReviewerDep = Annotated[Viewer, Depends(allow(Role.REVIEWER))]


def review_page(request: Request, who: Viewer, uow: UnitOfWork, document_id: int, *, status: int = 200,
                error: str | None = None) -> Response:  # fmt: skip
    """A document as the reviewer reads it: the text with its findings marked, and the decisions open to them."""
    detail = visible_detail(uow, who, document_id)
    open_findings = [f for f in detail.findings if f.severity == "personal_data" and f.resolution is None]
    return render(
        request, "review.html", who, status=status, error=error, title=f"审查：{detail.title}", d=detail,
        segments=highlighted(current_text(uow, document_id), detail.findings), open_findings=open_findings,
        actions=[a.value for a in actions_for(detail, who)], resolutions=RESOLUTIONS, **choices(),
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

    async def step(form: FormData) -> dict[str, Any]:
        return {"decision": ReviewDecision.APPROVE, "comment": text_field(form, "comment"),
                "justifications": justifications(form)}  # fmt: skip

    return await act(request, who, document_id, review_document, step, back="/review", done="已审查通过，送签发",
                     again=review_page)  # fmt: skip


@router.post("/review/{document_id}/return")
async def return_to_drafter(request: Request, document_id: str, who: ReviewerDep) -> Response:
    """Return to the drafter with a comment (e.g. to redact personal data in a new version)."""

    async def step(form: FormData) -> dict[str, Any]:
        return {"decision": ReviewDecision.RETURN, "comment": text_field(form, "comment")}

    return await act(request, who, document_id, review_document, step, back="/review", done="已退回拟稿人",
                     again=review_page)  # fmt: skip
