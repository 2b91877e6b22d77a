"""Who sees and does what through the API, on a real Prefect test server: drafters see their own department's
documents only (others are 404 on every document endpoint, as if missing), supervisors change nothing, only the
home's local token may move the clock, and no id — beyond 64 bits, zero, negative — makes a 500."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.convertors import IntegerConvertor

from app.home import admin
from app.home.runtime import Runtime
from app.home.settings import Settings
from app.stack.supervisor import local_token
from app.web.app import create_app
from tests.fixtures_docs import SAMPLE_NOTICE

TODAY = "2026-09-02"
CONTENT = base64.b64encode(SAMPLE_NOTICE.encode()).decode()
NOTICE = {"filename": "通知.txt", "content": CONTENT, "attribute": "proactive"}
FILE = {"filename": "新版.txt", "content": CONTENT}
CHANGES: dict[str, dict[str, Any]] = {
    "attribute": {"attribute": "proactive"},
    "metadata": {"title": "改过的标题"},
    "review": {"decision": "approve"},
    "resubmit": FILE,
    "sign": {},
    "publish": {},
    "interpret": {**FILE, "form": "text"},
    "amend": FILE,
    "withdraw": {"reason": "内容有误"},
}
"""Every change under /api/documents/{id}/…, each with a body it would accept."""


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    runtime = Runtime(settings=settings)
    for name, dept in (("甲拟", "办公室"), ("乙拟", "办公室"), ("丙拟", "财务科")):
        admin.add_user(runtime, name=name, role="drafter", department=dept)
    runtime.database.dispose()
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.runtime.database.dispose()


def local(settings: Settings, user: str | None = None, **headers: str) -> dict[str, str]:
    as_user = {"X-Gongkai-As": quote(user)} if user else {}
    return {"Authorization": f"Local {local_token(settings.home)}", "X-Gongkai-Today": TODAY, **as_user, **headers}


def bearer(settings: Settings, user: str) -> dict[str, str]:
    runtime = Runtime(settings=settings)
    token = admin.issue_token(runtime, name=user)["token"]
    runtime.database.dispose()
    return {"Authorization": f"Bearer {token}"}


def submit(client: TestClient, settings: Settings, drafter: str) -> dict[str, Any]:
    response = client.post("/api/documents", json=NOTICE, headers=local(settings, drafter))
    assert response.status_code == 201, response.text
    detail: dict[str, Any] = response.json()
    return detail


def state_of(client: TestClient, settings: Settings, document_id: int) -> tuple[str, int, int]:
    detail = client.get(f"/api/documents/{document_id}", headers=local(settings)).json()
    return detail["state"], detail["version"], len(detail["audit"])


def test_a_reviewers_own_token_cannot_move_the_clock(client: TestClient, settings: Settings) -> None:
    document = submit(client, settings, "王芳")
    path = f"/api/documents/{document['id']}"
    approved = client.post(f"{path}/review", json={"decision": "approve"}, headers=local(settings, "李审"))
    assert approved.status_code == 200
    assert client.post(f"{path}/sign", headers=local(settings, "张签")).status_code == 200
    before = state_of(client, settings, document["id"])
    token = bearer(settings, "李审")
    response = client.post(f"{path}/publish", headers={**token, "X-Gongkai-Today": "2020-01-01"})
    assert response.status_code == 400 and "X-Gongkai-Today" in response.json()["error"]
    assert "\n" not in response.json()["error"]
    assert state_of(client, settings, document["id"]) == before == ("signed", before[1], before[2])
    assert client.get(path, headers={**token, "X-Gongkai-Today": "2020-01-01"}).status_code == 400
    published = client.post(f"{path}/publish", headers=token)  # the same token without the header is heard
    assert published.status_code == 200 and published.json()["state"] == "published"
    assert published.json()["metadata"]["published_on"] != "2020-01-01"


def test_a_drafter_sees_only_their_departments_documents(client: TestClient, settings: Settings) -> None:
    mine, colleagues, elsewhere = (submit(client, settings, name)["id"] for name in ("甲拟", "乙拟", "丙拟"))
    listed = {d["id"] for d in client.get("/api/documents", headers=local(settings, "甲拟")).json()}
    assert {mine, colleagues} <= listed and elsewhere not in listed
    assert client.get(f"/api/documents/{colleagues}", headers=local(settings, "甲拟")).status_code == 200
    refused = client.get(f"/api/documents/{elsewhere}", headers=local(settings, "甲拟"))
    missing = client.get("/api/documents/999999", headers=local(settings, "甲拟"))
    assert refused.status_code == missing.status_code == 404
    assert refused.json()["error"] == f"公文 {elsewhere} 不存在"  # said as of a missing one: nothing leaks
    for role_user in ("李审", "张签", "周督"):  # the organisation-wide roles see all three
        seen = {d["id"] for d in client.get("/api/documents", headers=local(settings, role_user)).json()}
        assert {mine, colleagues, elsewhere} <= seen


def test_a_drafter_without_a_department_sees_only_their_own(client: TestClient, settings: Settings) -> None:
    own, other = submit(client, settings, "王芳")["id"], submit(client, settings, "赵拟")["id"]
    listed = {d["id"] for d in client.get("/api/documents", headers=local(settings, "王芳")).json()}
    assert own in listed and other not in listed
    assert client.get(f"/api/documents/{other}", headers=local(settings, "王芳")).status_code == 404


@pytest.mark.parametrize("action", sorted(CHANGES))
def test_a_drafter_cannot_change_another_departments_document(
    client: TestClient, settings: Settings, action: str
) -> None:
    elsewhere = submit(client, settings, "丙拟")["id"]
    before = state_of(client, settings, elsewhere)
    url = f"/api/documents/{elsewhere}/{action}"
    response = client.post(url, json=CHANGES[action], headers=local(settings, "甲拟"))
    assert response.status_code == 404 and response.json()["exit_code"] == 4
    assert state_of(client, settings, elsewhere) == before


def test_only_the_drafter_checks_the_metadata_a_colleague_of_the_department_only_sees_it(
    client: TestClient, settings: Settings
) -> None:
    document = submit(client, settings, "甲拟")["id"]
    before = state_of(client, settings, document)
    path = f"/api/documents/{document}/metadata"
    refused = client.post(path, json={"title": "改过的标题"}, headers=local(settings, "乙拟"))
    assert refused.status_code == 403 and refused.json()["error"] == "只有本公文的拟稿人才能核对元数据"
    assert state_of(client, settings, document) == before
    checked = client.post(path, json={"title": "改过的标题"}, headers=local(settings, "甲拟"))
    assert checked.status_code == 200 and checked.json()["title"] == "改过的标题"


@pytest.mark.parametrize("action", sorted(CHANGES))
def test_a_supervisor_changes_nothing(client: TestClient, settings: Settings, action: str) -> None:
    document = submit(client, settings, "王芳")["id"]
    before = state_of(client, settings, document)
    response = client.post(f"/api/documents/{document}/{action}", json=CHANGES[action], headers=local(settings, "周督"))
    assert response.status_code in (400, 403) and response.json()["exit_code"] in (2, 3)
    assert state_of(client, settings, document) == before
    refused = client.post("/api/requests", headers=local(settings, "周督"), json={
        "applicant": "张三", "applicant_type": "natural", "received": TODAY, "subject": "名单"})  # fmt: skip
    assert refused.status_code == 403


BAD_IDS = (2**64, 2**63, 10**30, 0, -1)


def api_routes(routes: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    """Every APIRoute under these routes with its full path (FastAPI 0.154 keeps included routers as branches)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path_format, route
        elif hasattr(route, "original_router"):
            yield from api_routes(route.original_router.routes, prefix + route.include_context.prefix)


