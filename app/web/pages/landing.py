"""A placeholder home page for the roles whose own page is not built yet (the admin's)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app.web.auth import PageUser, require_page_role
from app.web.pages.nav import HOME, NAV
from app.web.pages.render import render
from policies.roles import Role

router = APIRouter(include_in_schema=False)
SERVED = ("/my", "/review", "/sign", "/dashboard")  # the role pages (app.web.pages.roles) are these homes


def _landing(role: Role, title: str) -> Callable[[Request, PageUser], HTMLResponse]:
    def page(request: Request, who: PageUser = Depends(require_page_role(role))) -> HTMLResponse:  # noqa: B008
        return render(request, "landing.html", who=who, title=title)

    return page


for _role, _path in HOME.items():
    if _path in SERVED:
        continue
    _title = next(item.label for item in NAV if item.path == _path)
    router.add_api_route(_path, _landing(_role, _title), methods=["GET"], name=f"home_{_role.value}")
