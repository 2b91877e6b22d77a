"""DESIGN.md's error classes as HTTP statuses: every error answers `{"error", "exit_code"}` (and
`remedy` when the refusal names one), the CLI's exit code; a page asked for by a browser gets the same line in
Chinese only (an invalid value named by its field, without the validator's English)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response

from policies.errors import BadInput, GongkaiError, NotFound, Remedy


class Unauthorised(GongkaiError):
    """No valid credentials (HTTP 401)."""

    exit_code = 3
    http_status = 401


class LoginRequired(Unauthorised):
    """No signed-in user for a page: the browser is sent to /login (303)."""


def _error(status: int, message: str, exit_code: int, remedy: Remedy | None = None) -> JSONResponse:
    content: dict[str, object] = {"error": message, "exit_code": exit_code}
    if remedy is not None:
        content["remedy"] = remedy.value
    return JSONResponse(status_code=status, content=content)


PLACES = {"query": "地址参数", "path": "地址中的", "body": "表单项", "header": "请求头", "cookie": "Cookie"}
"""Where an invalid value was, as a page names it (the field's own name follows)."""


def invalid_field(location: Sequence[object]) -> str:
    """The one line a page answers for an invalid value: where it was and the field's name, without pydantic's
    English (请求参数无效：地址参数 year)."""
    parts = [str(part) for part in location]
    place = PLACES.get(parts[0], "") if parts else ""
    field = ".".join(part for part in parts[1:] if not part.isdigit())
    if not field:
        return "请求参数无效：请求内容"
    return f"请求参数无效：{place} {field}" if place else f"请求参数无效：{field}"


PageAnswer = Callable[[Request, int, str], Response | None]
"""How the pages answer an error: a page in their layout when a browser asked for a page, else None (JSON)."""


def _no_pages(_request: Request, _status: int, _message: str) -> None:
    return None


def install_error_handlers(app: FastAPI, *, page: PageAnswer = _no_pages) -> None:
    """Answer domain errors, invalid requests and unknown addresses in the one error shape (or as a page)."""

    @app.exception_handler(GongkaiError)
    async def _on_gongkai_error(request: Request, error: GongkaiError) -> Response:
        if isinstance(error, LoginRequired):
            return RedirectResponse("/login", status_code=303)
        shown = page(request, error.http_status, str(error))
        return shown or _error(error.http_status, str(error), error.exit_code, error.remedy)

    @app.exception_handler(RequestValidationError)
    async def _on_invalid(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        location = first.get("loc", ())
        where = ".".join(str(part) for part in location if part != "body")
        message = f"请求参数无效：{where} {first.get('msg', '')}".strip()  # the API's, for the CLI and scripts
        return page(request, 400, invalid_field(location)) or _error(400, message, BadInput.exit_code)

    @app.exception_handler(404)
    async def _on_missing(request: Request, _error_: Exception) -> Response:
        shown = page(request, 404, "没有这个页面：请检查地址，或从导航进入")
        return shown or _error(404, "没有这个地址", NotFound.exit_code)
