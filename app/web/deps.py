"""The API's dependencies: who is calling and on which day, the runtime, a read-only unit of work, role checks,
and the version a change expects (If-Match)."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import unquote

from fastapi import Depends, Header, Request

from app.home.clock import Clock
from app.home.runtime import Runtime
from app.home.tokens import token_digest
from app.web.errors import Unauthorised
from policies.dates import parse_day
from policies.errors import BadInput, PolicyRefusal
from storage.models import User
from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is acting in this request, and on which day."""

    user: User
    today: date | None
    clock: Clock


def runtime_of(request: Request) -> Runtime:
    """The app's runtime (settings, database)."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


def _day(header: str | None, runtime: Runtime) -> date | None:
    return parse_day(header, what="X-Gongkai-Today") if header else runtime.settings.today


def caller(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_gongkai_as: Annotated[str | None, Header()] = None,
    x_gongkai_today: Annotated[str | None, Header()] = None,
) -> Caller:
    """Authenticate: a user's bearer token, or the home's local token acting as X-Gongkai-As (percent-encoded)."""
    runtime = runtime_of(request)
    if not authorization or " " not in authorization:
        raise Unauthorised("需要登录：请提供令牌（Authorization: Bearer …）")
    scheme, secret = authorization.split(" ", 1)
    with runtime.unit_of_work(readonly=True) as uow:
        if scheme == "Local":
            if not hmac.compare_digest(secret.strip(), request.app.state.local_token):
                raise Unauthorised("本地令牌无效")
            if not x_gongkai_as:
                raise BadInput("请用 --as 指明以哪位用户的身份操作")
            user = uow.users.get(unquote(x_gongkai_as))
        elif scheme == "Bearer":
            found = uow.users.by_token_digest(token_digest(secret.strip()))
            if found is None:
                raise Unauthorised("令牌无效或已停用")
            user = found
        else:
            raise Unauthorised(f"不支持的认证方式：{scheme}")
    today = _day(x_gongkai_today, runtime)
    return Caller(user=user, today=today, clock=Clock(today))


CallerDep = Annotated[Caller, Depends(caller)]


def require_role(*roles: str) -> Callable[[Caller], Caller]:
    """A dependency that refuses callers outside the given roles."""

    def check(who: CallerDep) -> Caller:
        if who.user.role not in roles:
            raise PolicyRefusal(f"用户 {who.user.name} 的角色无权执行此操作")
        return who

    return check


def reading_day(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_gongkai_as: Annotated[str | None, Header()] = None,
    x_gongkai_today: Annotated[str | None, Header()] = None,
) -> date:
    """The day a reader reads on: any signed-in user, or the local token's holder without naming a user."""
    scheme, _, secret = (authorization or "").partition(" ")
    if scheme == "Local" and not x_gongkai_as and hmac.compare_digest(secret.strip(), request.app.state.local_token):
        return Clock(_day(x_gongkai_today, runtime_of(request))).today()
    return caller(request, authorization, x_gongkai_as, x_gongkai_today).clock.today()


ReadingDay = Annotated[date, Depends(reading_day)]


def read_only_unit_of_work(runtime: RuntimeDep) -> Iterator[UnitOfWork]:
    """A read-only unit of work for the request, closed when the response is built."""
    with runtime.unit_of_work(readonly=True) as uow:
        yield uow


ReadDep = Annotated[UnitOfWork, Depends(read_only_unit_of_work)]


def expected_version(if_match: Annotated[str | None, Header()] = None) -> int | None:
    """The version a change was prepared against (If-Match: 3, or the ETag form "3"); None when not given."""
    if if_match is None:
        return None
    text = if_match.strip().removeprefix("W/").strip('"')
    if not text.isdigit():
        raise BadInput(f"If-Match 应为版本号（正整数）：{if_match!r}")
    return int(text)


ExpectedVersion = Annotated[int | None, Depends(expected_version)]
