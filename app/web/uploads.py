"""Request bodies and uploaded files read within a byte limit, refused while they are read (HTTP 413, exit 2):
a body that says it is too large is refused before a byte of it is read, one that does not say is refused at the
first chunk past the limit, so a 300 MB body costs the web process at most the limit.

`BodyLimit` caps every request of the app; `read_body`, `read_form`, `read_json` and `read_upload` cap one route's
body, form or multipart file more tightly, after the route has checked who may send it.
"""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from intake.limits import readable_size
from policies.errors import BadInput

Model = TypeVar("Model", bound=BaseModel)
OPTIONS_ALLOWANCE = 1024 * 1024
"""What a JSON body may hold beside its files' base64: names, titles, reasons."""
CHUNK = 64 * 1024


class TooLarge(BadInput):
    """A request body or an uploaded file past its limit (HTTP 413, exit 2)."""

    http_status = 413


def too_large(limit: int) -> TooLarge:
    """The refusal of a body or file past `limit` bytes."""
    shown = readable_size(limit) if limit % 1024 == 0 else f"{limit / (1024 * 1024):.1f} MiB"
    return TooLarge(f"请求内容超过 {shown} 上限")


def json_body_limit(max_upload_bytes: int, *, files: int = 1) -> int:
    """The largest JSON body that carries `files` files of at most `max_upload_bytes` each in base64."""
    return files * 4 * ((max_upload_bytes + 2) // 3) + OPTIONS_ALLOWANCE


def _refuse_declared(request: Request, limit: int) -> None:
    """TooLarge before a byte is read when the body's Content-Length says it passes `limit`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, or TooLarge as soon as its Content-Length or the bytes received pass `limit`."""
    _refuse_declared(request, limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large(limit)
    return bytes(body)


async def read_form(request: Request, limit: int) -> FormData:
    """The request's form (URL-encoded or multipart), parsed by Starlette as the body arrives, or TooLarge as soon as
    its Content-Length or the bytes received pass `limit`: the form is read through a second `Request` on the same
    connection whose `receive` counts the bytes, so no more than the limit is ever taken in."""
    _refuse_declared(request, limit)
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise too_large(limit)
        return message

    return await Request(request.scope, counted).form()


async def read_json(request: Request, model: type[Model], limit: int) -> Model:
    """The request's JSON body as `model`, read within `limit`; a body that does not fit the model is BadInput."""
    raw = await read_body(request, limit)
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        problems = error.errors()
        where = ".".join(str(part) for part in problems[0]["loc"]) if problems else ""
        message = problems[0]["msg"] if problems else ""
        raise BadInput(f"请求参数无效：{where} {message}".strip()) from None


async def read_upload(upload: UploadFile, limit: int) -> bytes:
    """An uploaded (multipart) file's bytes, or TooLarge: at most `limit` + 1 bytes are ever read."""
    data = bytearray()
    while chunk := await upload.read(min(CHUNK, limit + 1 - len(data))):
        data += chunk
        if len(data) > limit:
            raise too_large(limit)
    return bytes(data)


class BodyLimit:
    """ASGI middleware: no request body of the app may pass `limit` bytes (413 in the API's error shape)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        received = 0
        exceeded = False
        answered = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal answered
            if exceeded:
                if not answered:
                    answered = True
                    await self._refuse(scope, receive, send)
                return
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
            if not answered:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = too_large(self.limit)
        response = JSONResponse({"error": str(refusal), "exit_code": refusal.exit_code}, status_code=413)
        await response(scope, receive, send)
