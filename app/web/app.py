"""The HTTP API under /api (OpenAPI at /api/docs): token auth, and DESIGN.md's error classes as HTTP statuses."""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.home.clock import Clock
from app.home.logs import configure_logging
from app.home.runtime import Runtime
from app.home.settings import Settings, parse_day
from app.home.tokens import token_digest
from app.stack.supervisor import local_token
from policies.errors import BadInput, GongkaiError, NotFound, PolicyRefusal
from storage.models import User
from tasks import context as task_context

router = APIRouter(prefix="/api")


class Unauthorised(GongkaiError):
    """No valid credentials (HTTP 401)."""

    exit_code = 3
    http_status = 401


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
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


def require_role(*roles: str) -> Callable[[Caller], Caller]:
    """A dependency that refuses callers outside the given roles."""

    def check(who: CallerDep) -> Caller:
        if who.user.role not in roles:
            raise PolicyRefusal(f"用户 {who.user.name} 的角色无权执行此操作")
        return who

    return check


@router.get("/health")
def health(runtime: RuntimeDep) -> dict[str, Any]:
    """Liveness, and where this app keeps its data."""
    return {
        "ok": True,
        "prefect_api_url": os.environ.get("PREFECT_API_URL"),
        "stack_id": os.environ.get("GONGKAI_STACK_ID"),
        "database": runtime.database.url.render_as_string(hide_password=True),
    }


@router.get("/me")
def me(who: CallerDep) -> dict[str, Any]:
    """The authenticated user."""
    return {"name": who.user.name, "role": who.user.role}


def _error(status: int, message: str, exit_code: int) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": message, "exit_code": exit_code})


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app: the JSON API and, later, the pages; settings from the environment unless given."""
    settings = settings or Settings.load()
    app = FastAPI(title="gongkai", version="0.1.0", docs_url="/api/docs", openapi_url="/api/openapi.json")
    app.state.runtime = Runtime(settings=settings)
    task_context.configure(settings, Clock)
    configure_logging(settings.home)
    app.state.local_token = local_token(settings.home)

    @app.exception_handler(GongkaiError)
    async def _on_gongkai_error(_request: Request, error: GongkaiError) -> JSONResponse:
        return _error(error.http_status, str(error), error.exit_code)

    @app.exception_handler(RequestValidationError)
    async def _on_invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        return _error(400, f"请求参数无效：{where} {first.get('msg', '')}".strip(), BadInput.exit_code)

    @app.exception_handler(404)
    async def _on_missing(_request: Request, _error_: Exception) -> JSONResponse:
        return _error(404, "没有这个地址", NotFound.exit_code)

    app.include_router(router)
    for extension in _routers():
        app.include_router(extension)
    return app


def _routers() -> list[APIRouter]:
    """The feature routers (documents, requests, …), each in its own module."""
    from app.web.routers import documents as api_documents
    from app.web.routers import public
    from app.web.routers import requests as api_requests

    return [api_documents.router, api_requests.router, public.router]
