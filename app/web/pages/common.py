"""What every role page shares: who is looking, the templates (autoescaped), the CSRF check of each form,
refusals shown as one Chinese line, the 403 and 404 pages, paging, and the Chinese names of codes.

The signed-in user comes from one dependency, `page_user`; until the login lands it knows nobody (401 page),
and tests override it (FastAPI dependency_overrides).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from prefect.settings import get_current_settings
from starlette.datastructures import FormData

from app.home.clock import Clock
from app.web.deps import runtime_of
from policies.dates import chinese_date, parse_day
from policies.errors import BadInput, Conflict, GongkaiError, NotFound, PolicyRefusal
from policies.roles import Role
from storage.models import User
from storage.read.pages import DocumentPage, Scope
from storage.uow import UnitOfWork

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
CSRF_COOKIE = "gongkai_csrf"
CSRF_FIELD = "csrf_token"

_templates = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=StrictUndefined)


def _day(value: str | None) -> str:
    """YYYY-MM-DD as 2026年10月10日; empty for none."""
    return chinese_date(parse_day(value, what="日期")) if value else ""


_templates.filters["day"] = _day

MAIN_PAGES: dict[Role, tuple[str, str]] = {
    Role.DRAFTER: ("/my", "我的文件"),
    Role.REVIEWER: ("/review", "待审查"),
    Role.SIGNER: ("/sign", "待签发"),
    Role.SUPERVISOR: ("/documents", "全部公文"),
    Role.ADMIN: ("/documents", "全部公文"),
}

NAV: dict[Role, tuple[tuple[str, str], ...]] = {
    Role.DRAFTER: (("/my", "我的文件"), ("/interpret", "待解读")),
    Role.REVIEWER: (("/review", "待审查"), ("/publish", "待发布"), ("/interpret", "待解读"),
                    ("/requests", "依申请公开"), ("/self-audit", "年度自查"), ("/documents", "全部公文")),
    Role.SIGNER: (("/sign", "待签发"), ("/documents", "全部公文")),
    Role.SUPERVISOR: (("/documents", "全部公文"), ("/publish", "待发布"), ("/interpret", "待解读"),
                      ("/requests", "依申请公开"), ("/self-audit", "年度自查")),
    Role.ADMIN: (("/documents", "全部公文"),),
}  # fmt: skip


class NotSignedIn(GongkaiError):
    """Nobody is signed in (HTTP 401)."""

    exit_code = 3
    http_status = 401


def page_user(request: Request) -> User:
    """The signed-in user; the login (sessions) replaces this dependency's body, tests override it."""
    raise NotSignedIn("请先登录")


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking at a page, in which role, on which day, and which documents they may see."""

    user: User
    role: Role
    today: date

    @property
    def scope(self) -> Scope:
        """The documents this person may see."""
        return Scope.of(self.user)


def viewer(request: Request, user: Annotated[User, Depends(page_user)]) -> Viewer:
    """The signed-in person and today (a page never moves the clock: the home's settings decide it)."""
    return Viewer(user=user, role=Role(user.role), today=Clock(runtime_of(request).settings.today).today())


ViewerDep = Annotated[Viewer, Depends(viewer)]


def allow(*roles: Role) -> Callable[[Viewer], Viewer]:
    """A dependency that refuses, with the 403 page, anyone outside these roles."""

    def check(who: ViewerDep) -> Viewer:
        if who.role not in roles:
            raise PolicyRefusal(f"{who.role.label}无权打开此页面")
        return who

    return check


def read_unit(request: Request) -> Iterator[UnitOfWork]:
    """A read-only unit of work for the page, closed when the page is built."""
    with runtime_of(request).unit_of_work(readonly=True) as uow:
        yield uow


ReadUnit = Annotated[UnitOfWork, Depends(read_unit)]


def csrf_token(request: Request) -> str:
    """This browser's CSRF token (double-submit: a cookie and the same value in every form)."""
    token: str | None = getattr(request.state, "csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token or len(token) < 32:
        token = secrets.token_urlsafe(32)
    request.state.csrf = token
    return token


async def _read_within(request: Request, limit: int) -> None:
    """Read the request's body, refusing it as soon as it passes the limit (the form is parsed from it after)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise BadInput(f"提交的内容过大：超过 {limit // (1024 * 1024)} MiB")
    request._body = bytes(body)


async def checked_form(request: Request, *, limit: int = 1024 * 1024) -> FormData:
    """The posted form, read within `limit` bytes, refused (403) unless it carries this browser's CSRF token."""
    await _read_within(request, limit)
    form = await request.form()
    sent, kept = form.get(CSRF_FIELD), request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or not kept or not hmac.compare_digest(sent, kept):
        raise PolicyRefusal("表单已过期或来源不明（缺少有效的 CSRF 令牌），请刷新页面后重试")
    return form


def render(request: Request, template: str, who: Viewer | None, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from its template, with the layout's navigation and the form token."""
    token = csrf_token(request)
    html = _templates.get_template(template).render(
        who=who,
        nav=NAV.get(who.role, ()) if who else (),
        path=request.url.path,
        csrf_field=CSRF_FIELD,
        csrf=token,
        error=context.pop("error", None),
        notice=context.pop("notice", None) or request.query_params.get("notice"),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


def redirect(path: str, notice: str | None = None) -> RedirectResponse:
    """After a change: see the result (303), with a one-line notice."""
    return RedirectResponse(f"{path}?{urlencode({'notice': notice})}" if notice else path, status_code=303)


def error_page(request: Request, error: GongkaiError) -> HTMLResponse:
    """The page for a refusal outside a form: 404 不存在, 403 无权访问, 401 请先登录, 400/409 the message."""
    titles = {404: "页面不存在", 403: "无权访问", 401: "请先登录", 409: "操作冲突", 400: "输入有误"}
    status = error.http_status if error.http_status in titles else 500
    return render(request, "error.html", None, status=status, title=titles.get(status, "出错了"), message=str(error))


class PageRoute(APIRoute):
    """A route whose expected errors are pages (HTML), not the API's JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except GongkaiError as error:
                return error_page(request, error)

        return handle


def status_of(error: GongkaiError) -> int:
    """The HTTP status a refused form answers with: 400 bad input, 403 policy, 404, 409 conflict."""
    for kind, status in ((BadInput, 400), (PolicyRefusal, 403), (NotFound, 404), (Conflict, 409)):
        if isinstance(error, kind):
            return status
    return 500


def page_number(value: str | None) -> int:
    """The page asked for (?page=N), 1 when absent or not a small positive number."""
    return int(value) if value and value.isdigit() and len(value) < 7 else 1


def pager(page: DocumentPage, path: str) -> dict[str, Any]:
    """The 上一页/下一页 links of a paged list."""
    return {
        "page": page.page,
        "pages": page.pages,
        "total": page.total,
        "previous": f"{path}?page={page.page - 1}" if page.page > 1 else None,
        "next": f"{path}?page={page.page + 1}" if page.page < page.pages else None,
    }


def prefect_run_url(flow_run_id: str | None) -> str | None:
    """The Prefect UI's page of a flow run, when the stack's Prefect has a UI."""
    base = get_current_settings().ui_url
    return f"{base.rstrip('/')}/runs/flow-run/{flow_run_id}" if base and flow_run_id else None
