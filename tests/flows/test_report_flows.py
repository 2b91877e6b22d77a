"""The report flows against a real Prefect server: scheduled runs with no arguments leave artifacts, and the
reports' API — runs by supervisors, entries by the disclosure office only, bad input refused and nothing changed."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from prefect.client.orchestration import get_client
from sqlalchemy import select

from app.home.settings import Settings
from app.stack.supervisor import local_token
from flows.reports import annual_report, cycle_time_report
from storage.models import AuditEvent, ReportFigure, ReviewCase
from storage.uow import UnitOfWork
from tasks import context

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _artifacts(flow_run_id: UUID) -> dict[str, str]:
    """The run's artifacts by key and type (through the filter endpoint: PrefectClient.read_artifacts in 3.8.8
    sends null for the limit and the run filters, which the server refuses)."""
    body = {"artifacts": {"flow_run_id": {"any_": [str(flow_run_id)]}}, "limit": 50}
    async with get_client() as client:
        response = await client._client.post("/artifacts/filter", json=body)
    return {artifact["key"]: artifact["type"] for artifact in response.json()}


async def test_the_scheduled_annual_report_covers_last_year_and_leaves_artifacts(settings: Settings) -> None:
    state = await annual_report(return_state=True)
    report = await state.result()
    assert report.year == date.today().year - 1  # the flow's default: the year before today's
    assert report.table3.balanced and report.table3.new["total"] == 0
    artifacts = await _artifacts(state.state_details.flow_run_id)
    assert artifacts == {f"annual-report-{report.year}": "markdown", f"annual-report-{report.year}-table3": "table"}


async def test_the_weekly_cycle_time_report_covers_this_year_and_leaves_artifacts(settings: Settings) -> None:
    state = await cycle_time_report(return_state=True)
    report = await state.result()
    assert report.year == date.today().year and report.publication.count == 0
    artifacts = await _artifacts(state.state_details.flow_run_id)
    assert artifacts == {f"cycle-times-{report.year}": "markdown", f"cycle-times-{report.year}-table": "table"}


def _as(settings: Settings, user: str, today: str = "2027-01-04") -> dict[str, str]:
    return {
        "Authorization": f"Local {local_token(settings.home)}",
        "X-Gongkai-As": quote(user),
        "X-Gongkai-Today": today,
    }


def _new_request(client: TestClient, settings: Settings, received: str, kind: str = "natural") -> int:
    body = {"applicant": "张三", "applicant_type": kind, "received": received, "subject": "某项目环评报告"}
    response = client.post("/api/requests", json=body, headers=_as(settings, "李审", received))
    assert response.status_code == 200, response.text
    request_id: int = response.json()["id"]
    return request_id


def _audit_actions() -> list[str]:
    with UnitOfWork(context.database(), readonly=True) as uow:
        return list(uow.session.exec(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())  # type: ignore[call-overload]


def test_the_annual_report_through_the_api(client: TestClient, settings: Settings) -> None:
    first = _new_request(client, settings, "2026-03-02")
    _new_request(client, settings, "2026-12-28", "business")
    reply = client.post(
        f"/api/requests/{first}/reply", json={"result": "disclosed"}, headers=_as(settings, "李审", "2026-03-10")
    )
    assert reply.status_code == 200, reply.text

    added = client.post("/api/cases", json={"request_id": first, "kind": "行政复议", "filed": "2026-04-01"},
                        headers=_as(settings, "李审"))  # fmt: skip
    assert added.status_code == 200, added.text
    case_id = added.json()["id"]
    decided = client.post(f"/api/cases/{case_id}/decision", json={"result": "维持", "decided": "2026-06-01"},
                          headers=_as(settings, "李审"))  # fmt: skip
    assert decided.json()["result"] == "upheld"
    again = client.post(f"/api/cases/{case_id}/decision", json={"result": "corrected"}, headers=_as(settings, "李审"))
    assert again.status_code == 403 and again.json()["exit_code"] == 3
    figure = client.put(
        "/api/reports/annual/2026/figures/licensing", json={"value": "37"}, headers=_as(settings, "李审")
    )
    assert figure.status_code == 200, figure.text

    report = client.get("/api/reports/annual?year=2026", headers=_as(settings, "周督")).json()
    t3 = report["table3"]
    assert (t3["new"]["natural"], t3["new"]["business"], t3["new"]["total"]) == (1, 1, 2)
    assert t3["results"]["disclosed"] == {"natural": 1, "business": 0, "research": 0, "nonprofit": 0, "legal": 0,
                                           "other": 0, "total": 1}  # fmt: skip
    assert (t3["results_total"]["total"], t3["carried_out"]["total"], t3["carried_in"]["total"]) == (1, 1, 0)
    assert report["table4"]["reconsideration"]["upheld"] == 1
    licensing = next(row for row in report["table2"] if row["item"] == "licensing")
    assert (licensing["value"], licensing["source"], licensing["entered_by"]) == (37, "手工填报", "李审")
    assert {"case_recorded", "case_decided", "report_figure_set"} <= set(_audit_actions())


def test_supervisors_run_reports_and_change_nothing(client: TestClient, settings: Settings) -> None:
    request_id = _new_request(client, settings, "2026-03-02")
    before = _audit_actions()
    refused = [
        client.post("/api/cases", json={"request_id": request_id, "kind": "reconsideration", "filed": "2026-04-01"},
                    headers=_as(settings, "周督")),
        client.put("/api/reports/annual/2026/figures/fees", json={"value": "1.5"}, headers=_as(settings, "周督")),
        client.put("/api/reports/annual/2026/sections/五", json={"text": "问题"}, headers=_as(settings, "周督")),
    ]  # fmt: skip
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert client.get("/api/reports/cycle-times?year=2026", headers=_as(settings, "周督")).status_code == 200
    assert client.get("/api/reports/annual?year=2026", headers=_as(settings, "王芳")).status_code == 403
    assert _audit_actions() == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/reports/annual/2026/figures/licensing", {"value": "三十"}),
        ("/api/reports/annual/2026/figures/licensing", {"value": "2.5"}),
        ("/api/reports/annual/2026/figures/fees", {"value": "-1"}),
        ("/api/reports/annual/2026/figures/nonsense", {"value": "1"}),
        ("/api/reports/annual/2030/figures/licensing", {"value": "1"}),
        ("/api/reports/annual/2026/sections/二", {"text": "表格部分不能手写"}),
        ("/api/reports/annual/2026/sections/overview", {"text": "   "}),
    ],
)
def test_bad_entries_are_refused_and_change_nothing(
    client: TestClient, settings: Settings, path: str, body: dict[str, str]
) -> None:
    response = client.put(path, json=body, headers=_as(settings, "李审"))
    assert response.status_code == 400 and response.json()["exit_code"] == 2, response.text
    with UnitOfWork(context.database(), readonly=True) as uow:
        assert uow.session.exec(select(ReportFigure)).all() == []  # type: ignore[call-overload]


def test_a_case_cannot_be_filed_before_its_request_or_for_a_missing_one(client: TestClient, settings: Settings) -> None:
    request_id = _new_request(client, settings, "2026-03-02")
    body = {"request_id": request_id, "kind": "litigation_direct", "filed": "2026-03-01"}
    early = client.post("/api/cases", json=body, headers=_as(settings, "李审"))
    missing = client.post("/api/cases", json={"request_id": 999, "kind": "litigation_direct", "filed": "2026-04-01"},
                          headers=_as(settings, "李审"))  # fmt: skip
    unknown = client.post("/api/cases", json={"request_id": request_id, "kind": "appeal", "filed": "2026-04-01"},
                          headers=_as(settings, "李审"))  # fmt: skip
    assert [early.status_code, missing.status_code, unknown.status_code] == [400, 404, 400]
    with UnitOfWork(context.database(), readonly=True) as uow:
        assert uow.session.exec(select(ReviewCase)).all() == []  # type: ignore[call-overload]