def id_routes(client: TestClient) -> list[tuple[str, str, list[str]]]:
    """Every route of the app with an integer in its path: (method, path, names of its id parameters)."""
    found = []
    for path, route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        names = [p.name for p in route.dependant.path_params if p.field_info.annotation is int]
        convertors = [n for n, c in route.param_convertors.items() if isinstance(c, IntegerConvertor)]
        if names or convertors:
            found += [(method, path, names or convertors) for method in sorted(route.methods)]
    return found


def test_every_route_with_an_id_is_covered(client: TestClient) -> None:
    paths = {path for _method, path, _names in id_routes(client)}
    assert {"/api/documents/{document_id}", "/api/requests/{request_id}", "/api/documents/{document_id}/publish",
            "/api/documents/{document_id}/metadata", "/public/documents/{document_id}.html"} <= paths  # fmt: skip


@pytest.mark.parametrize("bad", BAD_IDS)
def test_no_id_makes_a_500_on_any_route(client: TestClient, settings: Settings, bad: int) -> None:
    for method, path, names in id_routes(client):
        url = path
        for name in names:
            url = url.replace("{" + name + "}", str(bad))
        for headers in (local(settings, "李审"), local(settings)):
            response = client.request(method, url, json={}, headers=headers)
            # a role refused the route altogether (a reviewer removing a reminder URL) may hear so first
            assert response.status_code in (400, 403, 404), (method, url, response.status_code, response.text)
            if url.startswith("/api"):
                assert response.json()["exit_code"] in (2, 3, 4)


@pytest.mark.parametrize("bad", [2**64, 0, -3])
def test_an_id_in_a_body_beyond_64_bits_is_bad_input(client: TestClient, settings: Settings, bad: int) -> None:
    body = {"applicant": "张三", "applicant_type": "natural", "received": TODAY, "subject": "名单", "documents": [bad]}
    response = client.post("/api/requests", json=body, headers=local(settings, "李审"))
    assert response.status_code == 400 and response.json()["exit_code"] == 2
    assert client.get("/api/requests", headers=local(settings, "李审")).json() == []
    review = client.post("/api/documents/1/review", json={"decision": "approve", "justify": {str(2**64): "理由"}},
                         headers=local(settings, "李审"))  # fmt: skip
    assert review.status_code in (400, 404)
