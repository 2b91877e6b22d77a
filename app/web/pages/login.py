"""Signing in and out: `/` leads to the role's home or to /login; the login form posts to /login (with the
pre-sign-in CSRF cookie's token), /logout ends the session (with the session's token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.home.login import LoginRefused, sign_in, sign_out
from app.web.auth import (
    CsrfChecked,
    OptionalPageUser,
    anonymous_csrf_token,
    clear_session_cookie,
    set_csrf_cookie,
    set_session_cookie,
)
from app.web.deps import runtime_of
from app.web.pages.nav import HOME
from app.web.pages.render import render
from policies.login import REFUSED, SESSION_LIFETIME
from policies.roles import Role

router = APIRouter(include_in_schema=False)
MAX_NAME, MAX_PASSWORD = 200, 1024  # longer than any user's: refused unheard


def _see(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/")
def root(who: OptionalPageUser) -> RedirectResponse:
    """The signed-in user's home page, else the login page."""
    return _see(HOME[who.role] if who is not None else "/login")


SIGNED_OUT = "已退出登录。"
"""The login page's notice after 退出 (`/login?signed_out=1`): a fixed line, never text taken from the address."""


def _login_page(request: Request, *, message: str = "", username: str = "", status: int = 200) -> Response:
    token = anonymous_csrf_token(request)
    notice = SIGNED_OUT if request.query_params.get("signed_out") == "1" and not message else ""
    response = render(request, "login.html", who=None, status=status, message=message, username=username,
                      notice=notice, login_csrf=token)  # fmt: skip
    set_csrf_cookie(response, request, token)
    return response


@router.get("/login")
def login_form(request: Request, who: OptionalPageUser) -> Response:
    """The login form (登录); a signed-in user goes home."""
    return _see(HOME[who.role]) if who is not None else _login_page(request)


@router.post("/login")
def login(
    request: Request,
    _checked: CsrfChecked,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Check the name and password: a session cookie and the role's home (303), or the form again with one message
    (a name or password past any user's length gets the same message, not a validation error in English)."""
    client = request.client.host if request.client else ""
    if len(username) > MAX_NAME or len(password) > MAX_PASSWORD:
        return _login_page(request, message=REFUSED, username=username[:MAX_NAME], status=401)
    try:
        signed = sign_in(runtime_of(request), username=username, password=password, client=client)
    except LoginRefused as refused:
        return _login_page(request, message=str(refused), username=username, status=401)
    response = _see(HOME[Role(signed.user.role)])
    set_session_cookie(response, request, signed.cookie, int(SESSION_LIFETIME.total_seconds()))
    return response


@router.post("/logout")
def logout(request: Request, who: CsrfChecked) -> Response:
    """End the session and go back to the login page."""
    if who is not None:
        sign_out(runtime_of(request), who.live)
    response = _see("/login?signed_out=1")
    clear_session_cookie(response, request)
    return response
