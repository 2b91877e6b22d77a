"""A page's form read by `checked_form` straight off the ASGI connection, as a browser sends it (in pieces,
URL-encoded or multipart, with or without Content-Length): read whole within its limit, refused at the first piece
past it — never taken in further — and refused without its session's CSRF token."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from urllib.parse import urlencode

import pytest
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.types import Message

from app.web.auth import CSRF_FIELD, CsrfRefused
from app.web.pages.common import Viewer, checked_form
from app.web.uploads import TooLarge
from policies.roles import Role
from storage.models import User

pytestmark = pytest.mark.anyio
TOKEN = "令牌" * 20
WHO = Viewer(user=User(name="甲拟", role="drafter"), role=Role.DRAFTER, today=date(2026, 9, 1), csrf_token=TOKEN)
BOUNDARY = "gongkai-test-boundary"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def posted(body: bytes, content_type: str, *, piece: int = 1000, declared: bool = True) -> tuple[Request, list[int]]:
    """A request whose body arrives in pieces of `piece` bytes; the sizes of the pieces taken in, as they are."""
    headers = [(b"content-type", content_type.encode())]
    if declared:
        headers.append((b"content-length", str(len(body)).encode()))
    pieces = [body[start : start + piece] for start in range(0, len(body), piece)] or [b""]
    taken: list[int] = []

    async def receive() -> Message:
        chunk = pieces[len(taken)]
        taken.append(len(chunk))
        return {"type": "http.request", "body": chunk, "more_body": len(taken) < len(pieces)}

    scope = {"type": "http", "method": "POST", "path": "/my", "headers": headers, "query_string": b""}
    return Request(scope, receive), taken


def encoded(fields: dict[str, str]) -> tuple[bytes, str]:
    return urlencode(fields).encode(), "application/x-www-form-urlencoded"


def multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
             for key, value in fields.items()]  # fmt: skip
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                 "Content-Type: text/plain\r\n\r\n".encode() + data + b"\r\n")  # fmt: skip
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode(), f"multipart/form-data; boundary={BOUNDARY}"


Check = Callable[[Request], Awaitable[object]]


async def test_a_form_sent_in_pieces_is_read_whole_with_its_token() -> None:
    request, taken = posted(*encoded({CSRF_FIELD: TOKEN, "title": "关于某事的通知", "comment": "同意" * 500}))
    form = await checked_form(request, WHO)
    assert (form["title"], form["comment"]) == ("关于某事的通知", "同意" * 500) and len(taken) > 1

    content = "各科室：现将有关事项通知如下。".encode() * 2000
    request, taken = posted(*multipart({CSRF_FIELD: TOKEN, "attribute": "proactive"}, "通知.txt", content))
    form = await checked_form(request, WHO)
    upload = form["file"]
    assert isinstance(upload, UploadFile) and upload.filename == "通知.txt" and await upload.read() == content
    assert form["attribute"] == "proactive" and len(taken) > 1


@pytest.mark.parametrize("declared", [True, False], ids=["says its length", "does not say"])
async def test_a_form_past_its_limit_is_refused_at_the_first_piece_past_it(declared: bool) -> None:
    body, content_type = multipart({CSRF_FIELD: TOKEN}, "大文件.txt", b"x" * 100_000)
    request, taken = posted(body, content_type, piece=10_000, declared=declared)
    with pytest.raises(TooLarge, match="上限"):
        await checked_form(request, WHO, limit=25_000)
    assert taken == ([] if declared else [10_000, 10_000, 10_000])  # the third piece passes 25,000 bytes


@pytest.mark.parametrize("fields", [{}, {CSRF_FIELD: ""}, {CSRF_FIELD: "另一个会话的令牌" * 5}])
async def test_a_form_without_its_sessions_token_is_refused(fields: dict[str, str]) -> None:
    request, _ = posted(*encoded({**fields, "title": "通知"}))
    with pytest.raises(CsrfRefused, match="CSRF"):
        await checked_form(request, WHO)
