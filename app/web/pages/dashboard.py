"""督查, the supervisor's dashboard: what is overdue now and what falls due this week, each list paged and ordered
by deadline. (The cycle-time charts and the annual report come from the reports' read models, not built here.)"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from app.web.pages.common import PageRoute, ReadUnit, Viewer, allow, page_number, pager, render
from policies.roles import Role
from storage.read.pages import document_page

router = APIRouter(route_class=PageRoute, include_in_schema=False)

SupervisorDep = Annotated[Viewer, Depends(allow(Role.SUPERVISOR, Role.REVIEWER))]
WEEK = timedelta(days=7)


@router.get("/dashboard")
def dashboard(request: Request, who: SupervisorDep, uow: ReadUnit) -> Response:
    """Overdue now (a deadline before today still open) and due within the coming week."""
    overdue = document_page(uow, today=who.today, scope=who.scope, by_deadline=True,
                            due_within=(None, who.today - timedelta(days=1)),
                            page=page_number(request.query_params.get("page")))  # fmt: skip
    soon = document_page(uow, today=who.today, scope=who.scope, by_deadline=True,
                         due_within=(who.today, who.today + WEEK),
                         page=page_number(request.query_params.get("soon")))  # fmt: skip
    return render(request, "dashboard.html", who, title="督查", overdue=overdue.items,
                  overdue_paging=pager(overdue, "/dashboard"), soon=soon.items,
                  soon_paging=pager(soon, "/dashboard", "soon"))  # fmt: skip
