"""Rendering a page: the autoescaped templates, the context every page gets (user, navigation, CSRF token, the
Chinese date), and the error pages (403, 404, …) in the same layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from app.web.auth import PageUser, optional_page_user
from app.web.pages.nav import nav_for
from policies.dates import chinese_date
from policies.errors import GongkaiError

TEMPLATE_DIR: Final = Path(__file__).parent / "templates"
templates: Final = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=StrictUndefined)
templates.filters["chinese_date"] = chinese_date


def render(
    request: Request, template: str, *, who: PageUser | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """The template filled with the page's context; `who` gives the user box, the navigation and the CSRF token."""
    page = templates.get_template(template).render(
        request=request,
        who=who,
        nav=nav_for(who.role) if who is not None else [],
        path=request.url.path,
        csrf_token=who.csrf_token if who is not None else "",
        **context,
    )
    return HTMLResponse(page, status_code=status)


def wants_page(request: Request) -> bool:
    """Whether an error should be answered as a page: a browser (Accept: text/html) outside /api."""
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


TITLES: Final = {400: "请求有误", 401: "需要登录", 403: "无权访问", 404: "页面不存在", 409: "已被他人修改"}


def error_page(request: Request, status: int, message: str) -> HTMLResponse | None:
    """An error in the pages' layout, with the navigation of whoever is signed in, when a browser asked for a page."""
    if not wants_page(request):
        return None
    try:
        who = optional_page_user(request)
    except GongkaiError:
        who = None
    title = TITLES.get(status, "出错了")
    return render(request, "error.html", who=who, status=status, title=title, message=message)
