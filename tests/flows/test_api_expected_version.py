"""The API's optimistic version check: a change sent with a stale If-Match is a conflict (409, exit code 5).

Through FastAPI's TestClient on the flows' Prefect server and a fresh database.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

from fastapi.testclient import TestClient

from app.home.settings import Settings
from app.stack.supervisor import local_token
from tests.fixtures_docs import SAMPLE_NOTICE

TODAY = "2026-09-02"


def acting_as(settings: Settings, user: str, **headers: str) -> dict[str, str]:
    """Headers for the home's local token acting as `user`, on a day within every deadline."""
    token = local_token(settings.home)
    return {"Authorization": f"Local {token}", "X-Gongkai-As": quote(user), "X-Gongkai-Today": TODAY, **headers}


def submitted(client: TestClient, settings: Settings) -> dict[str, object]:
    """A proactive notice, submitted and under review."""
    body = {
        "filename": "通知.txt",
        "content": base64.b64encode(SAMPLE_NOTICE.encode()).decode(),
        "attribute": "proactive",
    }
    response = client.post("/api/documents", json=body, headers=acting_as(settings, "王芳"))
    assert response.status_code == 201, response.text
    detail: dict[str, object] = response.json()
    return detail


def test_a_change_with_the_current_version_goes_through(client: TestClient, settings: Settings) -> None:
    detail = submitted(client, settings)
    headers = acting_as(settings, "李审", **{"If-Match": str(detail["version"])})
    response = client.post(f"/api/documents/{detail['id']}/review", json={"decision": "approve"}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "approved"


def test_an_if_match_that_is_not_a_version_is_bad_input(client: TestClient, settings: Settings) -> None:
    detail = submitted(client, settings)
    headers = acting_as(settings, "李审", **{"If-Match": "yesterday"})
    response = client.post(f"/api/documents/{detail['id']}/review", json={"decision": "approve"}, headers=headers)
    assert response.status_code == 400 and response.json()["exit_code"] == 2
    assert client.get(f"/api/documents/{detail['id']}", headers=headers).json()["state"] == "under_review"


def test_a_document_change_with_a_stale_if_match_is_a_conflict(client: TestClient, settings: Settings) -> None:
    detail = submitted(client, settings)
    stale = int(str(detail["version"])) - 1
    headers = acting_as(settings, "李审", **{"If-Match": f'"{stale}"'})
    response = client.post(f"/api/documents/{detail['id']}/review", json={"decision": "approve"}, headers=headers)
    assert response.status_code == 409, response.text
    assert response.json()["exit_code"] == 5 and "已被他人修改" in response.json()["error"]
    after = client.get(f"/api/documents/{detail['id']}", headers=acting_as(settings, "李审")).json()
    assert (after["state"], after["version"]) == ("under_review", detail["version"])


def test_a_request_step_with_a_stale_if_match_is_a_conflict(client: TestClient, settings: Settings) -> None:
    application = {"applicant": "张三", "applicant_type": "natural", "received": "2026-09-01", "subject": "学校名单"}
    registered = client.post("/api/requests", json=application, headers=acting_as(settings, "李审")).json()
    headers = acting_as(settings, "李审", **{"If-Match": str(registered["version"] + 1)})
    response = client.post(f"/api/requests/{registered['id']}/extend", json={"reason": "需要调查"}, headers=headers)
    assert response.status_code == 409, response.text
    assert response.json()["exit_code"] == 5
    after = client.get(f"/api/requests/{registered['id']}", headers=acting_as(settings, "李审")).json()
    assert (after["state"], after["version"]) == (registered["state"], registered["version"])
