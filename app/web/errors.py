"""DESIGN.md's error classes as HTTP statuses: every error answers `{"error", "exit_code"}` (and
`remedy` when the refusal names one), the CLI's exit code."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from policies.errors import BadInput, GongkaiError, NotFound, Remedy


class Unauthorised(GongkaiError):
    """No valid credentials (HTTP 401)."""

    exit_code = 3
    http_status = 401


def _error(status: int, message: str, exit_code: int, remedy: Remedy | None = None) -> JSONResponse:
    content: dict[str, object] = {"error": message, "exit_code": exit_code}
    if remedy is not None:
        content["remedy"] = remedy.value
    return JSONResponse(status_code=status, content=content)


def install_error_handlers(app: FastAPI) -> None:
    """Answer domain errors, invalid requests and unknown addresses in the one error shape."""

    @app.exception_handler(GongkaiError)
    async def _on_gongkai_error(_request: Request, error: GongkaiError) -> JSONResponse:
        return _error(error.http_status, str(error), error.exit_code, error.remedy)

    @app.exception_handler(RequestValidationError)
    async def _on_invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        return _error(400, f"请求参数无效：{where} {first.get('msg', '')}".strip(), BadInput.exit_code)

    @app.exception_handler(404)
    async def _on_missing(_request: Request, _error_: Exception) -> JSONResponse:
        return _error(404, "没有这个地址", NotFound.exit_code)
