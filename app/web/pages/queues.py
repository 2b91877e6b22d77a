"""待签发, 待发布 and 待解读: the queues of the signer, the disclosure office and the drafters, each with its deadlines,
overdue first. Each row leads to the document's page, where the step's form is."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from app.web.pages.common import PageRoute, ReadUnit, Viewer, allow, page_number, pager, render
from policies.deadlines import DeadlineKind
from policies.lifecycle import State
from policies.roles import Role
from storage.read.pages import document_page

router = APIRouter(route_class=PageRoute, include_in_schema=False)

SignerDep = Annotated[Viewer, Depends(allow(Role.SIGNER))]
PublisherDep = Annotated[Viewer, Depends(allow(Role.REVIEWER, Role.SUPERVISOR))]
InterpreterDep = Annotated[Viewer, Depends(allow(Role.DRAFTER, Role.REVIEWER, Role.SUPERVISOR))]


def _queue(request: Request, who: Viewer, uow: ReadUnit, *, title: str, path: str, state: State,
           owing: DeadlineKind | None = None, empty: str) -> Response:  # fmt: skip
    page = document_page(
        uow, today=who.today, scope=who.scope, states=(state.value,), owing=owing.value if owing else None,
        by_deadline=True, page=page_number(request.query_params.get("page")),
    )  # fmt: skip
    return render(request, "queue.html", who, title=title, documents=page.items, paging=pager(page, path),
                  link="/documents/", empty=empty)  # fmt: skip


@router.get("/sign")
def to_sign(request: Request, who: SignerDep, uow: ReadUnit) -> Response:
    """待签发: documents the disclosure office approved."""
    return _queue(request, who, uow, title="待签发", path="/sign", state=State.APPROVED, empty="没有待签发的公文。")


@router.get("/publish")
def to_publish(request: Request, who: PublisherDep, uow: ReadUnit) -> Response:
    """待发布: signed proactive documents and their publication deadlines."""
    return _queue(request, who, uow, title="待发布", path="/publish", state=State.SIGNED, empty="没有待发布的公文。")


@router.get("/interpret")
def to_interpret(request: Request, who: InterpreterDep, uow: ReadUnit) -> Response:
    """待解读: published policy documents that still owe their interpretation (谁起草、谁解读)."""
    return _queue(request, who, uow, title="待解读", path="/interpret", state=State.PUBLISHED,
                  owing=DeadlineKind.INTERPRETATION, empty="没有待解读的公文。")  # fmt: skip
