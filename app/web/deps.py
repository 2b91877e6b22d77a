"""The API's dependencies: who is calling and on which day, the runtime, a read-only unit of work, role checks,
and the version a change expects (If-Match)."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Final
from urllib.parse import unquote

from fastapi import Depends, Header, Path, Request

from app.home.clock import Clock
from app.home.runtime import Runtime
from app.home.tokens import token_digest
from app.web.errors import Unauthorised
from policies.dates import parse_day
from policies.errors import BadInput, PolicyRefusal
from policies.ids import MAX_ID
from policies.roles import EVERYTHING, DocumentScope
from storage.models import User
from storage.read.scope import scope_of, visible_document
from storage.uow import UnitOfWork

DocumentId = Annotated[int, Path(ge=1, le=MAX_ID, description="公文编号")]
RequestId = Annotated[int, Path(ge=1, le=MAX_ID, description="申请编号")]
EntryId = Annotated[int, Path(ge=1, le=MAX_ID, description="编号")]
YearInPath = Annotated[int, Path(ge=2008, le=2100, description="年度")]
CLOCK_REFUSED: Final = "只有本机的本地令牌可以指定日期（X-Gongkai-Today）：用户的令牌或登录会话不能改动时钟"


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is acting in this request, and on which day."""

    user: User
    today: date | None
    clock: Clock

    @property
    def scope(self) -> DocumentScope:
        """The documents this caller sees."""
        return scope_of(self.user)


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
    """Authenticate: a user's bearer token, or the home's local token acting as X-Gongkai-As (percent-encoded).
    Only the local token may set the day (X-Gongkai-Today); a user's token carrying it is refused."""
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
            if x_gongkai_today:
                raise BadInput(CLOCK_REFUSED)
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


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads: the day they read on and the documents they see."""

    today: date
    scope: DocumentScope


def reader(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_gongkai_as: Annotated[str | None, Header()] = None,
    x_gongkai_today: Annotated[str | None, Header()] = None,
) -> Reader:
    """Any signed-in user (in their scope), or the local token's holder without naming a user (everything)."""
    scheme, _, secret = (authorization or "").partition(" ")
    if scheme == "Local" and not x_gongkai_as and hmac.compare_digest(secret.strip(), request.app.state.local_token):
        return Reader(today=Clock(_day(x_gongkai_today, runtime_of(request))).today(), scope=EVERYTHING)
    who = caller(request, authorization, x_gongkai_as, x_gongkai_today)
    return Reader(today=who.clock.today(), scope=who.scope)


ReaderDep = Annotated[Reader, Depends(reader)]


def document_caller(document_id: DocumentId, who: CallerDep, runtime: RuntimeDep) -> Caller:
    """The caller of a change to a document, if the document is in their scope (else NotFound, as if missing)."""
    with runtime.unit_of_work(readonly=True) as uow:
        visible_document(uow, document_id, who.scope)
    return who


DocumentCaller = Annotated[Caller, Depends(document_caller)]


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
