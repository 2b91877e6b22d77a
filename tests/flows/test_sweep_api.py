"""The sweep and the reminder URLs over HTTP: who may do what, the day the sweep runs as of, URLs masked.

Through FastAPI's TestClient on the flows' Prefect server and a fresh database.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.home.settings import Settings
from app.stack.supervisor import local_token
from app.web.app import create_app
from storage.uow import UnitOfWork
from tasks import context

SECRET_URL = "mailto://office:pa55w0rd@mail.example.gov.cn?to=gkb@example.gov.cn"


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with UnitOfWork(context.database()) as uow:
        uow.users.add(name="管理员", role="admin")
        uow.commit()
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.runtime.database.dispose()


def local(settings: Settings, user: str | None = None, today: str = "2026-11-15") -> dict[str, str]:
    headers = {"Authorization": f"Local {local_token(settings.home)}", "X-Gongkai-Today": today}
    return {**headers, "X-Gongkai-As": quote(user)} if user else headers


def test_only_an_administrator_manages_reminder_urls_and_sees_them_masked(
    client: TestClient, settings: Settings
) -> None:
    body = {"url": SECRET_URL, "dept": "城建科"}
    refused = client.post("/api/notify", json=body, headers=local(settings, "李审"))
    assert refused.status_code == 403
    added = client.post("/api/notify", json=body, headers=local(settings, "管理员"))
    assert added.status_code == 200, added.text
    assert added.json()["url"] == "mailto://office:***@mail.example.gov.cn?to=gkb@example.gov.cn"
    listed = client.get("/api/notify", headers=local(settings, "管理员")).json()
    assert [row["department"] for row in listed] == ["城建科"] and "pa55w0rd" not in str(listed)
    assert client.get("/api/notify", headers=local(settings, "周督")).status_code == 403
    bad = client.post("/api/notify", json={"url": "not a url"}, headers=local(settings, "管理员"))
    assert bad.status_code == 400
    target = added.json()["id"]
    assert client.delete(f"/api/notify/{target}", headers=local(settings, "管理员")).status_code == 200
    assert client.delete(f"/api/notify/{target}", headers=local(settings, "管理员")).status_code == 404
    assert client.get("/api/notify", headers=local(settings, "管理员")).json() == []


def test_the_office_or_the_home_runs_the_sweep_as_of_its_day(client: TestClient, settings: Settings) -> None:
    by_home = client.post("/api/sweep", headers=local(settings))
    assert by_home.status_code == 200, by_home.text
    assert by_home.json()["today"] == "2026-11-15" and not by_home.json()["working_day"]
    assert "不是工作日" in by_home.json()["message"]
    by_office = client.post("/api/sweep?within=5", headers=local(settings, "李审", today="2026-11-16"))
    assert by_office.json()["working_day"] and by_office.json()["within_working_days"] == 5
    assert client.post("/api/sweep", headers=local(settings, "王芳")).status_code == 403
    assert client.post("/api/sweep", headers=local(settings, "周督")).status_code == 403
    assert client.post("/api/sweep?within=-1", headers=local(settings)).status_code in (400, 422)
