"""The disclosure-request flows against a real Prefect server and a real database: runs and audit linked both
ways, personal data kept out of Prefect and the audit trail, refusals run once, counts per applicant and item."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.sorting import TaskRunSort
from pydantic import SecretStr
from sqlalchemy.exc import OperationalError

import tasks.requests
from app.home.settings import Settings
from flows.disclosure_requests import (
    consultation_answered,
    extend_request,
    for_request,
    register_request,
    reply_to_request,
    request_correction,
    start_consultation,
)
from policies.errors import Conflict, NotFound, PolicyRefusal
from policies.request_codes import ApplicantType, Channel
from policies.request_lifecycle import RequestState
from policies.request_results import parse_result
from storage.models import Document
from storage.read.requests import request_detail, request_list
from storage.uow import UnitOfWork
from tasks import context
from tasks.requests import Application

pytestmark = pytest.mark.anyio

CONTACT = "13800138000 北京市某区某路1号"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def application(
    applicant: str = "王某某",
    subject: str = "某某项目的环评批复",
    received_on: date = date(2026, 9, 28),
    documents: tuple[int, ...] = (),
    contact: str | None = CONTACT,
) -> Application:
    return Application(
        applicant=SecretStr(applicant),
        applicant_type=ApplicantType.NATURAL,
        channel=Channel.POST,
        received_on=received_on,
        subject=SecretStr(subject),
        document_ids=documents,
        contact=SecretStr(contact) if contact else None,
    )


async def register(**kwargs: Any) -> int:
    received = application(**kwargs)
    step = await register_request("李审", received, received.received_on)
    return step.request_id


def show(request_id: int, today: date = date(2026, 10, 1), *, show_contact: bool = True) -> dict[str, Any]:
    with UnitOfWork(context.database(), readonly=True) as uow:
        return request_detail(uow, request_id, today=today, show_contact=show_contact).model_dump(mode="json")


def published_documents(count: int) -> list[int]:
    with UnitOfWork(context.database()) as uow:
        drafter = uow.users.get("王芳")
        ids = [
            uow.documents.add(Document(drafter_id=drafter.id or 0, title=f"公文{n}", state="published")).id or 0
            for n in range(count)
        ]
        uow.commit()
    return ids


async def test_every_run_is_tagged_with_its_request_and_keeps_personal_data_hidden(settings: Settings) -> None:
    request_id = await register()
    await for_request(request_id, start_consultation, actor="李审", party=SecretStr("赵某某"), today=date(2026, 9, 29))
    await for_request(request_id, consultation_answered, actor="李审", today=date(2026, 10, 9))
    audit = show(request_id)["audit"]

    run_ids = {event["flow_run_id"] for event in audit}
    assert None not in run_ids and len(run_ids) == 3
    async with get_client() as client:
        runs = [await client.read_flow_run(UUID(run_id)) for run_id in sorted(run_ids)]
        task_runs = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id for run in runs])),
            limit=10,
            sort=TaskRunSort.EXPECTED_START_TIME_DESC,
        )
    assert all(f"request:{request_id}" in run.tags for run in runs)
    assert len(task_runs) == 3 and all(task_run.tags == [] for task_run in task_runs)  # no concurrency round trips
    stored = json.dumps([run.parameters for run in runs], ensure_ascii=False)
    assert "**********" in stored
    for personal in ("王某某", "13800138000", "环评批复", "赵某某"):
        assert personal not in stored
        assert personal not in json.dumps(audit, ensure_ascii=False)


async def test_the_contact_is_stored_with_the_request_and_shown_to_reviewers_only(settings: Settings) -> None:
    request_id = await register()

    assert show(request_id)["contact"] == CONTACT
    assert show(request_id, show_contact=False)["contact"] is None
    assert show(request_id)["receipt_rule"] == "以行政机关签收之日为收到申请之日"


async def test_a_refused_step_runs_once_and_leaves_no_trace(settings: Settings) -> None:
    request_id = await register()
    before = show(request_id)

    with pytest.raises(PolicyRefusal, match="7个工作日内"):
        await for_request(request_id, request_correction, actor="李审", today=date(2026, 10, 14))
    state = await request_correction(request_id, "李审", date(2026, 10, 14), return_state=True)
    assert state.is_failed() and state.state_details.flow_run_id is not None
    async with get_client() as client:
        [task_run] = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[state.state_details.flow_run_id])),
            limit=10,
            sort=TaskRunSort.EXPECTED_START_TIME_DESC,
        )
    assert task_run.run_count == 1 and task_run.state is not None and task_run.state.is_failed()
    after = show(request_id)
    assert (after["version"], after["deadlines"], after["audit"]) == (
        before["version"],
        before["deadlines"],
        before["audit"],
    )


async def test_a_step_on_a_stale_version_is_a_conflict_and_changes_nothing(settings: Settings) -> None:
    request_id = await register()
    before = show(request_id)
    stale = before["version"] - 1
    with pytest.raises(Conflict, match="已被他人修改"):
        await for_request(request_id, extend_request, actor="李审", reason="需要调取档案", today=date(2026, 10, 14),
                          expected_version=stale)  # fmt: skip
    after = show(request_id)
    assert (after["version"], after["deadlines"], after["audit"]) == (
        before["version"], before["deadlines"], before["audit"],
    )  # fmt: skip
    await for_request(request_id, extend_request, actor="李审", reason="需要调取档案", today=date(2026, 10, 14),
                      expected_version=before["version"])  # fmt: skip
    assert show(request_id)["version"] == before["version"] + 1


async def test_a_request_for_an_unknown_document_is_not_registered(settings: Settings) -> None:
    with pytest.raises(NotFound, match="4242"):
        await register(documents=(4242,))
    with UnitOfWork(context.database(), readonly=True) as uow:
        assert uow.requests.list() == []


async def test_a_document_asked_for_by_three_distinct_applicants_is_often_requested(settings: Settings) -> None:
    wanted, other = published_documents(2)
    ids = [
        await register(applicant=name, subject=f"第{n}种说法", documents=(wanted,))
        for n, name in enumerate(("甲", "乙", "甲", "丙"))
    ]
    unrelated = await register(applicant="丁", documents=(other,))

    flagged = show(ids[0])["often_requested"]
    assert flagged["flagged"] is True
    assert flagged["items"] == [{"document": wanted, "title": "公文0", "applicants": 3}]
    assert show(unrelated)["often_requested"]["flagged"] is False
    with UnitOfWork(context.database(), readonly=True) as uow:
        listed = request_list(uow, today=date(2026, 10, 1), state=None, often_requested=True)
    assert [row.id for row in listed] == ids


async def test_more_than_ten_applications_in_a_month_are_flagged(settings: Settings) -> None:
    ids = [await register(applicant="频繁申请人", received_on=date(2026, 9, day)) for day in range(1, 12)]
    await register(applicant="频繁申请人", received_on=date(2026, 10, 8))

    assert show(ids[-1])["applicant_month"] == {"month": "2026-09", "count": 11, "limit": 10, "over_limit": True}
    assert show(ids[-2])["applicant_month"]["over_limit"] is True


async def test_a_reply_meets_the_reply_deadline_and_records_the_report_row(settings: Settings) -> None:
    request_id = await register()

    step = await for_request(
        request_id,
        reply_to_request,
        actor="李审",
        result=parse_result("unavailable:not_held"),
        today=date(2026, 10, 9),
    )
    replied = show(request_id)
    assert step.state is RequestState.REPLIED
    assert replied["reply"] | {"label": None} == {
        "result": "unavailable:not_held",
        "label": None,
        "replied_on": "2026-10-09",
        "late": False,
        "grounds": [],
        "named_grounds": [],
        "withheld_part": None,
        "reason": None,
        "report_row": "unavailable.1",
    }
    [reply_due] = replied["deadlines"]
    assert (reply_due["met_on"], reply_due["overdue"]) == ("2026-10-09", False)
    assert (reply_due["status"], reply_due["working_days_late"], reply_due["superseded_by"]) == ("met", None, None)


async def test_a_database_failure_is_retried_and_the_step_then_done_once(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    request_id = await register()
    opened: list[date | None] = []

    def flaky(today: date | None = None) -> UnitOfWork:
        opened.append(today)
        if len(opened) == 1:
            raise OperationalError("BEGIN", {}, Exception("database is locked"))
        return context.unit_of_work(today)

    monkeypatch.setattr(tasks.requests, "unit_of_work", flaky)
    step = await for_request(request_id, extend_request, actor="李审", reason="需调取档案", today=date(2026, 10, 20))

    assert len(opened) == 2 and step.state is RequestState.RECEIVED
    assert [e["action"] for e in show(request_id)["audit"]].count("extend") == 1
