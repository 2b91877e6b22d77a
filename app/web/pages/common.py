"""What every role page shares: who is looking (the session's user, app.web.auth), the templates (autoescaped,
in the pages' base layout), the CSRF check of each form, refusals shown as one Chinese line, the 403 and 404
pages, paging, and the Prefect run links.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Final
from urllib.parse import urlencode

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from prefect.settings import get_current_settings
from starlette.datastructures import FormData

from app.home.clock import SHANGHAI, Clock
from app.web.auth import CSRF_FIELD, CsrfRefused, PageForbidden, PageUserDep, optional_page_user
from app.web.deps import runtime_of
from app.web.errors import LoginRequired
from app.web.pages.nav import nav_for
from app.web.pages.render import templates
from app.web.uploads import read_form
from policies.attributes import Attribute
from policies.dates import chinese_date, parse_day
from policies.errors import BadInput, Conflict, GongkaiError, NotFound, PolicyRefusal
from policies.roles import DocumentScope, Role
from storage.models import User
from storage.read.pages import Page
from storage.read.scope import scope_of
from storage.uow import UnitOfWork


def _day(value: str | None) -> str:
    """YYYY-MM-DD as 2026年10月10日; empty for none."""
    return chinese_date(parse_day(value, what="日期")) if value else ""


def _instant(value: str) -> str:
    """An ISO instant (stored in UTC) as Beijing time: 2026年10月10日 09:30."""
    local = datetime.fromisoformat(value).astimezone(SHANGHAI)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def _attribute(code: str | None) -> str:
    """An attribute code by its Chinese name (主动公开, …); empty for none."""
    return Attribute.parse(code).label if code else ""


_DAY_LISTS = re.compile(r"；(?:跳过节假日|计入调休上班日)：[^；。]*")


def _without_day_lists(explanation: str) -> str:
    """A deadline's explanation without its lists of skipped holidays and counted make-up working days, for a page
    that shows those lists under it (policies.calendar writes them as "；跳过节假日：…" and "；计入调休上班日：…")."""
    return _DAY_LISTS.sub("", explanation)


templates.filters["day"] = _day
templates.filters["without_day_lists"] = _without_day_lists
templates.filters["instant"] = _instant
templates.filters["attribute"] = _attribute

@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is looking at a page, in which role, on which day, and which documents they may see."""

    user: User
    role: Role
    today: date
    csrf_token: str

    @property
    def scope(self) -> DocumentScope:
        """The documents this person may see."""
        return scope_of(self.user)


def viewer(request: Request, who: PageUserDep) -> Viewer:
    """The signed-in person and today (a page never moves the clock: the home's settings decide it)."""
    today = Clock(runtime_of(request).settings.today).today()
    return Viewer(user=who.user, role=who.role, today=today, csrf_token=who.csrf_token)


ViewerDep = Annotated[Viewer, Depends(viewer)]


def allow(*roles: Role) -> Callable[[Viewer], Viewer]:
    """A dependency that refuses, with the 403 page, anyone outside these roles."""

    def check(who: ViewerDep) -> Viewer:
        if who.role not in roles:
            raise PageForbidden(f"{who.role.label}无权访问此页面")
        return who

    return check


def read_unit(request: Request) -> Iterator[UnitOfWork]:
    """A read-only unit of work for the page, closed when the page is built."""
    with runtime_of(request).unit_of_work(readonly=True) as uow:
        yield uow


ReadUnit = Annotated[UnitOfWork, Depends(read_unit)]


async def checked_form(request: Request, who: Viewer, *, limit: int = 1024 * 1024) -> FormData:
    """The posted form, read within `limit` bytes, refused (403) unless it carries its session's CSRF token."""
    form = await read_form(request, limit)
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), who.csrf_token.encode()):
        raise CsrfRefused("表单缺少有效的 CSRF 令牌（可能来自其他网站，或页面已过期）：请刷新页面后重新提交")
    return form


def render(request: Request, template: str, who: Viewer | None, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A page from its template, in the base layout with the person's navigation and the form token."""
    token = who.csrf_token if who else ""
    html = templates.get_template(template).render(
        request=request,
        who=who,
        nav=nav_for(who.role) if who else [],
        path=request.url.path,
        csrf_field=CSRF_FIELD,
        csrf=token,
        csrf_token=token,
        error=context.pop("error", None),
        notice=context.pop("notice", None) or shown_notice(request),
        **context,
    )
    return HTMLResponse(html, status_code=status)


NOTICE_KEY: Final = secrets.token_bytes(32)
"""This process's key for the notices its redirects carry: a page shows a notice only with its seal, so a link
with ?notice=… written by someone else (a fake official message) shows nothing."""


def _seal(notice: str) -> str:
    return hmac.new(NOTICE_KEY, notice.encode(), "sha256").hexdigest()[:32]


def redirect(path: str, notice: str | None = None) -> RedirectResponse:
    """After a change: see the result (303), with a one-line notice (sealed) joined to any query the path has."""
    if not notice:
        return RedirectResponse(path, status_code=303)
    joiner = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{joiner}{urlencode({'notice': notice, 'seal': _seal(notice)})}", status_code=303)


def shown_notice(request: Request) -> str | None:
    """The notice the address carries, if one of this app's redirects wrote it (its seal matches); else none."""
    notice, seal = request.query_params.get("notice"), request.query_params.get("seal", "")
    if notice and hmac.compare_digest(seal.encode(), _seal(notice).encode()):
        return notice
    return None


def error_page(request: Request, error: GongkaiError) -> HTMLResponse:
    """The page for a refusal outside a form (404 不存在, 403 无权访问, …), with the signed-in person's navigation."""
    titles = {404: "页面不存在", 403: "无权访问", 409: "已被他人修改", 400: "请求有误"}
    status = error.http_status if error.http_status in titles else 500
    try:
        who = optional_page_user(request)
    except GongkaiError:
        who = None
    page = templates.get_template("error.html").render(
        request=request, who=who, nav=nav_for(who.role) if who else [], path=request.url.path,
        csrf_token=who.csrf_token if who else "", title=titles.get(status, "出错了"), message=str(error),
    )  # fmt: skip
    return HTMLResponse(page, status_code=status)


class PageRoute(APIRoute):
    """A route whose expected errors are pages (HTML), not the API's JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except LoginRequired:
                raise
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


def pager(page: Page[Any], path: str, param: str = "page") -> dict[str, Any]:
    """The 上一页/下一页 links of a paged list (its page number in the query parameter `param`)."""
    return {
        "page": page.page,
        "pages": page.pages,
        "total": page.total,
        "previous": f"{path}?{param}={page.page - 1}" if page.page > 1 else None,
        "next": f"{path}?{param}={page.page + 1}" if page.page < page.pages else None,
    }


def prefect_run_url(flow_run_id: str | None) -> str | None:
    """The Prefect UI's page of a flow run, when the stack's Prefect has a UI."""
    base = get_current_settings().ui_url
    return f"{base.rstrip('/')}/runs/flow-run/{flow_run_id}" if base and flow_run_id else None
