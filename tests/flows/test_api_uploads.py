"""Uploads through the API: who may send a file and to which document is checked before its body is read, the
body is read within its limit, and a refused upload leaves nothing behind in the file store.

Through FastAPI's TestClient on the flows' Prefect server and a fresh database.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.home.settings import Settings
from app.stack.supervisor import local_token
from app.web.app import create_app
from app.web.uploads import OPTIONS_ALLOWANCE
from tests.fixtures_docs import SAMPLE_NOTICE
from tests.hostile_files import shared_stream_pdf

TODAY = "2026-09-02"
MAX_UPLOAD = 3000


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """The web app on the test's database and Prefect server, with a 3000-byte upload limit."""
    app = create_app(dataclasses.replace(settings, max_upload_bytes=MAX_UPLOAD))
    with TestClient(app) as client:
        yield client
    app.state.runtime.database.dispose()


def acting_as(settings: Settings, user: str) -> dict[str, str]:
    """Headers for the home's local token acting as `user`."""
    token = local_token(settings.home)
    return {"Authorization": f"Local {token}", "X-Gongkai-As": quote(user), "X-Gongkai-Today": TODAY}


def stored_files(settings: Settings) -> list[Path]:
    """The files in the store."""
    return [path for path in (settings.home / "files").rglob("*") if path.is_file()]


def file_body(data: bytes, filename: str = "通知.txt", **options: object) -> dict[str, object]:
    return {"filename": filename, "content": base64.b64encode(data).decode(), **options}


def submit(client: TestClient, settings: Settings, data: bytes, **options: str) -> dict[str, object]:
    response = client.post("/api/documents", json=file_body(data, **options), headers=acting_as(settings, "王芳"))
    assert response.status_code == 201, response.text
    detail: dict[str, object] = response.json()
    return detail


def test_a_file_sent_to_a_document_that_does_not_exist_is_refused_before_its_body_is_read(
    client: TestClient, settings: Settings
) -> None:
    past_the_route_limit = b"{" + b" " * (OPTIONS_ALLOWANCE + 2 * MAX_UPLOAD)  # broken JSON, too large
    headers = acting_as(settings, "周督")
    for step in ("resubmit", "amend", "interpret"):
        response = client.post(f"/api/documents/9999/{step}", content=past_the_route_limit, headers=headers)
        assert response.status_code == 404, response.text
        assert response.json()["exit_code"] == 4
    assert stored_files(settings) == []


def test_a_role_that_may_not_submit_is_refused_before_its_body_is_read(client: TestClient, settings: Settings) -> None:
    response = client.post("/api/documents", content=b"not json", headers=acting_as(settings, "李审"))
    assert response.status_code == 403, response.text
    assert stored_files(settings) == []


def test_a_file_for_a_step_the_document_is_not_in_is_refused_before_its_body_is_read(
    client: TestClient, settings: Settings
) -> None:
    detail = submit(client, settings, SAMPLE_NOTICE.encode()[:MAX_UPLOAD], attribute="proactive")
    before = stored_files(settings)
    response = client.post(f"/api/documents/{detail['id']}/amend", content=b"{", headers=acting_as(settings, "王芳"))
    assert response.status_code == 403, response.text
    assert "不能在“审查中”状态下修改" in response.json()["error"]
    assert stored_files(settings) == before and len(before) == 1


def test_a_body_past_its_limit_is_refused_before_it_is_parsed(client: TestClient, settings: Settings) -> None:
    one_file = OPTIONS_ALLOWANCE + 4 * MAX_UPLOAD // 3
    returned = submit(client, settings, SAMPLE_NOTICE.encode()[:MAX_UPLOAD], attribute="proactive")
    reviewer = acting_as(settings, "李审")
    returning = {"decision": "return", "comment": "请修改"}
    client.post(f"/api/documents/{returned['id']}/review", json=returning, headers=reviewer)
    headers = acting_as(settings, "王芳")
    resubmitted = client.post(
        f"/api/documents/{returned['id']}/resubmit", content=b"{" + b" " * (one_file + 10), headers=headers
    )
    submitted = client.post("/api/documents", content=b"{" + b" " * (2 * one_file + 10), headers=headers)
    for response in (resubmitted, submitted):
        assert response.status_code == 413
        assert response.json() == {"error": "请求内容超过 1.0 MiB 上限", "exit_code": 2}


def test_a_body_without_a_length_is_cut_off_at_the_apps_limit(client: TestClient, settings: Settings) -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            sent.append(1)
            yield b" " * 64 * 1024

    response = client.post("/api/documents/1/attribute", content=chunks(), headers=acting_as(settings, "王芳"))
    assert response.status_code == 413 and response.json()["exit_code"] == 2
    assert "上限" in response.json()["error"]


def test_a_refused_file_leaves_nothing_in_the_store(client: TestClient, settings: Settings) -> None:
    headers = acting_as(settings, "王芳")
    refusals = [
        file_body(shared_stream_pdf(200, 200_000), "共享内容流.pdf"),  # within the size limit, past the budget
        file_body(b"x" * (MAX_UPLOAD + 1)),
        file_body("第一\x00行".encode()),
        file_body(b"\xd0\xcf\x11\xe0", "旧版.doc"),
        file_body(SAMPLE_NOTICE.encode()[:MAX_UPLOAD], kind="policy"),  # a policy document needs its plan
    ]
    statuses = [client.post("/api/documents", json=body, headers=headers).status_code for body in refusals]
    assert statuses == [400, 400, 400, 400, 403]
    assert stored_files(settings) == []
    assert client.get("/api/documents", headers=headers).json() == []


def test_a_title_with_escape_sequences_and_controls_is_stored_clean(client: TestClient, settings: Settings) -> None:
    detail = submit(
        client, settings, SAMPLE_NOTICE.encode()[:MAX_UPLOAD], title="\x1b[31m关于\x07招生\n工作的通知\x1b[0m"
    )
    assert detail["title"] == "关于招生 工作的通知"
