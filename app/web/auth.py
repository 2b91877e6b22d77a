"""The pages' sign-in: who the browser's session belongs to, and the CSRF token every changing form carries.

The session cookie (`gongkai_session`) holds a random id whose SHA-256 is the only thing stored; it is HttpOnly,
SameSite=Lax, and Secure when the request came over HTTPS (behind a proxy, uvicorn takes the scheme from
X-Forwarded-Proto when the proxy is a trusted address, 127.0.0.1 by default). A signed-in form's CSRF token is
its session's (session-bound); before sign-in (the login form) it is a double-submit cookie, `gongkai_csrf`.
Every form posts it in the hidden field `csrf_token`; `CsrfChecked` refuses a form without the right one (403).
Pages never take X-Gongkai-Today: only the home's local token may move the clock.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Final

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from app.home.login import LiveSession, live_session, new_csrf_token
from app.web.deps import runtime_of
from app.web.errors import LoginRequired
from policies.errors import BadInput, PolicyRefusal
from policies.roles import Role
from storage.models import User

SESSION_COOKIE: Final = "gongkai_session"
CSRF_COOKIE: Final = "gongkai_csrf"
CSRF_FIELD: Final = "csrf_token"
TODAY_HEADER: Final = "x-gongkai-today"
CLOCK_REFUSED: Final = "只有本机管理令牌可以指定日期（X-Gongkai-Today）：用户的令牌或登录会话不能改动时钟"


class PageForbidden(PolicyRefusal):
    """The signed-in user's role may not open this page (403)."""


class CsrfRefused(PolicyRefusal):
    """A changing form without its CSRF token, or with another one (403)."""


@dataclass(frozen=True, slots=True)
class PageUser:
    """The signed-in user of a page request and the CSRF token its forms carry."""

    user: User
    role: Role
    csrf_token: str
    live: LiveSession


def refuse_moved_clock(request: Request) -> None:
    """A session may not carry X-Gongkai-Today."""
    if request.headers.get(TODAY_HEADER):
        raise BadInput(CLOCK_REFUSED)


def optional_page_user(request: Request) -> PageUser | None:
    """The session's user, or None when nobody is signed in (or the session ended, expired, its user disabled)."""
    refuse_moved_clock(request)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    live = live_session(runtime_of(request), cookie)
    if live is None:
        return None
    return PageUser(user=live.user, role=Role(live.user.role), csrf_token=live.session.csrf_token, live=live)


OptionalPageUser = Annotated[PageUser | None, Depends(optional_page_user)]


def page_user(who: OptionalPageUser) -> PageUser:
    """The signed-in user, or LoginRequired (the page answers with a redirect to /login)."""
    if who is None:
        raise LoginRequired("请先登录")
    return who


PageUserDep = Annotated[PageUser, Depends(page_user)]


def require_page_role(*roles: Role) -> Callable[[PageUser], PageUser]:
    """A dependency for a page only these roles may open; others get the 403 page."""

    def check(who: PageUserDep) -> PageUser:
        if who.role not in roles:
            raise PageForbidden(f"{who.role.label}无权访问此页面")
        return who

    return check


def anonymous_csrf_token(request: Request) -> str:
    """The double-submit token of a browser not signed in: its cookie's, or a new one (set it with set_csrf_cookie)."""
    return request.cookies.get(CSRF_COOKIE) or new_csrf_token()


def expected_csrf_token(request: Request, who: PageUser | None) -> str | None:
    """What a form from this browser must carry: its session's token, or before sign-in its CSRF cookie."""
    return who.csrf_token if who is not None else request.cookies.get(CSRF_COOKIE)


def csrf_checked(
    request: Request, who: OptionalPageUser, csrf_token: Annotated[str | None, Form()] = None
) -> PageUser | None:
    """Refuse a changing form unless it carries the token its session (or, before sign-in, its cookie) expects."""
    expected = expected_csrf_token(request, who)
    if not expected or not csrf_token or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        raise CsrfRefused("表单缺少有效的 CSRF 令牌（可能来自其他网站，或页面已过期）：请刷新页面后重新提交")
    return who


CsrfChecked = Annotated[PageUser | None, Depends(csrf_checked)]


def is_https(request: Request) -> bool:
    """Whether the browser reached us over HTTPS (uvicorn sets the scheme from a trusted proxy's header)."""
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, value: str, max_age: int) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS, for the whole site."""
    response.set_cookie(SESSION_COOKIE, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=is_https(request), path="/")  # fmt: skip


def set_csrf_cookie(response: Response, request: Request, value: str) -> None:
    """The pre-sign-in double-submit cookie (HttpOnly: the form gets the value from the page, not from script)."""
    response.set_cookie(CSRF_COOKIE, value, httponly=True, samesite="strict", secure=is_https(request), path="/")


def clear_session_cookie(response: Response, request: Request) -> None:
    """Forget the session in the browser."""
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request))
